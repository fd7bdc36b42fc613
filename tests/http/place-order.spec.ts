import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App, type Client } from './app.ts';

// What the pages and the gmina PDF show of the 65 localities comes in the order of
// Intl.Collator('pl'), as SQL sorts it (private.sort_key_pl): "Dąbrówka" before "Drążek",
// "Święte" before "Wysokie". The SQL lists themselves are checked on every backend in
// tests/db/place-order.spec.ts.

const collator = new Intl.Collator('pl');
const polish = (names: readonly string[]) => [...names].sort(collator.compare);
const LOCALITIES = polish(
	Papa.parse<{ name: string }>(
		readFileSync(new URL('../../data/regions/kramsk/villages.csv', import.meta.url), 'utf8'),
		{ header: true, skipEmptyLines: true }
	).data.map((row) => row.name)
);
const names = (list: readonly { name: string }[]) => list.map((x) => x.name);

type Named = { name: string }[];

let app: App;
let council: Client;
beforeAll(async () => {
	app = await openApp({ staff: ['council'] });
	council = await app.signedIn('council');
});
afterAll(async () => {
	await app?.close();
});

const data = async <T>(client: App | Client, path: string): Promise<T> => {
	const res = await client.request(path);
	expect(res.status, path).toBe(200);
	return (await res.json()) as T;
};

describe('Polish alphabetical order of the localities on the pages', () => {
	it('/, /dzialania and /diagnoza list the 65 localities in Intl.Collator("pl") order', async () => {
		expect(LOCALITIES).toHaveLength(65);
		const home = await data<{ villages: Named }>(app, '/__data.json');
		const activities = await data<{ villages: Named }>(app, '/dzialania/__data.json');
		const diagnoses = await data<{ scopes: { villages: Named; solectwa: Named } }>(
			app,
			'/diagnoza/__data.json'
		);
		expect(names(home.villages)).toEqual(LOCALITIES);
		expect(names(activities.villages)).toEqual(LOCALITIES);
		expect(names(diagnoses.scopes.villages)).toEqual(LOCALITIES);
		const solectwa = names(diagnoses.scopes.solectwa);
		expect(solectwa).toEqual(polish(solectwa));
	});

	it('the planning lists: villages, sołectwa, and the ranking within equal ranks', async () => {
		const page = await data<{
			choices: { villages: Named; solectwa: Named };
			ranking: { village: string; gap_rank: number }[];
		}>(council, '/panel/planowanie/__data.json');
		expect(names(page.choices.villages)).toEqual(LOCALITIES);
		const solectwa = names(page.choices.solectwa);
		expect(solectwa).toEqual(polish(solectwa));
		expect(page.ranking).toHaveLength(65);
		const ranks = [...new Set(page.ranking.map((r) => r.gap_rank))];
		expect(ranks.length).toBeLessThan(65); // some villages share a rank
		for (const rank of ranks) {
			const tied = page.ranking.filter((r) => r.gap_rank === rank).map((r) => r.village);
			expect(tied).toEqual(polish(tied));
		}
	});

	it('the gmina PDF lists its villages in that order', async () => {
		const res = await app.request('/api/diagnoza/gmina.pdf');
		expect(res.status).toBe(200);
		const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
		// Lines may break after a space or a hyphen ("Morzysław-" / "Kolonia").
		const text = (await extractText(pdf, { mergePages: true })).text
			.replace(/\s+/g, ' ')
			.replace(/- /g, '-');
		const start = text.indexOf('Wsie: ');
		expect(start).toBeGreaterThanOrEqual(0);
		const listed = text
			.slice(start + 'Wsie: '.length)
			.split(', ')
			.slice(0, 65);
		expect(listed.slice(0, 64)).toEqual(LOCALITIES.slice(0, 64));
		expect(listed[64].startsWith(LOCALITIES[64])).toBe(true);
	});
});
