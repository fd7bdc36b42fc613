import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { categories, regionSummary } from '$lib/server/region/queries';
import { localizeCategoryLabels } from '$lib/server/category-labels';
import { submitResourceForm } from '$lib/server/resources/form';
import { resourceDetail, setResourceStatus } from '$lib/server/resources/register';
import { isUuid, UUID_ANY_CASE } from '$lib/uuid';
import { paramMatching, permittedReadOr404 } from '$lib/server/http/found';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';

// One resource: staff see it; organizers and admins edit, archive, restore.
export const load: PageServerLoad = async (event) => {
	const { user, found } = await permittedReadOr404(
		event,
		'read_panel',
		paramMatching(UUID_ANY_CASE, event.params.id),
		async (tx, id) => {
			const resource = await resourceDetail(tx, id);
			if (!resource) return null;
			return {
				region: await regionSummary(tx, event.locals.region),
				categories: (await categories(tx)).resource,
				resource: (await localizeCategoryLabels(tx, 'resource', [resource]))[0]
			};
		},
		m.res_err_not_found()
	);
	if (!found.region) error(503, m.api_region_missing());
	return {
		region: found.region,
		categories: found.categories,
		resource: found.resource,
		canEdit: can(user, 'edit_resources'),
		saved: event.url.searchParams.has('zapisano')
	};
};

async function changeStatus(
	event: Parameters<Actions[string]>[0],
	status: 'archived' | 'draft',
	done: string
) {
	requirePermission(event, 'edit_resources');
	const id = event.params.id ?? '';
	if (!isUuid(id)) error(404, m.res_err_not_found());
	try {
		await event.locals.db((tx) => setResourceStatus(tx, id, status));
	} catch (e) {
		const code = sqlstateOf(e);
		if (code === SQLSTATE.insufficientPrivilege)
			return fail(403, { statusMessage: m.res_err_denied() });
		if (code === SQLSTATE.noDataFound) error(404, m.res_err_not_found());
		throw e;
	}
	return { statusDone: done };
}

export const actions = {
	save: async (event) => {
		requirePermission(event, 'edit_resources');
		if (!isUuid(event.params.id)) error(404, m.res_err_not_found());
		const result = await submitResourceForm(event, event.params.id);
		if ('id' in result) redirect(303, route(`/panel/zasoby/${result.id}?zapisano=1`));
		return result;
	},
	// Archiving needs an explicit confirmation: a ticked box, checked here too.
	archive: async (event) => {
		const form = await event.request.formData();
		if (form.get('confirm') !== 'on') {
			requirePermission(event, 'edit_resources');
			return fail(400, { archiveError: m.res_archive_confirm_missing() });
		}
		return changeStatus(event, 'archived', m.res_archived());
	},
	restore: (event) => changeStatus(event, 'draft', m.res_restored())
} satisfies Actions;
