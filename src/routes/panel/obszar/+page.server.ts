import { error, fail, type RequestEvent } from '@sveltejs/kit';
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
	type Values,
	validate
} from '$lib/server/region/forms';
import { parseBoundaryUpload, type ParseErrorCode } from '$lib/server/region/parse';
import { labelOf, type Label } from '$lib/vocab/label';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';

// Region administration: admins only, in the load AND in every action.

/**
 * What `save` returns, or a 409 that hands the typed values back with the name field's error when
 * another sołectwo has the name (the unique constraint, SQLSTATE 23505).
 */
async function unlessNameTaken<A extends string, T>(
	action: A,
	values: Values,
	save: () => Promise<T>
) {
	try {
		return await save();
	} catch (e) {
		if (sqlstateOf(e) !== SQLSTATE.uniqueViolation) throw e;
		return fail(409, { action, values, errors: { name: m.area_err_name_taken() } });
	}
}

/**
 * An admin's posted form as text, checked against `schema`: its data, or the 400 that hands the
 * typed values back with an error per field.
 */
async function postedForm<S extends v.GenericSchema>(
	event: RequestEvent,
	action: string,
	schema: S
) {
	requirePermission(event, 'manage_area');
	const values = textFields(await event.request.formData());
	const parsed = validate(schema, values);
	return parsed.ok
		? { ok: true as const, values, data: parsed.data }
		: { ok: false as const, failure: fail(400, { action, values, errors: parsed.errors }) };
}

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
		const posted = await postedForm(event, 'create', CreateSchema);
		if (!posted.ok) return posted.failure;
		const { locals } = event;
		return unlessNameTaken('create', posted.values, async () => {
			const created = await locals.db((tx) => createSolectwo(tx, locals.region, posted.data.name));
			if (created === null) error(404, m.area_err_not_found());
			return { action: 'create', saved: true, created: { id: created, name: posted.data.name } };
		});
	},

	update: async (event) => {
		const posted = await postedForm(event, 'update', UpdateSchema);
		if (!posted.ok) return posted.failure;
		const { id, ...fields } = posted.data;
		return unlessNameTaken('update', posted.values, async () => {
			const done = await event.locals.db((tx) => updateSolectwo(tx, id, fields));
			if (!done) error(404, m.area_err_not_found());
			return { action: 'update', saved: true };
		});
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
		const posted = await postedForm(event, 'population', PopulationSchema);
		if (!posted.ok) return posted.failure;
		const { locality, ...fields } = posted.data;
		const done = await event.locals.db((tx) => updateLocalityPopulation(tx, locality, fields));
		if (!done)
			return fail(404, {
				action: 'population',
				values: posted.values,
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

/** What the upload form says for each reason the file could not be read. */
const PARSE_MESSAGES: Readonly<Record<ParseErrorCode, Label>> = {
	empty: m.area_parse_empty,
	too_large: m.area_parse_too_large,
	not_json: m.area_parse_not_json,
	not_feature_collection: m.area_parse_not_feature_collection,
	too_many_features: m.area_parse_too_many_features,
	unsupported_crs: m.area_parse_unsupported_crs,
	unknown_coordinates: m.area_parse_unknown_coordinates,
	zip_unreadable: m.area_parse_zip_unreadable,
	zip_several_layers: m.area_parse_zip_several_layers
};

const parseMessage = (code: ParseErrorCode) => labelOf(PARSE_MESSAGES, code);
