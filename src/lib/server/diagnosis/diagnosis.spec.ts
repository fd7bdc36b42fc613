import Papa from 'papaparse';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { comparisonLine, coverageGaps, snapshotLine, summaryLines } from '$lib/diagnosis/text';
import { diagnosisCsv, figureRows } from './csv.ts';
import { sampleDiagnosis } from './fixture.ts';
import { diagnosisGeojson } from './geojson.ts';
import { diagnosisPdf } from './pdf.ts';
import { parseScope, scopeSlug } from './scope.ts';

describe('diagnosis scopes', () => {
	it('parses village, sołectwo and gmina slugs and rejects junk', () => {
		expect(parseScope('kramsk')).toEqual({ kind: 'village', slug: 'kramsk' });
		expect(parseScope('solectwo-kramsk-legi')).toEqual({ kind: 'solectwo', slug: 'kramsk-legi' });
		expect(parseScope('gmina')).toEqual({ kind: 'gmina', slug: 'gmina' });
		for (const bad of ['', 'Kramsk', 'a/b', 'x--y', '-x', 'a'.repeat(91)])
			expect(parseScope(bad)).toBeNull();
		for (const slug of ['kramsk', 'solectwo-kramsk-legi', 'gmina']) {
			const scope = parseScope(slug);
			expect(scope && scopeSlug(scope)).toBe(slug);
		}
	});
});

describe('summary text', () => {
	it('names the most reported needs, the most supported one, the biggest gap and activities', () => {
		const lines = summaryLines(sampleDiagnosis());
		expect(lines[0]).toBe(
			'Najczęściej zgłaszane potrzeby: seniorzy (4), transport (2), kultura i dziedzictwo (1).'
		);
		expect(lines[1]).toBe('Najbardziej popierana potrzeba: „Zajęcia dla seniorów” (poparcia: 9).');
		expect(lines[2]).toBe(
			'Największa luka w dostępności: remiza OSP — 10% adresów w zasięgu 2000 m wobec 50% w całej gminie, czyli o 16 z 40 adresów mniej.'
		);
		expect(lines[3]).toBe('Działania zrealizowane: 1, zaplanowane: 3.');
	});

	it('picks the gap the village lags most behind the gmina, weighted by its address points', () => {
		const d = sampleDiagnosis();
		// Nothing near the village: every category at 0%. The biggest gap is the one the rest
		// of the gmina reaches best (OSP, 60%), never the first of the list nor the absent library.
		d.coverage.by_category = d.coverage.by_category.map((c, i) => ({
			...c,
			covered: 0,
			share: 0,
			gmina_share: [0.2, 0.6, 0.4, 0][i]
		}));
		expect(coverageGaps(d).map((g) => [g.category, g.behind])).toEqual([
			['osp', 24],
			['kgw', 16],
			['swietlica', 8]
		]);
		expect(summaryLines(d)[2]).toBe(
			'Największa luka w dostępności: remiza OSP — 0% adresów w zasięgu 2000 m wobec 60% w całej gminie, czyli o 24 z 40 adresów mniej.'
		);
		// For the gmina itself the measure is the address points out of reach.
		d.scope.kind = 'gmina';
		expect(coverageGaps(d).map((g) => g.behind)).toEqual([40, 40, 40]);
		expect(summaryLines(d)[2]).toContain('(40 z 40 adresów poza zasięgiem)');
		// The gmina has no resource of any category: no gap, whatever the shares.
		d.coverage.by_category = d.coverage.by_category.map((c) => ({ ...c, gmina_resources: 0 }));
		expect(coverageGaps(d)).toEqual([]);
		expect(summaryLines(d)[2]).toBe('Nie stwierdzono luk w dostępności zasobów.');
	});

	it('says so when there are no needs and no gaps', () => {
		const d = sampleDiagnosis();
		d.needs.by_category = [];
		d.needs.top = [];
		d.coverage.by_category = d.coverage.by_category.map((c) => ({ ...c, share: 1 }));
		const lines = summaryLines(d);
		expect(lines[0]).toBe('Nie zgłoszono jeszcze publicznych potrzeb.');
		expect(lines[1]).toBe('Nie stwierdzono luk w dostępności zasobów.');
	});

	it('orders coverage gaps from the lowest share and compares with the gmina', () => {
		expect(coverageGaps(sampleDiagnosis()).map((g) => g.category)).toEqual(['osp', 'kgw']);
		expect(coverageGaps(sampleDiagnosis())[0]).toMatchObject({ uncovered: 36, behind: 16 });
		expect(comparisonLine(sampleDiagnosis())).toBe(
			'Dla porównania — Gmina Kramsk: potrzeby 30, zasoby 12, działania zrealizowane 5.'
		);
		const snap = snapshotLine(sampleDiagnosis());
		expect(snap).toContain('Kramsk');
		expect(snap).toContain('potrzeby 7, zasoby 2, działania 4');
	});
});

describe('CSV and GeoJSON', () => {
	it('writes one row per figure with section, category, metric and value', () => {
		const csv = diagnosisCsv(sampleDiagnosis());
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const parsed = Papa.parse<Record<string, string>>(csv.slice(1).trim(), { header: true });
		expect(parsed.meta.fields).toEqual(['section', 'category', 'metric', 'value']);
		const find = (section: string, category: string, metric: string) =>
			parsed.data.find(
				(r) => r.section === section && r.category === category && r.metric === metric
			)?.value;
		expect(find('scope', '', 'name')).toBe('Kramsk');
		expect(find('totals', '', 'needs')).toBe('7');
		expect(find('totals', '', 'resources')).toBe('2');
		expect(find('coverage', 'biblioteka', 'gmina_resources')).toBe('0');
		expect(find('gmina', '', 'needs')).toBe('30');
		expect(find('needs', 'seniorzy', 'supports')).toBe('15');
		expect(find('coverage', 'osp', 'share')).toBe('0.1');
		expect(find('trend_months', '2026-11', 'reported')).toBe('5');
		expect(parsed.data).toHaveLength(figureRows(sampleDiagnosis()).length);
	});

	it('guards a name that a spreadsheet would run as a formula; numbers stay numbers', () => {
		const d = sampleDiagnosis();
		const csv = diagnosisCsv({
			...d,
			scope: { ...d.scope, name: '=HYPERLINK("https://x.example")' }
		});
		expect(csv).toContain('scope,,name,"\'=HYPERLINK(""https://x.example"")"\r\n');
		expect(csv).toContain('totals,,needs,7\r\n');
		expect(csv).toContain('totals,,resources,2\r\n');
		expect(csv).toContain('coverage,osp,share,0.1\r\n');
	});

	it('puts the figures on the area feature and the points after it', () => {
		const fc = diagnosisGeojson(sampleDiagnosis(), {
			area: { type: 'Point', coordinates: [18.4, 52.2] },
			resources: [{ name: 'Świetlica', category: 'swietlica', lon: 18.41, lat: 52.26 }],
			needs: [
				{
					ref: 'KR-2026-0001',
					title: 'Zajęcia',
					category: 'seniorzy',
					status: 'published',
					support_count: 9,
					lon: 18.42,
					lat: 52.27
				}
			],
			next_after: null
		});
		expect(fc.features.map((f): unknown => f.properties?.kind)).toEqual([
			'area',
			'resource',
			'need'
		]);
		expect(fc.features[0].properties).toMatchObject({
			figures: { 'totals.needs': '7' },
			name: 'Kramsk'
		});
		expect(fc).not.toHaveProperty('next_after');
	});

	it('a later page of needs has no area, and a page with more after it names next_after', () => {
		const need = {
			ref: 'KR-2026-0002',
			title: 'Ławka',
			category: 'seniorzy',
			status: 'published',
			support_count: 0,
			lon: 18.42,
			lat: 52.27
		};
		const fc = diagnosisGeojson(null, {
			area: null,
			resources: [],
			needs: [need],
			next_after: 'KR-2026-0002'
		});
		expect(fc.features.map((f): unknown => f.properties?.kind)).toEqual(['need']);
		expect(fc.next_after).toBe('KR-2026-0002');
	});
});

describe('PDF', () => {
	it('contains the name, the counts, the comparison with the gmina and the footer', async () => {
		const bytes = await diagnosisPdf(sampleDiagnosis(), false);
		const pdf = await getDocumentProxy(new Uint8Array(bytes));
		const { text } = await extractText(pdf, { mergePages: true });
		expect(text).toContain('Diagnoza: Kramsk');
		expect(text).toContain('Najczęściej zgłaszane potrzeby: seniorzy (4)');
		expect(text).toContain('Gmina Kramsk: potrzeby 30');
		expect(text).toContain('potrzeby 7, zasoby 2');
		expect(text).toContain('Jak wybieramy największą lukę');
		expect(text).toContain('biblioteka (brak w gminie)');
		expect(text).not.toContain('<3');
		expect(text).toContain('Zajęcia dla seniorów');
	});

	it('draws many needs as a grid of at most 64 × 64 cells and stays under 1 MB', async () => {
		const d = sampleDiagnosis();
		const cell = 100;
		const cells: [number, number, number][] = [];
		for (let j = 0; j < 64; j++)
			for (let i = 0; i < 64; i++)
				cells.push([(i + 0.5) * cell, (j + 0.5) * cell, 1 + ((i * j) % 250)]);
		d.map = { ...d.map!, width: 6400, height: 6400, needs: [], need_grid: { cell, cells } };
		const bytes = await diagnosisPdf(d, false);
		expect(bytes.byteLength).toBeLessThan(1024 * 1024);
		const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
			mergePages: true
		});
		expect(text).toContain('potrzeby w kratkach 100 m');
		expect(text).toContain('najwięcej 250 w kratce');
	});
});
