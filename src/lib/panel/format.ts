import { getLocale } from '$lib/paraglide/runtime';

/** Date and time in Warsaw, as staff read them in the panel. */
export function formatDateTime(value: string): string {
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) return value;
	return new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'pl-PL', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Warsaw'
	}).format(date);
}
