import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claims, Database, Tx } from '../../src/lib/server/db/types.ts';
import { categories } from '../../src/lib/server/region/queries.ts';
import { toCsv } from '../../src/lib/server/resources/export.ts';
import { parseImport } from '../../src/lib/server/resources/import.ts';
import {
	exportResources,
	importResources,
	setResourceStatus,
	type ResourceRecord
} from '../../src/lib/server/resources/register.ts';
import { backends, claims, sqlState, tryAs, tryAsOwner } from './backends.ts';

// Resource register in SQL: save, status changes, all-or-nothing and partial
// import, export and RLS per role. Every scenario runs in a rolled-back transaction.

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
	committed: boolean;
	rejected: { row: number; field: string; code: string }[];
}

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
				inserted: 0,
				committed: false,
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
			expect(result.report).toEqual({
				inserted: 2,
				committed: true,
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
				inserted: 0,
				committed: false,
				rejected: [{ row: 2, field: 'form', code: 'invalid' }]
			});
		});

		it('export → import gives back identical values, also text a spreadsheet would run as a formula', async () => {
			// What a resident or organizer may type; the export guards these cells with an
			// apostrophe (OWASP CSV injection), the import drops it again.
			const tricky = resource({
				name: `${NAME} =HYPERLINK("https://evil.example")`,
				description: "'Stara' szkoła — =1+1",
				address: '-',
				contact_phone: '+48 63 270 00 00',
				availability: "''",
				opening_hours: '@rano',
				owner_org: '-5'
			});
			const result = await tryAs(db, organizer, async (tx) => {
				const id = await save(tx, tricky);
				const all = { status: null, category: null };
				const original = (await exportResources(tx, 'kramsk', all)).filter((r) => r.id === id);
				const csv = toCsv(original);
				// The original is archived, so the import is not refused as its duplicate.
				await setResourceStatus(tx, id, 'archived');
				const report = parseImport(csv, 'csv', { categories: (await categories(tx)).resource });
				const imported = await importResources(tx, 'kramsk', report.accepted, false);
				const copy = (await exportResources(tx, 'kramsk', all)).filter(
					(r) => r.name === tricky.name && r.id !== id
				);
				return { csv, original, report, imported, copy };
			});
			expect(result.csv).toContain(`"'+48 63 270 00 00"`);
			expect(result.csv).not.toMatch(/(^|,)"?[=+\-@]/m);
			expect(result.report.rejected).toEqual([]);
			expect(result.imported).toMatchObject({ inserted: 1, committed: true });
			expect(result.copy).toHaveLength(1);
			// Everything but the new row's id and time stamp.
			const comparable = (r: ResourceRecord) => ({ ...r, id: '', updated_at: '' });
			expect(comparable(result.copy[0])).toEqual(comparable(result.original[0]));
			expect(result.copy[0]).toMatchObject({
				description: tricky.description,
				contact_phone: tricky.contact_phone,
				availability: "''",
				owner_org: '-5'
			});
		});

		it('council cannot import (RLS), even in partial mode', async () => {
			expect(await sqlState(tryAs(db, council, (tx) => importRows(tx, [good(2)], true)))).toBe(
				'42501'
			);
		});
	});
});
