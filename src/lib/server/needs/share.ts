import * as m from '$lib/paraglide/messages';
import type { NeedPage } from '$lib/needs/types';
import { needKindLabel } from '$lib/vocab/need-kind';
import { needStatusLabel } from '$lib/vocab/need-status';
import { shareImagePng } from './share-image.ts';

/** The share image of a need page: kind and reference, title, village, status, the map. */
export function needShareImage(need: NeedPage): Promise<Uint8Array<ArrayBuffer>> {
	return shareImagePng({
		kicker: `${needKindLabel(need.kind)} ${need.ref}`,
		title: need.title,
		lines: [
			need.locality ? m.need_page_image_village({ name: need.locality.name }) : '',
			m.need_page_image_status({ status: needStatusLabel(need.status) }),
			m.need_page_image_supports({ count: String(need.support_count) })
		].filter(Boolean),
		footer: m.app_name(),
		map: need.map
	});
}
