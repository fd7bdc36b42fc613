import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { can, requirePermission, type Action } from '$lib/server/auth/permissions';
import {
	allocationInput,
	assemblyInput,
	formValues,
	fundRefusal,
	proposalInput,
	type Errors,
	type Values
} from '$lib/server/fund/input';
import { loadFund } from '$lib/server/fund/load';
import {
	deleteFundProposal,
	fundNeedChoices,
	saveFundAllocation,
	saveFundAssembly,
	saveFundProposal
} from '$lib/server/fund/queries';
import type { Tx } from '$lib/server/db/types';

// One sołectwo's village fund of a budget year in the panel: the admin enters its residents (Lm)
// and an override with its reason; organizers and admins draft the proposals from the needs of
// its villages and record the village assembly's decision. `?propozycja=<id>` picks the proposal
// the form edits, so a post without JavaScript comes back to the same one.

export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const { locals, params, url } = event;
	const fund = await loadFund(event, params.rok, params.solectwo);
	const solectwo = fund.solectwa[0];
	const choices = await locals.db((tx) => fundNeedChoices(tx, locals.region, solectwo.slug));
	const chosenId = Number(url.searchParams.get('propozycja'));
	const chosen = solectwo.allocation?.proposals.find((p) => p.id === chosenId) ?? null;
	return {
		fund,
		solectwo,
		choices,
		chosen,
		canEdit: can(user, 'edit_village_fund'),
		canAdmin: can(user, 'manage_area')
	};
};

type FormName = 'allocation' | 'assembly' | 'proposal' | 'delete';

/** One form's post: the permission, the checked input, the write under RLS, the refusal worded. */
async function act<I>(
	event: RequestEvent<{ rok: string; solectwo: string }>,
	form: FormName,
	action: Action,
	check: (values: Values) => { input?: I; errors: Errors },
	write: (tx: Tx, year: number, input: I) => Promise<unknown>,
	lists: string[] = []
) {
	requirePermission(event, action);
	const { locals, params } = event;
	const fund = await loadFund(event, params.rok, params.solectwo);
	const values = formValues(await event.request.formData(), lists);
	const { input, errors } = check(values);
	if (input === undefined) return fail(422, { form, values, errors });
	try {
		await locals.db((tx) => write(tx, fund.year, input));
	} catch (e) {
		const refused = fundRefusal(e);
		if (refused) return fail(refused.status, { form, values, errors: refused.errors });
		throw e;
	}
	return { form, done: true };
}

/** The delete button's post: the ticked confirmation and the proposal's id. */
function deleteInput(values: Values): { input?: { id: number }; errors: Errors } {
	if (values.confirm !== 'on') return { errors: { confirm: m.fund_panel_delete_confirm() } };
	if (!/^\d{1,18}$/.test(String(values.id))) return { errors: { form: m.fund_err_proposal() } };
	return { input: { id: Number(values.id) }, errors: {} };
}

export const actions = {
	allocation: (event) =>
		act(event, 'allocation', 'manage_area', allocationInput, (tx, year, input) =>
			saveFundAllocation(tx, event.locals.region, year, event.params.solectwo, input)
		),
	assembly: (event) =>
		act(event, 'assembly', 'edit_village_fund', assemblyInput, (tx, year, input) =>
			saveFundAssembly(tx, event.locals.region, year, event.params.solectwo, input)
		),
	proposal: (event) =>
		act(
			event,
			'proposal',
			'edit_village_fund',
			proposalInput,
			(tx, year, input) =>
				saveFundProposal(tx, event.locals.region, year, event.params.solectwo, input),
			['needs']
		),
	delete: (event) =>
		act(event, 'delete', 'edit_village_fund', deleteInput, (tx, _year, input) =>
			deleteFundProposal(tx, input.id)
		)
} satisfies Actions;
