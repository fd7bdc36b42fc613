import type { Handle } from '@sveltejs/kit';
import type { ProxyEnv } from '../env.ts';

/** Headers a reverse proxy adds with the client's address (de facto, RFC 7239, nginx's habit). */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

/**
 * The warning for a request that came through a proxy while adapter-node takes the TCP peer as
 * the client (ADDRESS_HEADER unset): every visitor then has the proxy's address, so the sign-in
 * throttle and the report limits per IP count the whole town as one client. Null when all is well.
 */
export function proxyWarning(headers: Headers, proxy: ProxyEnv): string | null {
	if (proxy.addressHeader) return null;
	const seen = FORWARDING_HEADERS.find((name) => headers.has(name));
	if (!seen) return null;
	const name =
		seen === 'x-forwarded-for'
			? 'X-Forwarded-For'
			: seen === 'forwarded'
				? 'Forwarded'
				: 'X-Real-IP';
	return (
		`Uwaga: żądania przychodzą z nagłówkiem ${name}, a zmienna ADDRESS_HEADER nie jest ustawiona — ` +
		'limity (logowanie, zgłoszenia) widzą adres serwera proxy zamiast klienta; ustaw ' +
		'ADDRESS_HEADER=X-Forwarded-For i XFF_DEPTH (README, „Behind a reverse proxy”). / ' +
		`Warning: requests carry ${name} but ADDRESS_HEADER is not set: rate limits see the ` +
		"proxy's IP, not the client's; set ADDRESS_HEADER=X-Forwarded-For and XFF_DEPTH (README, section Behind a reverse proxy)."
	);
}

/**
 * A handle that logs the proxy warning once, on the first request that shows it: adapter-node
 * reads ADDRESS_HEADER itself and the app cannot know it sits behind a proxy before a request.
 */
export function proxyCheck(proxy: () => ProxyEnv, log: (line: string) => void = console.warn) {
	let warned = false;
	const handle: Handle = ({ event, resolve }) => {
		if (!warned) {
			const warning = proxyWarning(event.request.headers, proxy());
			if (warning) {
				warned = true;
				log(warning);
			}
		}
		return resolve(event);
	};
	return handle;
}
