import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../src/lib/server/db/types.ts';
import { value } from '../../src/lib/server/db/value.ts';
import { backends, claims, tryAs } from './backends.ts';

// Polish alphabetical order of place names, made in SQL by private.sort_key_pl: every list of
// the gmina's 65 localities and its sołectwa that the app shows, on every backend, in the order
// of Intl.Collator('pl') (CLDR "pl"). Code-point order would put "Drążek" before "Dąbrówka" and
// "Święte" after "Wysokie".

const REGION = 'kramsk';
const collator = new Intl.Collator('pl');
const polish = (names: readonly string[]) => [...names].sort(collator.compare);

/** The 65 locality names of the region folder the template is seeded from. */
const LOCALITIES = Papa.parse<{ name: string }>(
	readFileSync(new URL('../../data/regions/kramsk/villages.csv', import.meta.url), 'utf8'),
	{ header: true, skipEmptyLines: true }
).data.map((row) => row.name);

const names = (list: readonly { name: string }[]) => list.map((x) => x.name);

/** Every list of the localities or sołectwa that the SQL functions give, by where it is shown. */
async function placeLists(tx: Tx) {
	const call = <T>(sql: string, params: unknown[] = []) => value<T>(tx, sql, params);
	type Named = { name: string }[];
	const scopes = await call<{ villages: Named; solectwa: Named }>(
		'select public.diagnosis_scopes($1) as v',
		[REGION]
	);
	const choices = await call<{ villages: Named; solectwa: Named }>(
		'select public.planning_choices($1) as v',
		[REGION]
	);
	const villagesGeojson = await call<{ features: { properties: { name: string } }[] }>(
		'select public.villages_geojson($1) as v',
		[REGION]
	);
	return {
		localities: {
			'home, /dzialania, report form (village_summaries)': names(
				await call<Named>('select public.village_summaries($1) as v', [REGION])
			),
			'villages.geojson': villagesGeojson.features.map((f) => f.properties.name),
			'/diagnoza (diagnosis_scopes)': names(scopes.villages),
			'gmina PDF village list (diagnosis)': names(
				(
					await call<{ scope: { villages: Named } }>('select public.diagnosis($1, $2, $3) as v', [
						REGION,
						'gmina',
						'gmina'
					])
				).scope.villages
			),
			'planning choices': names(choices.villages),
			'planning coverage': (
				await call<{ village: string }[]>('select public.coverage($1, $2, 2000) as v', [
					REGION,
					'swietlica'
				])
			).map((r) => r.village),
			'/prezentacja (presentation_villages)': names(
				await call<Named>('select public.presentation_villages($1, $2, 2000) as v', [
					REGION,
					'swietlica'
				])
			),
			'activity form (activity_form_options)': names(
				(
					await call<{ localities: Named }>(
						'select public.activity_form_options($1, null, null) as v',
						[REGION]
					)
				).localities
			)
		},
		solectwa: {
			'/diagnoza (diagnosis_scopes)': names(scopes.solectwa),
			'planning choices': names(choices.solectwa)
		}
	};
}

describe.each(backends)('Polish alphabetical order of place names ($name)', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	const sortedInSql = (list: readonly string[]) =>
		tryAs(db, claims.anon, async (tx) =>
			(
				await tx.query<{ n: string }>(
					'select n from unnest($1::text[]) n order by private.sort_key_pl(n)',
					[[...list].reverse()]
				)
			).map((r) => r.n)
		);

	it('sorts all 65 localities exactly as Intl.Collator("pl")', async () => {
		expect(LOCALITIES).toHaveLength(65);
		const expected = polish(LOCALITIES);
		// The order code points would give is not it.
		expect(expected.indexOf('Dąbrówka')).toBeLessThan(expected.indexOf('Drążek'));
		expect(expected.indexOf('Święte')).toBeLessThan(expected.indexOf('Wysokie'));
		expect(await sortedInSql(LOCALITIES)).toEqual(expected);
	});

	it('matches Intl.Collator("pl") on case, spaces, hyphens, digits and every Polish letter', async () => {
		const tricky = [
			'a', 'A', 'ą', 'Ą', 'ab', 'az', 'ąa', 'b', 'ca', 'ć', 'Ćma', 'ez', 'ę', 'lz', 'Łąka', 'ł',
			'nz', 'Ńa', 'oz', 'ó', 'Ó', 'Ola', 'sz', 'Śa', 'zz', 'Źródło', 'Żabno', 'źa', 'ża',
			'Kramsk', 'Kramsk-Łazy', 'Kramsk Łazy', 'Kramsk-Pole', 'Kramska', 'Kramsk2',
			'Helenów 2', 'Helenów Drugi', 'Rudzica', 'Rudzica-Leśniczówka', 'Éva', 'Ewa', 'Über'
		]; // prettier-ignore
		expect(await sortedInSql(tricky)).toEqual(polish(tricky));
	});

	it('gives every list of localities and sołectwa in that order', async () => {
		const lists = await tryAs(db, claims.organizer, placeLists);
		for (const [where, list] of Object.entries(lists.localities)) {
			expect(list, where).toHaveLength(65);
			expect(list, where).toEqual(polish(LOCALITIES));
		}
		const solectwa = await tryAs(db, claims.anon, (tx) =>
			tx.query<{ name: string }>(
				'select s.name from public.solectwa s join public.regions r on r.id = s.region_id where r.slug = $1',
				[REGION]
			)
		);
		expect(solectwa.length).toBeGreaterThan(1);
		for (const [where, list] of Object.entries(lists.solectwa)) {
			expect(list, where).toEqual(polish(names(solectwa)));
		}
	});
});
