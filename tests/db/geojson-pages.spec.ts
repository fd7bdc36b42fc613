import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import { needsGeojson, resourcesGeojson } from '../../src/lib/server/region/queries.ts';
import { backends, claims, sqlState, tryAs } from './backends.ts';

// public.needs_geojson, the open API of the needs: a bounding box and pages of a bounded size,
// so no request carries every need of a large region.

interface Page {
	features: { properties: { ref: string; title: string } }[];
	next_after?: string;
}

const NO_FILTER = { category: null, village: null, status: null };

describe.each(backends)('needs GeoJSON pages on $name', (backend) => {
	let db: Database;
	const read = (filters: Parameters<typeof needsGeojson>[2]) =>
		tryAs(
			db,
			claims.anon,
			async (tx) => JSON.parse(await needsGeojson(tx, 'kramsk', filters)) as Page
		);

	beforeAll(async () => {
		db = await backend.open();
		await db.asOwner((tx) =>
			tx.query(
				`insert into public.needs (region_id, kind, category, title, point, status, created_at)
				 select l.region_id, 'need', 'seniorzy', 'Strona ' || g, l.point,
				   case when g = 3 then 'new' else 'published' end, now() - g * interval '1 minute'
				 from public.localities l, generate_series(1, 7) g where l.slug = 'wysokie'`
			)
		);
		await db.asOwner((tx) =>
			tx.query(
				`insert into public.resources (region_id, category, name, point, status)
				 select l.region_id, (select slug from public.resource_categories order by slug limit 1),
				   'Strona zasobu ' || g, l.point, 'published'
				 from public.localities l, generate_series(1, 5) g where l.slug = 'wysokie'`
			)
		);
	});
	afterAll(async () => {
		await db?.asOwner(async (tx) => {
			await tx.query(`delete from public.needs where title like 'Strona %'`);
			await tx.query(`delete from public.resources where name like 'Strona zasobu %'`);
		});
		await db?.close();
	});

	it('walks every public need page by page, newest first, each once', async () => {
		const all = await read({ ...NO_FILTER, limit: 10000 });
		expect(all.next_after).toBeUndefined();
		const seen: string[] = [];
		let after: string | null = null;
		for (let pages = 0; pages < 100; pages++) {
			const page: Page = await read({ ...NO_FILTER, limit: 4, after });
			expect(page.features.length).toBeLessThanOrEqual(4);
			seen.push(...page.features.map((f) => f.properties.ref));
			if (!page.next_after) break;
			expect(page.features.length).toBe(4);
			expect(page.next_after).toBe(page.features[3].properties.ref);
			after = page.next_after;
		}
		expect(seen).toEqual(all.features.map((f) => f.properties.ref));
		const titles = all.features
			.map((f) => f.properties.title)
			.filter((t) => t.startsWith('Strona'));
		// Newest first, and the unmoderated one never shown.
		expect(titles).toEqual([
			'Strona 1',
			'Strona 2',
			'Strona 4',
			'Strona 5',
			'Strona 6',
			'Strona 7'
		]);
	});

	it('keeps to the bounding box', async () => {
		const [p] = await db.asOwner((tx) =>
			tx.query<{ lon: number; lat: number }>(
				`select extensions.st_x(point) as lon, extensions.st_y(point) as lat
				 from public.localities where slug = 'wysokie'`
			)
		);
		const near = await read({
			...NO_FILTER,
			bbox: [p.lon - 0.001, p.lat - 0.001, p.lon + 0.001, p.lat + 0.001]
		});
		expect(near.features.filter((f) => f.properties.title.startsWith('Strona'))).toHaveLength(6);
		const away = await read({ ...NO_FILTER, bbox: [0, 0, 1, 1] });
		expect(away.features).toEqual([]);
	});

	it('refuses a bad limit, box or cursor with 22023, and a cursor to a hidden need too', async () => {
		const state = (filters: Parameters<typeof needsGeojson>[2]) =>
			sqlState(tryAs(db, claims.anon, (tx) => needsGeojson(tx, 'kramsk', filters)));
		expect(await state({ ...NO_FILTER, limit: 0 })).toBe('22023');
		expect(await state({ ...NO_FILTER, limit: 10001 })).toBe('22023');
		expect(await state({ ...NO_FILTER, bbox: [19, 52, 18, 53] })).toBe('22023');
		expect(await state({ ...NO_FILTER, bbox: [1, 2, 3] })).toBe('22023');
		expect(await state({ ...NO_FILTER, after: 'XX-0000-0000' })).toBe('22023');
		const [hidden] = await db.asOwner((tx) =>
			tx.query<{ ref: string }>(`select ref from public.needs where title = 'Strona 3'`)
		);
		expect(await state({ ...NO_FILTER, after: hidden.ref })).toBe('22023');
	});

	it('pages the resources too, in name order, each once', async () => {
		const read = (page: Parameters<typeof resourcesGeojson>[4]) =>
			tryAs(
				db,
				claims.anon,
				async (tx) =>
					JSON.parse(await resourcesGeojson(tx, 'kramsk', null, null, page)) as {
						features: { properties: { id: string } }[];
						next_after?: string;
					}
			);
		const all = await read({ limit: 10000 });
		expect(all.features.length).toBeGreaterThanOrEqual(5);
		const seen: string[] = [];
		let after: string | null = null;
		for (let pages = 0; pages < 100; pages++) {
			const page: Awaited<ReturnType<typeof read>> = await read({ limit: 2, after });
			seen.push(...page.features.map((f) => f.properties.id));
			if (!page.next_after) break;
			after = page.next_after;
		}
		expect(seen).toEqual(all.features.map((f) => f.properties.id));
		expect((await read({ bbox: [0, 0, 1, 1] })).features).toEqual([]);
		expect(
			await sqlState(
				tryAs(db, claims.anon, (tx) =>
					resourcesGeojson(tx, 'kramsk', null, null, {
						after: '00000000-0000-4000-8000-000000000000'
					})
				)
			)
		).toBe('22023');
	});
});
