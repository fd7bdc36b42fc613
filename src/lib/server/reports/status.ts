import type { Tx } from '../db/types.ts';
import { sha256 } from './tokens.ts';

export interface NeedStatusView {
	ref: string;
	status: string;
	title: string;
	kind: string;
	category: string;
	category_label: string;
	created_at: string;
	merged_into_ref: string | null;
	/** Village of the kept need when it is public, for a link to it on the map. */
	merged_into_village: string | null;
	/** Hidden after abuse reports or by an organizer, pending review. */
	hidden: boolean;
	timeline: { status: string; note: string | null; at: string }[];
	photo_url: string | null;
	/** What the reporter sent: their text and place, shown to them alone through the link. */
	description: string;
	lon: number;
	lat: number;
	locality: { name: string; slug: string } | null;
	/** Whether the need is public now: the status page then links to its public page. */
	public: boolean;
	/** Whether the need it was merged into is public (a link to its page). */
	merged_into_public: boolean | null;
	/**
	 * The reporter's own photo through their link (/zgloszenie/<token>/zdjecie), also before
	 * publication and when hidden on the public page, so they know it arrived.
	 */
	own_photo_url: string | null;
}

/** The stored key of the reporter's own photo, for the route that serves it through the link. */
export async function ownPhotoKey(tx: Tx, token: string): Promise<string | null> {
	if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
	const rows = await tx.query<{ v: string | null }>(
		"select private.need_status($1) ->> 'own_photo_key' as v",
		[sha256(token)]
	);
	return rows[0]?.v ?? null;
}

/** The reporter's view through their private link, or null for an unknown token. */
export async function needStatus(tx: Tx, token: string): Promise<NeedStatusView | null> {
	if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
	const rows = await tx.query<{
		v:
			| (Omit<NeedStatusView, 'photo_url' | 'own_photo_url'> & {
					photo_key: string | null;
					own_photo_key: string | null;
			  })
			| null;
	}>('select private.need_status($1) as v', [sha256(token)]);
	const found = rows[0]?.v;
	if (!found) return null;
	const { photo_key, own_photo_key, ...rest } = found;
	return {
		...rest,
		photo_url: photo_key ? `/media/${photo_key}` : null,
		own_photo_url: own_photo_key ? `/zgloszenie/${token}/zdjecie` : null
	};
}
