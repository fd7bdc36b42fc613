import { fail, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { diagnosis, diagnosisScopes, saveDiagnosis } from '$lib/server/diagnosis/queries';
import { parseScope } from '$lib/server/diagnosis/scope';
import type { DiagnosisScopes } from '$lib/diagnosis/types';
import type { DiagnosisStatus } from '$lib/vocab/diagnosis-status';
import { FreeText } from '$lib/text';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';
import { formText } from '$lib/server/forms/text';

// The narrative of diagnoses: staff read, editors write. The figures are
// computed live; only "Wnioski i rekomendacje" is stored (public.diagnoses, RLS).

const allSlugs = (s: DiagnosisScopes) => [
	s.gmina.slug,
	...s.solectwa.map((x) => x.slug),
	...s.villages.map((x) => x.slug)
];

export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const { locals, url } = event;
	const scopes = await locals.db((tx) => diagnosisScopes(tx, locals.region));
	const wanted = url.searchParams.get('obszar') ?? 'gmina';
	const slug = scopes && allSlugs(scopes).includes(wanted) ? wanted : 'gmina';
	const scope = parseScope(slug);
	const doc = scope && (await locals.db((tx) => diagnosis(tx, locals.region, scope)));
	return {
		scopes,
		slug,
		name: doc?.scope.name ?? slug,
		narrative: doc?.narrative ?? null,
		canEdit: can(user, 'edit_diagnoses')
	};
};

const Form = v.object({
	scope: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,90}$/)),
	body: v.optional(FreeText),
	confirm: v.optional(v.string())
});

async function act(event: RequestEvent, status: DiagnosisStatus | null) {
	requirePermission(event, 'edit_diagnoses');
	const { locals } = event;
	const form = await event.request.formData();
	const raw = Object.fromEntries(form);
	const values = {
		scope: formText(form, 'scope'),
		body: formText(form, 'body'),
		confirm: formText(form, 'confirm')
	};
	const parsed = v.safeParse(Form, raw);
	const bodyIssue = parsed.issues?.find((issue) => issue.path?.[0]?.key === 'body');
	if (bodyIssue) return fail(422, { values, errors: { body: bodyIssue.message } });
	const scopes = await locals.db((tx) => diagnosisScopes(tx, locals.region));
	if (!parsed.success || !scopes || !allSlugs(scopes).includes(parsed.output.scope))
		return fail(422, { values, errors: { scope: m.diag_err_scope() } });
	const body = parsed.output.body;
	if (body !== undefined && body.length > 20000)
		return fail(422, { values, errors: { body: m.diag_err_body() } });
	if (status !== null && parsed.output.confirm !== 'on')
		return fail(422, { values, errors: { confirm: m.diag_err_confirm() } });
	if (status === 'published' && (body ?? '') === '')
		return fail(422, { values, errors: { body: m.diag_err_empty() } });
	try {
		await locals.db((tx) =>
			saveDiagnosis(tx, locals.region, parsed.output.scope, body ?? null, status)
		);
	} catch (e) {
		if (sqlstateOf(e) === SQLSTATE.insufficientPrivilege)
			return fail(403, { values, errors: { form: m.diag_err_forbidden() } });
		throw e;
	}
	return { values, done: status ?? 'saved' };
}

export const actions = {
	save: (event) => act(event, null),
	publish: (event) => act(event, 'published'),
	unpublish: (event) => act(event, 'draft')
} satisfies Actions;
