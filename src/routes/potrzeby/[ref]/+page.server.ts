import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { localizeCategoryLabels } from '$lib/server/category-labels';
import { commentsData } from '$lib/server/comments/action';
import { requestContext } from '$lib/server/guard/context';
import type { Tx } from '$lib/server/db/types';
import { deviceWriteRefusal, type DeviceWriteRefusal } from '$lib/server/guard/device-write';
import { NeedAbuseSchema, reportNeedAbuse } from '$lib/server/needs/abuse';
import { localityId, mergedNeedRef, needPage, parseNeedRef } from '$lib/server/needs/page';
import { formFields } from '$lib/server/reports/input';
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
				comments: await commentsData(tx, locals.region, need.ref),
				localityId: need.locality ? await localityId(tx, locals.region, need.locality.slug) : null
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
		localityId: found.localityId,
		// The share image changes with the data: its address carries the need's last change, so
		// a platform that cached an older card fetches the new one.
		imageUrl: new URL(
			`/potrzeby/${found.need.ref}/obraz.png?v=${Date.parse(found.need.updated_at) || 0}`,
			url.origin
		).href,
		photoUrl: found.need.photo ? `/media/${found.need.photo.storage_key}` : null
	};
};

/**
 * A write by this browser on the page's need, from a form without JavaScript: the same database
 * call as the JSON endpoint, for the browser's device cookie (issued by the page load).
 * SvelteKit's form-action origin check stands in for the endpoint's (OWASP CSRF Prevention Cheat
 * Sheet, "Verifying Origin"). The database's refusals come back as a status and a sentence.
 */
async function deviceFormWrite<T>(
	event: RequestEvent<{ ref: string }>,
	write: (tx: Tx, needId: string, ctx: string) => Promise<T>,
	messages: Parameters<typeof deviceWriteRefusal>[1]
): Promise<{ done: T } | { refused: Pick<DeviceWriteRefusal, 'status' | 'message'> }> {
	const ref = parseNeedRef(event.params.ref);
	if (!ref) error(404, m.need_page_not_found());
	const ctx = await requestContext(event, 'require');
	if (ctx.d === null) return { refused: { status: 403, message: m.votes_reload() } };
	try {
		const done = await event.locals.db(async (tx) => {
			const need = await needPage(tx, event.locals.region, ref);
			return need ? { result: await write(tx, need.id, JSON.stringify(ctx)) } : null;
		});
		if (!done) error(404, m.need_page_not_found());
		return { done: done.result };
	} catch (e) {
		const refused = deviceWriteRefusal(e, messages);
		if (!refused) throw e;
		return { refused };
	}
}

export const actions = {
	// "Popieram" without JavaScript (POST /api/needs/<id>/support with it).
	support: async (event) => {
		const on = (await event.request.formData()).get('on') !== '0';
		const answer = await deviceFormWrite(
			event,
			(tx, need, ctx) => setDeviceSupport(tx, need, ctx, on),
			{
				notPublic: m.api_not_public,
				rateLimited: (minutes) => m.votes_support_rate_limited({ minutes })
			}
		);
		if ('refused' in answer)
			return fail(answer.refused.status, { supportMessage: answer.refused.message });
		return { supported: answer.done.supported, supportCount: answer.done.support_count };
	},
	// "Zgłoś nadużycie" without JavaScript (POST /api/needs/<id>/abuse with it).
	abuse: async (event) => {
		const body = v.safeParse(NeedAbuseSchema, formFields(await event.request.formData()));
		if (!body.success) return fail(400, { abuseMessage: m.mod_abuse_bad_reason() });
		const answer = await deviceFormWrite(
			event,
			(tx, need, ctx) => reportNeedAbuse(tx, need, ctx, body.output.reason),
			{
				notPublic: m.mod_abuse_not_public,
				rateLimited: (minutes) => m.api_rate_limited({ minutes })
			}
		);
		if ('refused' in answer)
			return fail(answer.refused.status, { abuseMessage: answer.refused.message });
		return { abuseReported: true };
	}
} satisfies Actions;
