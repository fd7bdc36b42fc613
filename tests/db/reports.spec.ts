import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState, tryAs } from './backends.ts';
import { context, hex, needReport, readSecret } from './guard-helpers.ts';

// Resident reports in SQL: idempotent submission, rate limits, private status links, photos that
// stay private until publication and duplicate hints (supports: tests/db/supports-abuse.spec.ts).
// Every call carries a context signed with the database's secret, as the app server signs it.

const TITLE = 'Test zgłoszenia mieszkańca';

function payload(secret: string, over: Record<string, unknown> = {}) {
	return needReport(TITLE, {
		description: 'Opis',
		contact_email: 'jan@example.org',
		consent_text: 'zgoda',
		ctx: context(secret),
		...over
	});
}

describe.each(backends)('resident reports on $name', (backend) => {
	let db: Database;
	let secret: string;
	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => {
		await db?.asOwner((tx) =>
			tx.query('delete from public.needs where title like $1', [`${TITLE}%`])
		);
		await db?.close();
	});
	const report = (over: Record<string, unknown> = {}) => payload(secret, over);

	const submit = (p: Record<string, unknown>) =>
		db.asUser(claims.anon, async (tx) => {
			const rows = await tx.query<{ v: { ref: string; need_id: string; replayed: boolean } }>(
				'select private.submit_need($1::text::jsonb) as v',
				[JSON.stringify(p)]
			);
			return rows[0].v;
		});
	const owner = <T>(sql: string, params: unknown[] = []) =>
		db.asOwner(async (tx) => tx.query<T>(sql, params));

	it('the same idempotency key and payload give the same ref and one row; another payload is refused', async () => {
		const p = report();
		const first = await submit(p);
		expect(first.ref).toMatch(/^KR-\d{4}-\d{4}$/);
		expect(first.replayed).toBe(false);
		const again = await submit(p);
		expect(again).toEqual({ ...first, replayed: true });
		const rows = await owner<{ n: number }>(
			'select count(*)::int as n from public.needs where id = $1',
			[first.need_id]
		);
		expect(rows[0].n).toBe(1);
		expect(await sqlState(submit({ ...p, request_hash: hex('other') }))).toBe('MZ409');
	});

	it('a report is private until published: contact never public, status link works, photo hidden', async () => {
		const photoKey = `needs/2026/${randomUUID().replace(/-/g, '').slice(0, 22)}.jpg`;
		const p = report({ photo: { storage_key: photoKey, width: 10, height: 10, bytes: 99 } });
		const { need_id } = await submit(p);
		const status = () =>
			tryAs(
				db,
				claims.anon,
				async (tx) =>
					(
						await tx.query<{
							v: { status: string; timeline: { status: string }[]; photo_key: string | null };
						}>('select private.need_status($1) as v', [p.token_hash])
					)[0].v
			);
		const before = await status();
		expect(before.status).toBe('new');
		expect(before.timeline.map((e) => e.status)).toEqual(['new']);
		expect(before.photo_key).toBeNull();
		const publicNeeds = () =>
			tryAs(
				db,
				claims.anon,
				async (tx) =>
					(
						await tx.query<{ v: string }>(
							"select public.needs_geojson('kramsk', null, null, null)::text as v"
						)
					)[0].v
			);
		expect(await publicNeeds()).not.toContain(need_id);
		const photoVisible = () =>
			tryAs(
				db,
				claims.anon,
				async (tx) =>
					(await tx.query<{ v: boolean }>('select public.photo_visible($1) as v', [photoKey]))[0].v
			);
		expect(await photoVisible()).toBe(false);

		await owner("update public.needs set status = 'published' where id = $1", [need_id]);
		const after = await status();
		expect(after.timeline.map((e) => e.status)).toEqual(['new', 'published']);
		expect(after.photo_key).toBe(photoKey);
		expect(await photoVisible()).toBe(true);
		const body = await publicNeeds();
		expect(body).toContain(need_id);
		expect(body).not.toContain('jan@example.org');
		const contact = await owner<{ email: string }>(
			'select email from public.need_contacts where need_id = $1',
			[need_id]
		);
		expect(contact[0].email).toBe('jan@example.org');
		expect(
			await sqlState(
				tryAs(db, claims.anon, (tx) => tx.query('select private.need_status($1)', ['0'.repeat(64)]))
			)
		).toBe('ok');
	});

	it('a point outside the gmina or an unknown category is refused and leaves nothing behind', async () => {
		const outside = report({ lon: 19.456, lat: 51.759 });
		expect(await sqlState(submit(outside))).toBe('MZ422');
		expect(await sqlState(submit(report({ category: 'nie-ma' })))).toBe('MZ422');
		const keys = await owner<{ n: number }>(
			'select count(*)::int as n from private.idempotency_keys where key = $1',
			[outside.idempotency_key]
		);
		expect(keys[0].n).toBe(0);
	});

	it('the village path uses the locality point', async () => {
		const { need_id } = await submit(report({ lon: null, lat: null, village: 'patrzykow' }));
		const rows = await owner<{ slug: string }>(
			'select l.slug from public.needs n join public.localities l on l.id = n.locality_id where n.id = $1',
			[need_id]
		);
		expect(rows[0].slug).toBe('patrzykow');
	});

	it('rate limits: a browser is limited by the stored rules, whatever the payload says; the wait is in DETAIL', async () => {
		// Default rules of the migration: 5 reports per browser in 10 minutes.
		const device = hex(`reports-${randomUUID()}`);
		const ip = hex(`reports-${randomUUID()}`);
		const fromDevice = () =>
			report({ ctx: context(secret, { device, ip }), rate_buckets: [], rate_limits: [] });
		for (let n = 0; n < 5; n++) await submit(fromDevice());
		const error = await submit(fromDevice()).catch((e: unknown) => e);
		expect((error as { code: string }).code).toBe('MZ429');
		expect(Number((error as { detail: string }).detail)).toBeGreaterThan(500);
		// Another browser on the same network is not affected.
		await expect(submit(report({ ctx: context(secret, { ip }) }))).resolves.toBeTruthy();
	});

	it('duplicate hints: same category within 300 m first, text-similar elsewhere, unpublished never', async () => {
		const near = await submit(
			report({ title: `${TITLE} ławka przy szkole`, lon: 18.4268, lat: 52.2651 })
		);
		const far = await submit(
			report({
				title: `${TITLE} ławka przy szkole daleko`,
				lon: 18.35,
				lat: 52.2311,
				category: 'transport'
			})
		);
		const hidden = await submit(
			report({ title: `${TITLE} niepublikowane`, lon: 18.4268, lat: 52.2651 })
		);
		await owner("update public.needs set status = 'published' where id = any($1::uuid[])", [
			[near.need_id, far.need_id]
		]);
		const hits = await tryAs(
			db,
			claims.anon,
			async (tx) =>
				(
					await tx.query<{ v: { id: string; distance_m: number }[] }>(
						"select public.similar_needs('kramsk', 18.4267, 52.265, 'seniorzy', $1, 10) as v",
						[`${TITLE} ławka przy szkole`]
					)
				)[0].v
		);
		const ids = hits.map((h) => h.id);
		expect(ids[0]).toBe(near.need_id);
		expect(hits[0].distance_m).toBeLessThan(300);
		expect(ids).toContain(far.need_id);
		expect(ids).not.toContain(hidden.need_id);
	});

	it('duplicate hints: the 300 m search reaches as far east as north (the box widens with latitude)', async () => {
		// 290 m east of 18.4267, 52.265 is 0.00426° of longitude, more than 0.003°: 290 m north is 0.0026°.
		const east = await submit(
			report({ title: `${TITLE} wschód kosz`, lon: 18.4267 + 290 / 68_130, lat: 52.265 })
		);
		const north = await submit(
			report({ title: `${TITLE} północ kosz`, lon: 18.4267, lat: 52.265 + 290 / 111_250 })
		);
		const beyond = await submit(
			report({ title: `${TITLE} dalej kosz`, lon: 18.4267 + 330 / 68_130, lat: 52.265 })
		);
		await owner("update public.needs set status = 'published' where id = any($1::uuid[])", [
			[east.need_id, north.need_id, beyond.need_id]
		]);
		const hits = await tryAs(
			db,
			claims.anon,
			async (tx) =>
				(
					await tx.query<{ v: { id: string; distance_m: number }[] }>(
						"select public.similar_needs('kramsk', 18.4267, 52.265, 'seniorzy', '', 20) as v"
					)
				)[0].v
		);
		const ids = hits.map((h) => h.id);
		expect(ids).toContain(east.need_id);
		expect(ids).toContain(north.need_id);
		expect(ids).not.toContain(beyond.need_id);
		expect(hits.every((h) => h.distance_m <= 300)).toBe(true);
	});
});
