import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { backends, tryAsOwner } from './backends.ts';
import { lints, type Lint } from './splinter.ts';

interface Finding {
	name: string;
	level: string;
	detail: string;
	metadata: { schema?: string; name?: string } | null;
}

// Splinter runs with an empty search_path, so policy text is deparsed with schema names.
async function runLint(tx: OwnerTx, lint: Lint): Promise<Finding[]> {
	await tx.query("select set_config('search_path', '', true)");
	return tx.query<Finding>(lint.sql);
}

const byName = (name: string) => {
	const lint = lints.find((l) => l.name === name);
	if (!lint) throw new Error(`no lint ${name}`);
	return lint;
};

describe.each(backends)("Supabase's database linter on $name", (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	it('reports no ERROR and no WARN for the migrated schema', async () => {
		const findings: Finding[] = [];
		for (const lint of lints) {
			const rows = await tryAsOwner(db, (tx) => runLint(tx, lint));
			findings.push(...rows.filter((f) => f.level === 'ERROR' || f.level === 'WARN'));
		}
		expect(findings.map((f) => `${f.level} ${f.name}: ${f.detail}`)).toEqual([]);
	});

	it('would catch a table without RLS, a security-definer view and a mutable search_path', async () => {
		const names = await tryAsOwner(db, async (tx) => {
			await tx.exec(`
				create table public.zz_lint_probe (id int primary key, email text);
				grant select on public.zz_lint_probe to anon;
				create view public.zz_lint_view as select id from public.zz_lint_probe;
				grant select on public.zz_lint_view to anon;
				create function public.zz_lint_fn() returns int language sql as 'select 1';`);
			const found: string[] = [];
			for (const name of [
				'rls_disabled_in_public',
				'security_definer_view',
				'function_search_path_mutable'
			]) {
				const rows = await runLint(tx, byName(name));
				if (rows.some((r) => JSON.stringify(r.metadata).includes('zz_lint_'))) found.push(name);
			}
			return found;
		});
		expect(names).toEqual([
			'rls_disabled_in_public',
			'security_definer_view',
			'function_search_path_mutable'
		]);
	});

	it('would catch an always-true write policy and duplicate permissive policies', async () => {
		const names = await tryAsOwner(db, async (tx) => {
			await tx.exec(`
				create policy zz_probe_always on public.resources for update to anon using (true);
				create policy zz_probe_dup on public.resources for select to anon using (true);`);
			const found: string[] = [];
			for (const name of ['rls_policy_always_true', 'multiple_permissive_policies']) {
				const rows = await runLint(tx, byName(name));
				if (rows.some((r) => r.detail.includes('resources'))) found.push(name);
			}
			return found;
		});
		expect(names).toEqual(['rls_policy_always_true', 'multiple_permissive_policies']);
	});
});
