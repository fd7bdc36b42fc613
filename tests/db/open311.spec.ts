import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import { backends, claims, tryAs } from './backends.ts';

// public.open311_requests (Open311 GeoReport v2 requests) on every backend: it runs as the caller,
// so what a role may read decides what it lists, and it never lists a need that is not public.

const LIST = `select public.open311_requests('kramsk', $1, $2, $3, null, null, 1000) as v`;

describe.each(backends)('open311_requests on $name', (backend) => {
	let db: Database;
	// One need in each public status, and one of each status that is not public; removed after.
	const STATUSES = ['new', 'published', 'in_progress', 'done', 'rejected'];
	beforeAll(async () => {
		db = await backend.open();
		await db.asOwner(async (tx) => {
			for (const status of STATUSES)
				await tx.query(
					`insert into public.needs (region_id, kind, category, title, point, status)
					 select r.id, 'need', 'seniorzy', $1,
					   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326), $2
					 from public.regions r where r.slug = 'kramsk'`,
					[`Open311 ${status}`, status]
				);
		});
	});
	afterAll(async () => {
		await db?.asOwner((tx) => tx.query(`delete from public.needs where title like 'Open311 %'`));
		await db?.close();
	});

	const refs = (role: keyof typeof claims, params: unknown[] = [null, null, null]) =>
		tryAs(db, claims[role], async (tx) => {
			const [row] = await tx.query<{
				v: { ref: string; open311_status: string; status: string }[];
			}>(LIST, params);
			return row.v;
		});

	const publicRefs = () =>
		db.asOwner(async (tx) =>
			(
				await tx.query<{ ref: string }>(
					`select ref from public.needs where private.is_public_need(status, hidden_at) order by ref`
				)
			).map((r) => r.ref)
		);

	it('allows anon and staff the public needs, and nothing else', async () => {
		const expected = await publicRefs();
		expect(expected.length).toBeGreaterThan(0);
		for (const role of ['anon', 'organizer'] as const) {
			const rows = await refs(role);
			expect(rows.map((r) => r.ref).sort(), role).toEqual(expected);
		}
	});

	it('denies a need that is not public, even asked for by its reference', async () => {
		const hidden = await db.asOwner(async (tx) => {
			const [row] = await tx.query<{ ref: string }>(
				`select ref from public.needs where not private.is_public_need(status, hidden_at)
				 and ref is not null limit 1`
			);
			return row.ref;
		});
		expect(await refs('anon', [[hidden], null, null])).toEqual([]);
		expect(await refs('organizer', [[hidden], null, null])).toEqual([]);
	});

	it('maps done to closed and every other public status to open', async () => {
		for (const row of await refs('anon')) {
			expect(row.open311_status).toBe(row.status === 'done' ? 'closed' : 'open');
		}
		const closed = await refs('anon', [null, null, ['closed']]);
		expect(closed.every((r) => r.status === 'done')).toBe(true);
	});

	it('refuses an unknown service code with invalid_parameter_value', async () => {
		const state = await tryAs(db, claims.anon, (tx) =>
			tx.query(LIST, [null, ['nie-ma-takiej'], null]).then(
				() => null,
				(e: { code?: string }) => e.code
			)
		);
		expect(state).toBe('22023');
	});
});
