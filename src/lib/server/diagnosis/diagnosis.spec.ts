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
			'Największa luka w dostępności: remiza OSP — 36 z 40 adresów dalej niż 2000 m od takiego zasobu (10% w zasięgu).'
		);
		expect(lines[3]).toBe('Działania zrealizowane: 1, zaplanowane: 3.');
	});

	it('picks the biggest gap among categories the gmina has, by address points out of reach', () => {
		const d = sampleDiagnosis();
		// Nothing near the village: every category at 0%. The gap is still one the gmina has,
		// the one it has most of, never the first of the list nor the absent library.
		d.coverage.by_category = d.coverage.by_category.map((c, i) => ({
			...c,
			covered: 0,
			share: 0,
			gmina_resources: c.category === 'biblioteka' ? 0 : [2, 1, 5][i]
		}));
		expect(coverageGaps(d).map((g) => g.category)).toEqual(['kgw', 'swietlica', 'osp']);
		expect(summaryLines(d)[2]).toContain('koło gospodyń wiejskich — 40 z 40 adresów');
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
		expect(coverageGaps(sampleDiagnosis())[0].uncovered).toBe(36);
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
			]
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
});
