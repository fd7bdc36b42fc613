import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { diagnosisScopes } from '$lib/server/diagnosis/queries';
import { parseScope } from '$lib/server/diagnosis/scope';
import { formOptions } from '$lib/server/activities/queries';
import { plan, plansIndex, savePlan, savePlanReport } from '$lib/server/plans/queries';
import { parseYear } from '$lib/server/plans/load';
import { readPlanForm, readReportForm } from '$lib/server/plans/form';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';
import type { DiagnosisScopes } from '$lib/diagnosis/types';
import type { DiagnosisStatus } from '$lib/vocab/diagnosis-status';

// Plans and their yearly reports, per year and scope (the diagnosis's scopes): staff read,
// editors write (RLS decides; the permission check in front says so in Polish). The figures are
// live; only the narratives, goals, targets and hand-entered figures are stored.

const allSlugs = (s: DiagnosisScopes | null) =>
	s ? [s.gmina.slug, ...s.solectwa.map((x) => x.slug), ...s.villages.map((x) => x.slug)] : [];

/** The current year in the gmina's time zone. */
const thisYear = () =>
	Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Warsaw' }).format());

/** The year and scope of the address (?rok=&obszar=), each defaulting to this year and the gmina. */
function chosen(url: URL, scopes: DiagnosisScopes | null) {
	const year = parseYear(url.searchParams.get('rok') ?? '') ?? thisYear();
	const wanted = url.searchParams.get('obszar') ?? 'gmina';
	const slug = allSlugs(scopes).includes(wanted) ? wanted : 'gmina';
	return { year, slug };
}

export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const { locals, url } = event;
	const scopes = await locals.db((tx) => diagnosisScopes(tx, locals.region));
	const { year, slug } = chosen(url, scopes);
	const scope = parseScope(slug);
	const { doc, plans, options } = await locals.db(async (tx) => ({
		doc: scope ? await plan(tx, locals.region, year, scope) : null,
		plans: await plansIndex(tx, locals.region),
		options: await formOptions(tx, locals.region, null)
	}));
	// Needs the goals may answer: open needs of the scope's villages, and those already chosen.
	const linked = new Set(doc?.goals.flatMap((g) => g.needs.map((n) => n.id)) ?? []);
	const inScope = new Set(doc?.scope.locality_ids ?? []);
	const needs = options.needs.filter(
		(n) => linked.has(n.id) || (n.locality_id !== null && inScope.has(n.locality_id))
	);
	for (const g of doc?.goals ?? [])
		for (const n of g.needs)
			if (!needs.some((x) => x.id === n.id)) needs.push({ ...n, locality_id: null });
	const names = new Map<string, string>(
		scopes
			? [scopes.gmina, ...scopes.solectwa, ...scopes.villages].map((s) => [s.slug, s.name])
			: []
	);
	return {
		scopes,
		year,
		slug,
		names: Object.fromEntries(names),
		years: [thisYear() - 1, thisYear(), thisYear() + 1],
		doc,
		plans,
		needs,
		canEdit: can(user, 'edit_plans')
	};
};

/** Saves the plan or its report; `status` publishes ('published') or withdraws ('draft'). */
async function act(event: RequestEvent, part: 'plan' | 'report', status: DiagnosisStatus | null) {
	requirePermission(event, 'edit_plans');
	const { locals, url } = event;
	const form = await event.request.formData();
	const scopes = await locals.db((tx) => diagnosisScopes(tx, locals.region));
	const { year, slug } = chosen(url, scopes);
	const read = part === 'plan' ? readPlanForm(form) : readReportForm(form);
	const { values, errors } = read;
	// A refused form: its values as typed and its errors, under the name of its part.
	const refuse = (code: number, found: Record<string, string>) =>
		part === 'plan'
			? fail(code, { values, planErrors: found })
			: fail(code, { values, reportErrors: found });
	if (status !== null && form.get('confirm') !== 'on') errors.confirm = m.diag_err_confirm();
	if (Object.keys(errors).length > 0) return refuse(422, errors);
	// Withdrawing posts only its tick: the stored text stays as it is ({} changes nothing).
	const input = status === 'draft' ? {} : read.input;
	try {
		await locals.db((tx) =>
			part === 'plan'
				? savePlan(tx, locals.region, year, slug, input, status)
				: savePlanReport(tx, locals.region, year, slug, input, status)
		);
	} catch (e) {
		const state = sqlstateOf(e);
		if (state === SQLSTATE.insufficientPrivilege)
			return refuse(403, { form: m.diag_err_forbidden() });
		if (state === SQLSTATE.notFound) return refuse(422, { form: m.plans_err_no_plan() });
		throw e;
	}
	return { done: status ?? 'saved' };
}

export const actions = {
	save: (event) => act(event, 'plan', null),
	publish: (event) => act(event, 'plan', 'published'),
	unpublish: (event) => act(event, 'plan', 'draft'),
	saveReport: (event) => act(event, 'report', null),
	publishReport: (event) => act(event, 'report', 'published'),
	unpublishReport: (event) => act(event, 'report', 'draft')
} satisfies Actions;
