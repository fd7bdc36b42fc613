import type { OwnerTx } from '../../src/lib/server/db/types.ts';

// The synthetic region of the planning, presentation and diagnosis specs: laid
// out in EPSG:2180 metres so distances, shares and counts can be worked out by hand.
//
//   y=10000 +---------------------+----------------------+
//           |  alfa (x 0..5000)   |  beta (x 5000..10000) |
//           |  address points at y=5000: alfa x=1000,2000,3000,4000; beta x=6000,9000
//   y=0     +---------------------+----------------------+

export const X0 = 500000;
export const Y0 = 500000;

/** SQL for a point at (x, y) metres from the origin; x and y are SQL expressions. */
export const P = (x: string, y: string) =>
	`extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint(${X0} + ${x}, ${Y0} + ${y}), 2180), 4326)`;

/** SQL for a rectangle in metres from the origin, as a MultiPolygon in WGS 84. */
export const BOX = (x1: number, y1: number, x2: number, y2: number) =>
	`extensions.st_multi(extensions.st_transform(extensions.st_makeenvelope(${X0 + x1}, ${Y0 + y1}, ${X0 + x2}, ${Y0 + y2}, 2180), 4326))`;

export const ADDRESS_XS = { alfa: [1000, 2000, 3000, 4000], beta: [6000, 9000] } as const;

/** Inserts and returns the id of the first row's `id` column. */
export function firstId(tx: OwnerTx) {
	return async (sql: string, params: unknown[] = []) =>
		(await tx.query<{ id: string }>(sql, params))[0].id;
}

/** Creates the region `slug` with the localities alfa and beta and their address points. */
export async function arrangeAlfaBeta(tx: OwnerTx, slug: string, refPrefix: string) {
	const one = firstId(tx);
	const region = await one(
		`insert into public.regions (slug, name, ref_prefix, boundary)
		 values ($1, 'Gmina testowa', $2, ${BOX(0, 0, 10000, 10000)}) returning id::text as id`,
		[slug, refPrefix]
	);
	const locality = (name: string, x1: number, x2: number) =>
		one(
			`insert into public.localities (region_id, name, slug, point, point_source, area)
			 values ($1, initcap($2), $2, ${P('$3', '5000')}, 'test', ${BOX(x1, 0, x2, 10000)})
			 returning id::text as id`,
			[region, name, (x1 + x2) / 2]
		);
	const alfa = await locality('alfa', 0, 5000);
	const beta = await locality('beta', 5000, 10000);
	for (const [loc, xs] of [
		[alfa, ADDRESS_XS.alfa],
		[beta, ADDRESS_XS.beta]
	] as const)
		for (const x of xs)
			await tx.query(
				`insert into public.address_points (locality_id, housenumber, point, label)
				 values ($1, $2, ${P('$3::integer', '5000')}, $2)`,
				[loc, String(x), x]
			);
	await tx.query(
		`update public.localities l set address_point_count =
		 (select count(*) from public.address_points a where a.locality_id = l.id) where l.region_id = $1`,
		[region]
	);
	return { region, alfa, beta, one };
}
