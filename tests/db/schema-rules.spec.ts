import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { backends, tryAsOwner } from './backends.ts';
import { schemaRules, type SchemaRule } from './schema-rules.ts';

/** The lines a rule reports, sorted; with an empty search_path every name is schema-qualified. */
async function offenders(tx: OwnerTx, rule: SchemaRule): Promise<string[]> {
	await tx.query("select set_config('search_path', '', true)");
	const rows = await tx.query<{ line: string }>(rule.sql);
	return rows.map((r) => r.line).sort();
}

describe.each(backends)('schema rules on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	it.each(schemaRules.map((rule) => [rule.title, rule] as const))('%s', async (_, rule) => {
		const found = await tryAsOwner(db, (tx) => offenders(tx, rule));
		expect(found).toEqual([...(rule.allowed ?? [])].sort());

		// The same query, after the probe breaks the rule in a rolled-back transaction.
		const probed = await tryAsOwner(db, async (tx) => {
			await tx.exec(rule.probe.sql);
			return offenders(tx, rule);
		});
		expect(probed).toContain(rule.probe.finds);
	});
});
