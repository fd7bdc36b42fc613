import ical, { ICalEventStatus } from 'ical-generator';
import type { Activity } from '$lib/activities/types';

/** Host part of every UID: stable, so calendar apps update an event instead of duplicating it. */
export const UID_DOMAIN = 'mapa-zasobow.kramsk';

export interface FeedOptions {
	/** Absolute origin of the site, for each event's URL (the public detail page). */
	origin: string;
	name: string;
	description: string;
}

/**
 * The public iCalendar feed of published activities. Times are written in
 * UTC (DTSTART:…Z), which every calendar converts to its own zone; no VTIMEZONE needed.
 * Cancelled activities stay in the feed with STATUS:CANCELLED so subscribers see the change.
 * A subscriber's calendar replaces its copy of an event only when the new one has a higher
 * SEQUENCE (RFC 5545 §3.8.7.4): the database counts the revisions of an activity's time, place
 * and status. LAST-MODIFIED is the activity's last write; GEO (§3.8.1.6) is the venue's point.
 */
export function buildIcs(activities: readonly Activity[], options: FeedOptions): string {
	const calendar = ical({
		name: options.name,
		description: options.description,
		prodId: { company: 'CUS Kramsk', product: 'Mapa Zasobow i Potrzeb', language: 'PL' },
		url: `${options.origin}/dzialania`
	});
	for (const a of activities) {
		if (!a.starts_at) continue;
		const start = new Date(a.starts_at);
		// Without an end time the event is an hour long: a zero-length event hides in most apps.
		const end = a.ends_at ? new Date(a.ends_at) : new Date(start.getTime() + 60 * 60 * 1000);
		const venue = a.venue ? [a.venue.name, a.venue.address].filter(Boolean).join(', ') : null;
		const title = venue ?? a.locality?.name ?? null;
		// With a venue, its point as GEO; a village's label point is not where anyone meets.
		const location =
			title && a.venue ? { title, geo: { lat: a.venue.lat, lon: a.venue.lon } } : title;
		const url = `${options.origin}/dzialania/${a.id}`;
		calendar.createEvent({
			id: `${a.id}@${UID_DOMAIN}`,
			start,
			end,
			stamp: new Date(a.updated_at),
			lastModified: new Date(a.updated_at),
			sequence: a.sequence,
			summary: a.title,
			description: [a.description, url].filter(Boolean).join('\n\n'),
			location,
			url,
			status:
				a.status === 'cancelled'
					? ICalEventStatus.CANCELLED
					: a.status === 'planned'
						? ICalEventStatus.TENTATIVE
						: ICalEventStatus.CONFIRMED
		});
	}
	return calendar.toString();
}
