import * as v from 'valibot';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { badRequest } from '$lib/server/http/responses';
import { parseQuery, Slug } from '$lib/server/http/params';
import { value } from '$lib/server/db/value';

const Coordinate = (min: number, max: number) =>
	v.pipe(
		v.string(),
		v.regex(/^-?\d{1,3}(\.\d{1,9})?$/, 'must be a decimal number'),
		v.transform(Number),
		v.minValue(min),
		v.maxValue(max)
	);

const Query = v.object({
	lon: Coordinate(-180, 180),
	lat: Coordinate(-90, 90),
	category: v.optional(Slug),
	q: v.optional(v.pipe(v.string(), v.maxLength(200, 'must have at most 200 characters')))
});

/** Duplicate hints while a resident types: same category within 300 m, then similar titles. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const params = parseQuery(url, Query);
	if (!params.ok) return badRequest(params.error);
	const { lon, lat, category = null, q = '' } = params.value;
	const hits = await locals.db((tx) =>
		value<unknown>(tx, 'select public.similar_needs($1, $2, $3, $4, $5, 5) as v', [
			locals.region,
			lon,
			lat,
			category,
			q
		])
	);
	return json(hits, { headers: { 'cache-control': 'no-store' } });
};
