import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { normalizeCode } from '$lib/live/types';
import { suppressCount } from '$lib/suppress';
import {
	consultationByCode,
	consultationPins,
	consultationSnapshot
} from '$lib/server/live/queries';
import { can } from '$lib/server/auth/permissions';
import { qrDataUrl, shortLink } from '$lib/server/live/qr';
import { regionSummary } from '$lib/server/region/queries';

// The projector view of a live consultation, public: question, QR code and short
// link, the map of public answers (then live through SSE) and, once closed, the frozen results.
export const load: PageServerLoad = async (event) => {
	const { locals, params } = event;
	const code = normalizeCode(params.code);
	if (!code) error(404, m.live_not_found());
	const data = await locals.db(async (tx) => ({
		consultation: await consultationByCode(tx, locals.region, code),
		region: await regionSummary(tx, locals.region),
		pins: await consultationPins(tx, code, null),
		snapshot: await consultationSnapshot(tx, code)
	}));
	if (!data.consultation) error(404, m.live_not_found());
	if (!data.region) error(503, m.api_region_missing());
	const link = shortLink(event, code);
	// The snapshot counts the session's public answers, each listed on the page: exact for all.
	const exact = can(locals.user, 'see_exact_figures');
	const snapshot = data.snapshot && {
		taken_at: data.snapshot.taken_at,
		total: suppressCount(data.snapshot.total, exact, 'public'),
		counts: data.snapshot.counts.map((c) => ({
			category: c.category,
			label: c.label,
			label_en: c.label_en,
			count: suppressCount(c.count, exact, 'public')
		}))
	};
	return {
		consultation: data.consultation,
		bounds: data.consultation.area?.bbox ?? data.region.bbox,
		// Closed: the frozen answers, so the page matches the minutes.
		pins: data.snapshot ? data.snapshot.answers : data.pins,
		snapshot,
		exact,
		link,
		qr: await qrDataUrl(link)
	};
};
