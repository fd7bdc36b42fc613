import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claims, Database, Tx } from '../../src/lib/server/db/types.ts';
import { categories } from '../../src/lib/server/region/queries.ts';
import { toCsv } from '../../src/lib/server/resources/export.ts';
import { parseImport } from '../../src/lib/server/resources/import.ts';
import { exportResources, importResources } from '../../src/lib/server/resources/register.ts';
import { backends, claims, sqlState, tryAs, tryAsOwner } from './backends.ts';

// Resource register in SQL: save, status changes, all-or-nothing and partial
// import (create, or update by id), export and RLS per role. Every scenario runs in a rolled-back transaction.

const { anon, resident, organizer, council } = claims;
// The shared fixtures give the admin a profile row; here the JWT carries the role instead.
const admin: Claims = { ...claims.admin, app_metadata: { role: 'admin' } };
const IN_KRAMSK = { lon: 18.4267, lat: 52.265 };
const IN_LODZ = { lon: 19.456, lat: 51.759 };
const NAME = 'Test rejestru zasobów';

const resource = (over: Record<string, unknown> = {}) => ({
	name: NAME,
	category: 'swietlica',
	description: 'Sala na 60 osób',
	address: 'Kramsk, ul. Kolejowa 1',
	...IN_KRAMSK,
	status: 'draft',
	contact_email: 'swietlica@kramsk.example',
	contact_phone: '+48632700000',
	website: 'https://kramsk.example',
	capacity: 60,
	step_free: 'partly',
	amenities: ['kitchen', 'wifi'],
	availability: 'po uzgodnieniu z sołtysem',
	opening_hours: 'pn-pt 16-20',
	owner_org: 'Gmina Kramsk',
	...over
});

async function save(tx: Tx, p: Record<string, unknown>, id: string | null = null) {
	const rows = await tx.query<{ id: string }>(
		"select public.resource_save('kramsk', $1, $2::text::jsonb) as id",
		[id, JSON.stringify(p)]
	);
	return rows[0].id;
}

interface ImportResult {
	inserted: number;
	updated: number;
	unchanged: number;
	committed: boolean;
	rows: { row: number; id: string; outcome: string; changed: string[] }[];
	rejected: { row: number; field: string; code: string }[];
}

/** Nothing written: the shape of an all-or-nothing import that a rejected row stopped. */
const NOTHING = { inserted: 0, updated: 0, unchanged: 0, committed: false, rows: [] };

async function importRows(tx: Tx, rows: Record<string, unknown>[], partial: boolean) {
	const result = await tx.query<{ v: ImportResult }>(
		"select public.resources_import('kramsk', $1::text::jsonb, $2) as v",
		[JSON.stringify(rows), partial]
	);
	return result[0].v;
}

const count = async (tx: Tx) =>
	Number(
		(
			await tx.query<{ n: string }>(
				'select count(*)::text as n from public.resources where name like $1',
				[`${NAME}%`]
			)
		)[0].n
	);

/** The audit entries of a row; only the owner may read the audit log, so the role is reset for it. */
async function auditOf(tx: Tx, id: string) {
	await tx.query("select set_config('role', 'none', true)");
	const rows = await tx.query<{ action: string; actor: string; description: string }>(
		`select action, actor::text as actor, after ->> 'description' as description
		 from public.audit_log where table_name = 'resources' and row_id = $1 order by id`,
		[id]
	);
	await tx.query("select set_config('role', 'authenticated', true)");
	return rows;
}

/**
 * Where a row's current version is stored (ctid): an UPDATE writes a new version, even with
 * equal values, so an unchanged ctid proves the row was not written (updated_at alone would
 * not: now() is the same all through the test's transaction).
 */
async function versionOf(tx: Tx, id: string) {
	await tx.query("select set_config('role', 'none', true)");
	const [row] = await tx.query<{ v: string }>(
		'select ctid::text as v from public.resources where id = $1',
		[id]
	);
	await tx.query("select set_config('role', 'authenticated', true)");
	return row.v;
}

/** As tryAs(organizer), but in a transaction that may also read the audit log (auditOf). */
const asOrganizer = <T>(db: Database, fn: (tx: Tx) => Promise<T>) =>
	tryAsOwner(db, async (tx) => {
		await tx.query("select set_config('request.jwt.claims', $1, true)", [
			JSON.stringify(organizer)
		]);
		await tx.query("select set_config('role', 'authenticated', true)");
		return fn(tx);
	});

describe.each(backends)('resource register on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	describe('writes per role', () => {
		it.each([
			['organizer', 'ok', organizer],
			['admin', 'ok', admin],
			['council', '42501', council],
			['resident', '42501', resident]
		])('%s inserting with the register columns → %s', async (_name, expected, who) => {
			const state = await sqlState(tryAs(db, who, (tx) => save(tx, resource())));
			expect(state).toBe(expected);
		});

		it('anon may not even call the write functions', async () => {
			expect(await sqlState(tryAs(db, anon, (tx) => save(tx, resource())))).toBe('42501');
			expect(
				await sqlState(tryAs(db, anon, (tx) => importRows(tx, [{ row: 2, ...resource() }], false)))
			).toBe('42501');
		});

		it('an organizer saves every new column, and updates them; the change is audited', async () => {
			const result = await tryAs(db, organizer, async (tx) => {
				const id = await save(tx, resource());
				await save(
					tx,
					resource({
						capacity: 80,
						step_free: 'yes',
						amenities: ['projector'],
						status: 'published'
					}),
					id
				);
				const [detail] = await tx.query<{ v: Record<string, unknown> }>(
					'select public.resource_detail($1) as v',
					[id]
				);
				return { id, detail: detail.v };
			});
			expect(result.detail).toMatchObject({
				capacity: 80,
				step_free: 'yes',
				amenities: ['projector'],
				status: 'published',
				contact_email: 'swietlica@kramsk.example',
				opening_hours: 'pn-pt 16-20',
				owner_org: 'Gmina Kramsk',
				lon: IN_KRAMSK.lon,
				lat: IN_KRAMSK.lat
			});
			const audit = await tryAsOwner(db, async (tx) => {
				await tx.query("select set_config('request.jwt.claims', $1, true)", [
					JSON.stringify(organizer)
				]);
				const id = await save(tx, resource());
				await tx.query('select public.resource_set_status($1, $2)', [id, 'archived']);
				return tx.query<{ action: string; status: string }>(
					"select action, after ->> 'status' as status from public.audit_log where table_name = 'resources' and row_id = $1 order by id",
					[id]
				);
			});
			expect(audit).toEqual([
				{ action: 'insert', status: 'draft' },
				{ action: 'update', status: 'archived' }
			]);
		});

		it('council and residents cannot update or archive a resource', async () => {
			for (const who of [council, resident]) {
				const state = await sqlState(
					tryAsOwner(db, async (tx) => {
						const [{ id }] = await tx.query<{ id: string }>(
							"insert into public.resources (region_id, category, name, point, status) select id, 'osp', $1, extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326), 'published' from public.regions where slug = 'kramsk' returning id::text as id",
							[NAME]
						);
						await tx.query("select set_config('role', 'authenticated', true)");
						await tx.query("select set_config('request.jwt.claims', $1, true)", [
							JSON.stringify(who)
						]);
						await tx.query('select public.resource_set_status($1, $2)', [id, 'archived']);
					})
				);
				expect(state).toBe('42501');
			}
		});

		it('a point outside the gmina is refused with 23514 point_outside_region', async () => {
			const state = await sqlState(tryAs(db, organizer, (tx) => save(tx, resource(IN_LODZ))));
			expect(state).toBe('23514');
		});
	});

	describe('reads', () => {
		it('archived and draft resources are hidden from anon and residents, shown to council', async () => {
			const seen = await tryAsOwner(db, async (tx) => {
				await tx.query("select set_config('request.jwt.claims', $1, true)", [
					JSON.stringify(organizer)
				]);
				const ids = {
					draft: await save(tx, resource({ name: `${NAME} roboczy` })),
					published: await save(tx, resource({ name: `${NAME} publiczny`, status: 'published' })),
					archived: await save(tx, resource({ name: `${NAME} archiwalny`, status: 'archived' }))
				};
				const out: Record<string, string[]> = {};
				for (const [name, who] of Object.entries({ anon, resident, council })) {
					await tx.query('select set_config($1, $2, true)', [
						'role',
						who.role === 'anon' ? 'anon' : 'authenticated'
					]);
					await tx.query("select set_config('request.jwt.claims', $1, true)", [
						JSON.stringify(who)
					]);
					const visible = await tx.query<{ id: string }>(
						'select id::text as id from public.resources where id = any($1::uuid[])',
						[Object.values(ids)]
					);
					const [all] = await tx.query<{ v: { id: string }[] }>(
						"select public.resources_export('kramsk', null, null) as v"
					);
					const exported = all.v.map((r) => r.id).filter((id) => Object.values(ids).includes(id));
					const names = Object.entries(ids);
					out[name] = names.filter(([, id]) => visible.some((v) => v.id === id)).map(([n]) => n);
					out[`${name}_export`] = names.filter(([, id]) => exported.includes(id)).map(([n]) => n);
					await tx.query("select set_config('role', 'none', true)");
				}
				return out;
			});
			expect(seen).toEqual({
				anon: ['published'],
				anon_export: ['published'],
				resident: ['published'],
				resident_export: ['published'],
				council: ['draft', 'published', 'archived'],
				council_export: ['draft', 'published']
			});
		});
	});

	it('a photo is visible to anon only while its resource is published', async () => {
		const visible = await tryAsOwner(db, async (tx) => {
			await tx.query("select set_config('request.jwt.claims', $1, true)", [
				JSON.stringify(organizer)
			]);
			const key = 'resources/2026/abcdefghijklmnopqrstuv.jpg';
			const id = await save(tx, { ...resource(), photo_key: key });
			const asAnon = async () => {
				await tx.query("select set_config('role', 'anon', true)");
				await tx.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(anon)]);
				const [row] = await tx.query<{ v: boolean }>(
					'select public.resource_photo_visible($1) as v',
					[key]
				);
				await tx.query("select set_config('role', 'none', true)");
				return row.v;
			};
			const draft = await asAnon();
			await tx.query("update public.resources set status = 'published' where id = $1", [id]);
			return { draft, published: await asAnon() };
		});
		expect(visible).toEqual({ draft: false, published: true });
	});

	describe('import', () => {
		const good = (row: number, over: Record<string, unknown> = {}) => ({
			row,
			...resource({ name: `${NAME} ${row}` }),
			...over
		});

		it('all-or-nothing: one row outside the gmina and nothing is inserted', async () => {
			const result = await tryAs(db, organizer, async (tx) => {
				const report = await importRows(tx, [good(2), good(3, IN_LODZ), good(4)], false);
				return { report, count: await count(tx) };
			});
			expect(result.report).toEqual({
				...NOTHING,
				rejected: [{ row: 3, field: 'lon', code: 'outside' }]
			});
			expect(result.count).toBe(0);
		});

		it('partial: the good rows go in, the bad ones are reported', async () => {
			const result = await tryAs(db, organizer, async (tx) => {
				const report = await importRows(
					tx,
					[good(2), good(3, IN_LODZ), good(4, { category: 'nie-ma' }), good(5)],
					true
				);
				return { report, count: await count(tx) };
			});
			expect(result.report).toMatchObject({
				inserted: 2,
				updated: 0,
				committed: true,
				rows: [
					{ row: 2, outcome: 'created', changed: [] },
					{ row: 5, outcome: 'created', changed: [] }
				],
				rejected: [
					{ row: 3, field: 'lon', code: 'outside' },
					{ row: 4, field: 'category', code: 'unknown_category' }
				]
			});
			expect(result.count).toBe(2);
		});

		it('a row that repeats an existing resource (same name and category, within 50 m) is rejected', async () => {
			const report = await tryAs(db, organizer, async (tx) => {
				await save(tx, resource({ name: `${NAME} 2` }));
				return importRows(tx, [good(2, { lon: 18.42671 }), good(3)], true);
			});
			expect(report.rejected).toEqual([{ row: 2, field: 'name', code: 'duplicate_existing' }]);
			expect(report.inserted).toBe(1);
		});

		it('a constraint failure (capacity out of range) is a rejected row, not a crash', async () => {
			const report = await tryAs(db, organizer, (tx) =>
				importRows(tx, [good(2, { capacity: 5_000_000 }), good(3)], false)
			);
			expect(report).toEqual({
				...NOTHING,
				rejected: [{ row: 2, field: 'form', code: 'invalid' }]
			});
		});

		it('export → import unchanged writes nothing, also text a spreadsheet would run as a formula', async () => {
			// What a resident or organizer may type; the export guards these cells with an
			// apostrophe (OWASP CSV injection), the import drops it again.
			const tricky = resource({
				name: `${NAME} =HYPERLINK("https://evil.example")`,
				description: "'Stara' szkoła — =1+1",
				address: '-',
				contact_phone: '+48 63 270 00 00',
				availability: "''",
				opening_hours: '@rano',
				owner_org: '-5',
				// More decimals than the export writes: still the same place.
				lon: 18.42671234,
				lat: 52.26501234
			});
			const result = await asOrganizer(db, async (tx) => {
				const id = await save(tx, tricky);
				const all = { status: null, category: null };
				const before = (await exportResources(tx, 'kramsk', all)).filter((r) => r.id === id);
				const audited = async () => (await auditOf(tx, id)).length;
				const auditBefore = await audited();
				const version = await versionOf(tx, id);
				const results = [];
				for (const dialect of ['comma', 'semicolon'] as const) {
					const report = parseImport(toCsv(before, dialect), 'csv', {
						categories: (await categories(tx)).resource
					});
					results.push({
						report,
						imported: await importResources(tx, 'kramsk', report.accepted, false)
					});
				}
				const after = (await exportResources(tx, 'kramsk', all)).filter((r) => r.id === id);
				const audit = (await audited()) - auditBefore;
				const written = (await versionOf(tx, id)) !== version;
				return { id, csv: toCsv(before), before, after, results, auditBefore, audit, written };
			});
			expect(result.csv).toContain(`,'+48 63 270 00 00,`);
			expect(result.csv).not.toMatch(/(^|,)"?[=+\-@]/m);
			for (const { report, imported } of result.results) {
				expect(report.rejected).toEqual([]);
				expect(imported).toEqual({
					inserted: 0,
					updated: 0,
					unchanged: 1,
					committed: true,
					rows: [{ row: 2, id: result.id, outcome: 'unchanged', changed: [] }],
					rejected: []
				});
			}
			// Not written at all: the same row, time stamp included, and no audit entry.
			expect(result.after).toEqual(result.before);
			expect(result.written).toBe(false);
			expect(result.auditBefore).toBe(1);
			expect(result.audit).toBe(0);
			expect(result.after[0]).toMatchObject({
				description: tricky.description,
				contact_phone: tricky.contact_phone,
				availability: "''",
				owner_org: '-5'
			});
		});

		it('an edited cell updates exactly that field of that resource, audited as the organizer', async () => {
			const result = await asOrganizer(db, async (tx) => {
				const ids = [
					await save(tx, resource({ name: `${NAME} A` })),
					await save(tx, resource({ name: `${NAME} B`, lon: 18.43 }))
				];
				const all = { status: null, category: null };
				const mine = async () =>
					(await exportResources(tx, 'kramsk', all)).filter((r) => ids.includes(r.id));
				const before = await mine();
				const versions = [await versionOf(tx, ids[0]), await versionOf(tx, ids[1])];
				const edited = before.map((r) =>
					r.id === ids[1] ? { ...r, description: '+ nowy opis, z przecinkiem' } : r
				);
				const report = parseImport(toCsv(edited), 'csv', {
					categories: (await categories(tx)).resource
				});
				const imported = await importResources(tx, 'kramsk', report.accepted, false);
				const audit = (await auditOf(tx, ids[1])).filter((a) => a.action === 'update');
				const written = [];
				for (const [i, id] of ids.entries())
					written.push((await versionOf(tx, id)) !== versions[i]);
				return { ids, before, after: await mine(), imported, audit, written };
			});
			expect(result.imported).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
			expect(result.imported.rows).toEqual([
				{ row: 2, id: result.ids[0], outcome: 'unchanged', changed: [] },
				{ row: 3, id: result.ids[1], outcome: 'updated', changed: ['description'] }
			]);
			expect(result.written).toEqual([false, true]);
			const [a0, b0] = result.before;
			const [a1, b1] = result.after;
			expect(a1).toEqual(a0);
			expect({ ...b1, updated_at: '' }).toEqual({
				...b0,
				description: '+ nowy opis, z przecinkiem',
				updated_at: ''
			});
			expect(result.audit).toEqual([
				{ action: 'update', actor: organizer.sub, description: '+ nowy opis, z przecinkiem' }
			]);
		});

		it('a row without an id creates a resource; an unknown id is rejected, and stops the import', async () => {
			const result = await tryAs(db, organizer, async (tx) => {
				const id = await save(tx, resource({ name: `${NAME} A` }));
				const unknown = '00000000-0000-4000-8000-000000000000';
				const refused = await importRows(
					tx,
					[good(2, { id, description: 'zmiana' }), good(3, { id: unknown })],
					false
				);
				const created = await importRows(tx, [good(2, { id: null })], false);
				const [stored] = await tx.query<{ description: string }>(
					'select description from public.resources where id = $1',
					[id]
				);
				return { refused, created, stored, count: await count(tx) };
			});
			expect(result.refused).toEqual({
				...NOTHING,
				rejected: [{ row: 3, field: 'id', code: 'unknown_id' }]
			});
			expect(result.stored.description).toBe(resource().description);
			expect(result.created).toMatchObject({ inserted: 1, committed: true });
			expect(result.count).toBe(2);
		});

		it('council may read a resource but not update it by import (42501)', async () => {
			const state = await sqlState(
				tryAsOwner(db, async (tx) => {
					const [{ id }] = await tx.query<{ id: string }>(
						"insert into public.resources (region_id, category, name, point, status) select id, 'osp', $1, extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326), 'published' from public.regions where slug = 'kramsk' returning id::text as id",
						[NAME]
					);
					await tx.query("select set_config('role', 'authenticated', true)");
					await tx.query("select set_config('request.jwt.claims', $1, true)", [
						JSON.stringify(council)
					]);
					await importRows(tx, [good(2, { id, category: 'osp', name: NAME })], true);
				})
			);
			expect(state).toBe('42501');
		});

		it('council cannot import (RLS), even in partial mode', async () => {
			expect(await sqlState(tryAs(db, council, (tx) => importRows(tx, [good(2)], true)))).toBe(
				'42501'
			);
		});
	});
});
