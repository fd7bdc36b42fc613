import * as v from 'valibot';
import { RESOURCE_STATUSES } from '../../vocab/resource-status.ts';
import type { RegisterFilters } from './register.ts';
import { FreeText } from '$lib/text';

const Filters = v.object({
	status: v.optional(v.picklist(RESOURCE_STATUSES)),
	category: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/))),
	q: v.optional(v.pipe(FreeText, v.maxLength(100)))
});

/** Filters from the query string; an unknown value is ignored rather than failing the page. */
export function readFilters(url: URL): RegisterFilters {
	const pick = (key: string) => url.searchParams.get(key) || undefined;
	const parsed = v.safeParse(Filters, {
		status: pick('status'),
		category: pick('category'),
		q: pick('q')
	});
	const f = parsed.success ? parsed.output : {};
	return { status: f.status ?? null, category: f.category ?? null, query: f.q || null };
}
