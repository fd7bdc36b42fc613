import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requirePermission } from '$lib/server/auth/permissions';
import {
	applyOfficialAreas,
	createSolectwo,
	listLocalities,
	listSolectwa,
	setSolectwoLocalities,
	updateLocalityPopulation,
	updateSolectwo
} from '$lib/server/region/admin';
import {
	CreateSchema,
	PopulationSchema,
	UpdateSchema,
	UploadSchema,
	textFields,
	validate
} from '$lib/server/region/forms';
import { parseBoundaryUpload } from '$lib/server/region/parse';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';

// Region administration: admins only, in the load AND in every action.

const isUniqueViolation = (e: unknown) => sqlstateOf(e) === SQLSTATE.uniqueViolation;

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'manage_area');
	const { locals, url } = event;
	const [solectwa, localities] = await locals.db(
		async (tx) =>
			[await listSolectwa(tx, locals.region), await listLocalities(tx, locals.region)] as const
	);
	const selectedId = Number(url.searchParams.get('solectwo'));
	const selected = solectwa.find((s) => s.id === selectedId) ?? null;
	return { solectwa, localities, selected };
};

export const actions = {
	create: async (event) => {
		requirePermission(event, 'manage_area');
		const values = textFields(await event.request.formData());
		const parsed = validate(CreateSchema, values);
		if (!parsed.ok) return fail(400, { action: 'create', values, errors: parsed.errors });
		const { locals } = event;
		try {
			const created = await locals.db((tx) => createSolectwo(tx, locals.region, parsed.data.name));
			if (created === null) error(404, m.area_err_not_found());
			return { action: 'create', saved: true, created: { id: created, name: parsed.data.name } };
		} catch (e) {
			if (!isUniqueViolation(e)) throw e;
			return fail(409, { action: 'create', values, errors: { name: m.area_err_name_taken() } });
		}
	},

	update: async (event) => {
		requirePermission(event, 'manage_area');
		const values = textFields(await event.request.formData());
		const parsed = validate(UpdateSchema, values);
		if (!parsed.ok) return fail(400, { action: 'update', values, errors: parsed.errors });
		const { id, ...fields } = parsed.data;
		try {
			const done = await event.locals.db((tx) => updateSolectwo(tx, id, fields));
			if (!done) error(404, m.area_err_not_found());
			return { action: 'update', saved: true };
		} catch (e) {
			if (!isUniqueViolation(e)) throw e;
			return fail(409, { action: 'update', values, errors: { name: m.area_err_name_taken() } });
		}
	},

	members: async (event) => {
		requirePermission(event, 'manage_area');
		const form = await event.request.formData();
		const id = v.safeParse(v.pipe(v.string(), v.regex(/^\d{1,12}$/)), form.get('id'));
		if (!id.success) error(400, m.area_err_not_found());
		const localityIds = form
			.getAll('locality')
			.filter((x): x is string => typeof x === 'string' && /^\d{1,12}$/.test(x))
			.map(Number);
		await event.locals.db((tx) => setSolectwoLocalities(tx, Number(id.output), localityIds));
		return { action: 'members', saved: true };
	},

	population: async (event) => {
		requirePermission(event, 'manage_area');
		const values = textFields(await event.request.formData());
		const parsed = validate(PopulationSchema, values);
		if (!parsed.ok) return fail(400, { action: 'population', values, errors: parsed.errors });
		const { locality, ...fields } = parsed.data;
		const done = await event.locals.db((tx) => updateLocalityPopulation(tx, locality, fields));
		if (!done)
			return fail(404, {
				action: 'population',
				values,
				errors: { locality: m.area_err_locality() }
			});
		return { action: 'population', saved: true };
	},

	// Nothing changes unless the whole file validates (private.apply_official_areas, one transaction).
	upload: async (event) => {
		requirePermission(event, 'manage_area');
		const form = await event.request.formData();
		const values = textFields(form);
		const parsed = validate(UploadSchema, values);
		const errors = parsed.ok ? {} : { ...parsed.errors };
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) errors.file = m.area_file_required();
		if (parsed.ok && parsed.data.intent === 'apply' && parsed.data.confirm !== 'yes')
			errors.confirm = m.area_confirm_required();
		if (!parsed.ok || Object.keys(errors).length > 0 || !(file instanceof File))
			return fail(400, { action: 'upload', values, errors });

		const upload = await parseBoundaryUpload(new Uint8Array(await file.arrayBuffer()));
		if (!upload.ok)
			return fail(422, { action: 'upload', values, errors: { file: parseMessage(upload.error) } });
		const { level, note, intent } = parsed.data;
		const { locals } = event;
		const report = await locals.db((tx) =>
			applyOfficialAreas(tx, locals.region, level, upload.features, note, intent === 'check')
		);
		const result = { action: 'upload', values, report, sridGuessed: upload.sridGuessed };
		return report.ok ? result : fail(422, result);
	}
} satisfies Actions;

function parseMessage(code: string): string {
	switch (code) {
		case 'empty':
			return m.area_parse_empty();
		case 'too_large':
			return m.area_parse_too_large();
		case 'not_json':
			return m.area_parse_not_json();
		case 'not_feature_collection':
			return m.area_parse_not_feature_collection();
		case 'too_many_features':
			return m.area_parse_too_many_features();
		case 'unsupported_crs':
			return m.area_parse_unsupported_crs();
		case 'unknown_coordinates':
			return m.area_parse_unknown_coordinates();
		case 'zip_several_layers':
			return m.area_parse_zip_several_layers();
		default:
			return m.area_parse_zip_unreadable();
	}
}
