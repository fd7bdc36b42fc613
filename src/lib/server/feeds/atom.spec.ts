import { describe, expect, it } from 'vitest';
import { parseAtom } from '../../../../tests/atom.ts';
import { writeAtom, xml, type AtomFeed } from './atom.ts';

const feed = (over: Partial<AtomFeed> = {}): AtomFeed => ({
	id: 'https://mapa.example/potrzeby.atom',
	title: 'Potrzeby',
	self: 'https://mapa.example/potrzeby.atom',
	alternate: 'https://mapa.example/',
	author: 'Mapa — Gmina',
	lang: 'pl',
	fallbackUpdated: new Date('2026-01-01T00:00:00Z'),
	entries: [],
	...over
});

describe('xml', () => {
	it('escapes the five markup characters', () => {
		expect(xml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
	});

	it('drops characters XML 1.0 cannot hold, keeps tab, newlines and astral characters', () => {
		expect(xml('a\u0000b\u0008c\u001Fd\uFFFEe\tf\ng\rh😀\uD800i')).toBe('abcde\tf\ng\rh😀i');
	});
});

describe('writeAtom', () => {
	it('writes a valid empty feed dated by its fallback', () => {
		const parsed = parseAtom(writeAtom(feed()));
		expect(parsed.updated).toBe('2026-01-01T00:00:00Z');
		expect(parsed.entries).toEqual([]);
		expect(parsed.self).toBe('https://mapa.example/potrzeby.atom');
	});

	it('keeps hostile text as text and dates the feed by its newest entry', () => {
		const hostile = `]]></title><script>alert("x")</script> & 'więcej' \u0001`;
		const text = writeAtom(
			feed({
				entries: [
					{
						id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
						title: hostile,
						updated: new Date('2026-03-01T10:00:00.123Z'),
						link: 'https://mapa.example/potrzeby/KR-2026-0001?a=1&b=2',
						summary: `linia 1\n<b>linia 2</b>`,
						categories: [{ term: 'drogi', label: 'drogi & "chodniki"' }]
					},
					{
						id: 'urn:uuid:00000000-0000-4000-8000-000000000002',
						title: 'Druga',
						updated: new Date('2026-04-02T08:30:00Z'),
						link: 'https://mapa.example/potrzeby/KR-2026-0002'
					}
				]
			})
		);
		const parsed = parseAtom(text);
		expect(text).not.toContain('<script>');
		expect(parsed.updated).toBe('2026-04-02T08:30:00Z');
		expect(parsed.entries[0]).toEqual({
			id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
			title: hostile.replace('\u0001', ''),
			updated: '2026-03-01T10:00:00Z',
			alternate: 'https://mapa.example/potrzeby/KR-2026-0001?a=1&b=2',
			summary: 'linia 1\n<b>linia 2</b>'
		});
		expect(parsed.entries[1].summary).toBeNull();
	});

	it('is refused by the checker when a required element is missing', () => {
		const broken = writeAtom(feed()).replace(/ {2}<updated>.*<\/updated>\n/, '');
		expect(() => parseAtom(broken)).toThrow(/updated/);
	});
});
