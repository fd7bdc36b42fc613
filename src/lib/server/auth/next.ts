/**
 * Where to go after signing in: only a path on this site (an open redirect would let a phishing
 * link bounce through the login page).
 */
export function safeNext(value: string | null | undefined, fallback = '/panel'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
		return fallback;
	return value;
}
