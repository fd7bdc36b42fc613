import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { FreeText } from '$lib/text';
import { fieldErrors } from '../forms/field-errors.ts';

// Form input of /panel/obszar: valibot schemas with Paraglide messages, so a
// failed action returns every field's Polish (or English) error next to the typed values.

const text = FreeText;
/** Empty means "not known": stored as null, never as ''. */
const optionalText = (max: number, message: () => string) =>
	v.pipe(
		text,
		v.maxLength(max, message),
		v.transform((s) => (s === '' ? null : s))
	);

const name = v.pipe(
	text,
	v.minLength(1, () => m.area_err_name()),
	v.maxLength(200, () => m.area_err_name())
);
const id = v.pipe(
	text,
	v.regex(/^\d{1,12}$/, () => m.area_err_not_found()),
	v.transform(Number)
);

const population = v.pipe(
	text,
	v.regex(/^(\d{1,7})?$/, () => m.area_err_population()),
	v.transform((s) => (s === '' ? null : Number(s))),
	v.check(
		(n) => n === null || n <= 1_000_000,
		() => m.area_err_population()
	)
);
const date = v.pipe(
	text,
	v.check(
		(s) =>
			s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))),
		() => m.area_err_date()
	),
	v.transform((s) => (s === '' ? null : s))
);

export const CreateSchema = v.object({ name });

export const UpdateSchema = v.object({
	id,
	name,
	soltys: optionalText(200, () => m.area_err_soltys()),
	soltys_since: date,
	population,
	population_year: optionalText(20, () => m.area_err_year()),
	population_source: optionalText(500, () => m.area_err_source())
});

export const PopulationSchema = v.object({
	locality: v.pipe(
		text,
		v.regex(/^\d{1,12}$/, () => m.area_err_locality()),
		v.transform(Number)
	),
	population,
	population_year: optionalText(20, () => m.area_err_year()),
	population_source: optionalText(500, () => m.area_err_source())
});

export const UploadSchema = v.object({
	level: v.picklist(['locality', 'solectwo'], () => m.area_err_not_found()),
	note: optionalText(500, () => m.area_err_source()),
	intent: v.picklist(['check', 'apply'], () => m.area_err_not_found()),
	confirm: v.optional(v.string(), '')
});

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

/** The text fields of a form (files left out), as typed, for re-display. */
export function textFields(form: FormData): Values {
	const out: Values = {};
	for (const [k, val] of form) if (typeof val === 'string' && !(k in out)) out[k] = val;
	return out;
}

/** Parses `values` with `schema`: the output, or one message per field. */
export function validate<S extends v.GenericSchema>(
	schema: S,
	values: Values
): { ok: true; data: v.InferOutput<S> } | { ok: false; errors: Errors } {
	const result = v.safeParse(schema, values);
	if (result.success) return { ok: true, data: result.output };
	return { ok: false, errors: fieldErrors(result.issues) };
}
