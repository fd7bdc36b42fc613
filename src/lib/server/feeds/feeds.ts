import type { RequestEvent } from '@sveltejs/kit';
import * as m from '../../paraglide/messages.js';
import { getLocale, localizeUrl } from '../../paraglide/runtime.js';
import { categoryName } from '../../vocab/categories.ts';
import { activityStatusLabel } from '../../vocab/activity-status.ts';
import { needKindLabel } from '../../vocab/need-kind.ts';
import { needStatusLabel } from '../../vocab/need-status.ts';
import { value } from '../db/value.ts';
import type { Tx } from '../db/types.ts';
import { publicOrigin } from '../http/origin.ts';
import { writeAtom, type AtomEntry } from './atom.ts';

/** Entries per feed: readers poll, so the newest changes are enough. */
export const FEED_LIMIT = 50;

/** The first instant of the app's data: the `updated` of a feed with no entries yet. */
const EPOCH = new Date('2026-01-01T00:00:00Z');

interface FeedNeed {
	id: string;
	ref: string;
	kind: string;
	title: string;
	description: string;
	status: string;
	category: string;
	label_pl: string;
	label_en: string;
	locality: string | null;
	locality_slug: string | null;
	created_at: string;
	updated_at: string;
}

interface FeedActivity {
	id: string;
	title: string;
	description: string;
	status: string;
	kind: string;
	starts_at: string | null;
	locality: string | null;
	created_at: string;
	updated_at: string;
}

/** What the feed functions answer: the village's name (with a village filter) and the entries. */
interface Feed<T> {
	village: string | null;
	entries: T[];
}

/** How the feed's links are made: absolute URLs of app pages in the request's language. */
export interface FeedLinks {
	/** The absolute URL of an app page path (`/potrzeby/KR-2026-0001`). */
	page: (path: `/${string}`) => string;
	/** The feed's own absolute URL, query included. */
	self: string;
}

const author = () => `${m.app_name()} — ${m.app_region()}`;

/** One line of facts, then the description: what a feed reader shows as the entry's text. */
const summary = (facts: (string | null)[], description: string) =>
	[facts.filter(Boolean).join(' · '), description.trim()].filter(Boolean).join('\n\n');

/** The Atom feed of public needs and ideas (optionally of one village), newest change first. */
export async function needsAtom(
	tx: Tx,
	region: string,
	village: string | null,
	links: FeedLinks
): Promise<string> {
	const feed = await value<Feed<FeedNeed>>(tx, 'select public.needs_feed($1, $2, $3) as v', [
		region,
		village,
		FEED_LIMIT
	]);
	const entries: AtomEntry[] = feed.entries.map((n) => ({
		id: `urn:uuid:${n.id}`,
		title: `${n.ref}: ${n.title}`,
		updated: new Date(n.updated_at),
		published: new Date(n.created_at),
		link: links.page(`/potrzeby/${n.ref}`),
		summary: summary(
			[needKindLabel(n.kind), categoryName(n), n.locality, needStatusLabel(n.status)],
			n.description
		),
		categories: [{ term: n.category, label: categoryName(n) }]
	}));
	return writeAtom({
		...feedHead(links),
		title: feed.village
			? m.follow_feed_needs_village({ village: feed.village })
			: m.follow_feed_needs(),
		alternate: links.page('/'),
		entries
	});
}

/**
 * What every feed of the app says of itself: its own address as its id and self link (RFC 4287
 * §4.2.6, §4.2.7.2), the region as subtitle, the author, the language, and the date to use when
 * it has no entries yet.
 */
const feedHead = (links: FeedLinks) => ({
	id: links.self,
	self: links.self,
	subtitle: m.app_region(),
	author: author(),
	lang: getLocale(),
	fallbackUpdated: EPOCH
});

/** The Atom feed of published activities (optionally serving one village), newest change first. */
export async function activitiesAtom(
	tx: Tx,
	region: string,
	village: string | null,
	links: FeedLinks
): Promise<string> {
	const feed = await value<Feed<FeedActivity>>(
		tx,
		'select public.activities_feed($1, $2, $3) as v',
		[region, village, FEED_LIMIT]
	);
	const when = (iso: string | null) =>
		iso
			? new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'pl-PL', {
					dateStyle: 'long',
					timeStyle: 'short',
					timeZone: 'Europe/Warsaw'
				}).format(new Date(iso))
			: null;
	const entries: AtomEntry[] = feed.entries.map((a) => ({
		id: `urn:uuid:${a.id}`,
		title: a.title,
		updated: new Date(a.updated_at),
		published: new Date(a.created_at),
		link: links.page(`/dzialania/${a.id}`),
		summary: summary([when(a.starts_at), a.locality, activityStatusLabel(a.status)], a.description)
	}));
	return writeAtom({
		...feedHead(links),
		title: feed.village
			? m.follow_feed_activities_village({ village: feed.village })
			: m.follow_feed_activities(),
		alternate: links.page(village ? `/dzialania?wies=${village}` : '/dzialania'),
		entries
	});
}

/**
 * The links of a feed served for `event`: absolute URLs on the public origin, in the request's
 * language (Paraglide's URL strategy: `/en/…` for English), as the mailer makes its links.
 */
export function feedLinks(event: RequestEvent): FeedLinks {
	const origin = publicOrigin(event);
	const locale = getLocale();
	return {
		page: (path) => localizeUrl(new URL(path, `${origin}/`), { locale }).href,
		self: new URL(`${event.url.pathname}${event.url.search}`, `${origin}/`).href
	};
}
