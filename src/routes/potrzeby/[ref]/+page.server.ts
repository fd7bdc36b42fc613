import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { localizeCategoryLabels } from '$lib/server/category-labels';
import { commentsData } from '$lib/server/comments/action';
import { requestContext } from '$lib/server/guard/context';
import { deviceWriteRefusal } from '$lib/server/guard/device-write';
import { mergedNeedRef, needPage, parseNeedRef } from '$lib/server/needs/page';
import { setDeviceSupport } from '$lib/server/needs/support';

// The public page of a need or an idea, by its reference (for example KR-2026-0042). Read as the
// request's role under RLS: a need that is not public (new, hidden, rejected) is a 404; a merged
// one redirects permanently to the public need it was merged into (RFC 9110 §15.4.2), and a
// reference typed in lower case to its canonical spelling.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const ref = parseNeedRef(params.ref);
	if (!ref) error(404, m.need_page_not_found());
	const found = await locals.db(async (tx) => {
		const need = await needPage(tx, locals.region, ref);
		if (need)
			return {
				need: (await localizeCategoryLabels(tx, 'need', [need]))[0],
				comments: await commentsData(tx, locals.region, need.ref)
			};
		return { movedTo: await mergedNeedRef(tx, locals.region, ref) };
	});
	if ('movedTo' in found) {
		if (found.movedTo) redirect(301, route(`/potrzeby/${found.movedTo}`));
		error(404, m.need_page_not_found());
	}
	if (params.ref !== found.need.ref) redirect(301, route(`/potrzeby/${found.need.ref}`));
	return {
		need: found.need,
		comments: found.comments,
		// The share image changes with the data: its address carries the need's last change, so
		// a platform that cached an older card fetches the new one.
		imageUrl: new URL(
			`/potrzeby/${found.need.ref}/obraz.png?v=${Date.parse(found.need.updated_at) || 0}`,
			url.origin
		).href,
		photoUrl: found.need.photo ? `/media/${found.need.photo.storage_key}` : null
	};
};

export const actions = {
	// "Popieram" without JavaScript: the same database call as POST /api/needs/<id>/support, for
	// the browser's device cookie (issued by the page load). SvelteKit's form-action origin check
	// stands in for the endpoint's (OWASP CSRF Prevention Cheat Sheet, "Verifying Origin").
	support: async (event) => {
		const ref = parseNeedRef(event.params.ref);
		if (!ref) error(404, m.need_page_not_found());
		const form = await event.request.formData();
		const on = form.get('on') !== '0';
		const ctx = await requestContext(event, 'require');
		if (ctx.d === null) return fail(403, { supportMessage: m.votes_reload() });
		try {
			const result = await event.locals.db(async (tx) => {
				const need = await needPage(tx, event.locals.region, ref);
				if (!need) return null;
				return setDeviceSupport(tx, need.id, JSON.stringify(ctx), on);
			});
			if (!result) error(404, m.need_page_not_found());
			return { supported: result.supported, supportCount: result.support_count };
		} catch (e) {
			const refused = deviceWriteRefusal(e, {
				notPublic: m.api_not_public,
				rateLimited: (minutes) => m.votes_support_rate_limited({ minutes })
			});
			if (!refused) throw e;
			return fail(refused.status, { supportMessage: refused.message });
		}
	}
} satisfies Actions;
