import * as m from '$lib/paraglide/messages';
import { stepFreeLabel } from '$lib/vocab/step-free';

// Labels of the activity pages that are not coded values (those are in $lib/vocab).

/** Step-free access of an activity's venue; "brak danych" when nobody has checked. */
export const venueAccessLabel = (value: string | null) =>
	stepFreeLabel(value, m.act_step_free_unknown);

/** "5 grudnia 2026, 17:00–19:30" in the page's language; from PostgreSQL's local strings. */
export function whenLabel(
	a: { date: string | null; start_time: string | null; end_time: string | null },
	locale: string
): string {
	if (!a.date) return m.act_when_unknown();
	const [y, mo, d] = a.date.split('-').map(Number);
	const day = new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		weekday: 'long',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(y, mo - 1, d)));
	const time = a.start_time ? (a.end_time ? `${a.start_time}–${a.end_time}` : a.start_time) : '';
	return time ? `${day}, ${time}` : day;
}
