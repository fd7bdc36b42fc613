import * as v from 'valibot';
import { PUBLIC_NEED_STATUSES } from '../../vocab/need-status.ts';

/** Lower-case ASCII slug, as used for categories and villages (e.g. `wola-podlezna`). */
export const Slug = v.pipe(
	v.string(),
	v.regex(/^[a-z0-9-]{1,80}$/, 'must be a lower-case ASCII slug such as "wola-podlezna"')
);

/**
 * A whole number from `min` to `max` written as text (a query parameter, an environment
 * variable): digits only, so "1e3", " 5" or "0x10" are refused rather than read as numbers.
 */
export const IntegerText = (min: number, max: number, message: string) =>
	v.pipe(
		v.string(),
		v.regex(new RegExp(`^\\d{1,${String(max).length}}$`), message),
		v.transform(Number),
		v.minValue(min, message),
		v.maxValue(max, message)
	);

/**
 * A bounding box `west,south,east,north` in degrees (EPSG:4326), the `bbox` of OGC API - Features
 * (OGC 17-069r4 §7.15.3): four decimal numbers, longitudes within ±180, latitudes within ±90,
 * west not east of east and south not north of north.
 */
export const Bbox = v.pipe(
	v.string(),
	v.regex(
		/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/,
		'must be west,south,east,north in degrees, e.g. 18.3,52.2,18.5,52.3'
	),
	v.transform((text) => text.split(',').map(Number) as [number, number, number, number]),
	v.check(
		([w, s, e, n]) => w >= -180 && e <= 180 && s >= -90 && n <= 90 && w <= e && s <= n,
		'must be west,south,east,north in degrees, with west <= east and south <= north'
	)
);

/** A need's public reference, such as KR-2026-0042. */
export const NeedRef = v.pipe(
	v.string(),
	v.regex(/^[A-Za-z0-9-]{3,40}$/, 'must be a need reference such as KR-2026-0042')
);

/** A status in which needs are public; the message lists them for the API's clients. */
export const PublicNeedStatus = v.picklist(
	PUBLIC_NEED_STATUSES,
	`must be one of: ${PUBLIC_NEED_STATUSES.join(', ')}`
);

export type ParamResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Validates query parameters against a valibot object schema. Unknown or repeated parameters are
 * errors too: a typo such as `?categroy=` must not silently return everything.
 */
export function parseQuery<
	TSchema extends v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>
>(url: URL, schema: TSchema): ParamResult<v.InferOutput<TSchema>> {
	const raw: Record<string, string> = {};
	for (const key of new Set(url.searchParams.keys())) {
		if (!(key in schema.entries)) {
			return {
				ok: false,
				error: `unknown parameter "${key}"; allowed: ${Object.keys(schema.entries).join(', ') || 'none'}`
			};
		}
		const values = url.searchParams.getAll(key);
		if (values.length > 1) return { ok: false, error: `parameter "${key}" given more than once` };
		raw[key] = values[0];
	}
	const result = v.safeParse(schema, raw);
	if (result.success) return { ok: true, value: result.output };
	const issue = result.issues[0];
	const key = issue.path?.map((p) => String(p.key)).join('.');
	return { ok: false, error: key ? `parameter "${key}" ${issue.message}` : issue.message };
}
