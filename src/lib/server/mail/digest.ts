import type { Database } from '../db/types.ts';

/** The calendar day in Warsaw of an instant, as YYYY-MM-DD (the gmina's day for digests). */
export const warsawDay = (at: Date) =>
	new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Warsaw',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(at);

/**
 * Queues the daily digests ("Powiadomienia z mojej wsi") of the day before `day` (YYYY-MM-DD,
 * Warsaw): private.build_digests considers each subscription once per day, so calling it again
 * the same day queues nothing. Answers how many digests were queued.
 */
export async function buildDigests(db: Database, day: string): Promise<number> {
	const rows = await db.asOwner((tx) =>
		tx.query<{ n: number }>('select private.build_digests($1::date) as n', [day])
	);
	return rows[0]?.n ?? 0;
}
