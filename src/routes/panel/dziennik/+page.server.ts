import * as v from 'valibot';
import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/permissions';
import { auditEntries } from '$lib/server/moderation/queries';
import { categories } from '$lib/server/region/queries';
import { diffEntry } from './diff';

const PAGE_SIZE = 50;
const DATE = v.pipe(v.string(), v.isoDate());

/** Filters from the query string; anything malformed is simply ignored (a GET filter form). */
function filters(url: URL) {
	const date = (key: string) => {
		const raw = url.searchParams.get(key) ?? '';
		return v.is(DATE, raw) ? raw : null;
	};
	const table = url.searchParams.get('tabela') ?? '';
	const page = Number.parseInt(url.searchParams.get('strona') ?? '1', 10);
	return {
		table: /^[a-z_]{1,63}$/.test(table) ? table : null,
		from: date('od'),
		to: date('do'),
		page: Number.isInteger(page) && page >= 1 && page <= 100000 ? page : 1
	};
}

// The audit log: admins only; RLS on audit_log says the same.
export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'read_audit');
	const f = filters(event.url);
	const { result, cats } = await event.locals.db(async (tx) => ({
		result: await auditEntries(tx, f, PAGE_SIZE, (f.page - 1) * PAGE_SIZE),
		cats: await categories(tx)
	}));
	return {
		filters: f,
		categories: cats,
		total: result.total,
		tables: result.tables,
		pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
		entries: result.entries.map((entry) => ({ ...entry, changes: diffEntry(entry) }))
	};
};
