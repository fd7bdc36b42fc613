import type { Locale } from '$lib/paraglide/runtime';

// Session times are entered and shown in the gmina's time zone, whatever the server's is.
const ZONE = 'Europe/Warsaw';

const LOCAL_INPUT = new Intl.DateTimeFormat('sv-SE', {
	timeZone: ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** 'YYYY-MM-DDTHH:MM' in Europe/Warsaw: the value of a datetime-local input. */
export function toLocalInput(date: Date): string {
	return LOCAL_INPUT.format(date).replace(' ', 'T');
}

/** A date and time for people, in Europe/Warsaw. */
export function formatWhen(iso: string, locale: Locale): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'pl-PL', {
		timeZone: ZONE,
		dateStyle: 'medium',
		timeStyle: 'short'
	}).format(new Date(iso));
}
