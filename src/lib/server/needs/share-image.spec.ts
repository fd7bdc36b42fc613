import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SHARE_IMAGE, shareImagePng, shareImageSvg, wrapText } from './share-image';

describe('share image', () => {
	it('wraps a long title at spaces and ends a cut one with an ellipsis', () => {
		expect(wrapText('Ławka przy sklepie w Kramsku', 12, 3)).toEqual([
			'Ławka przy',
			'sklepie w',
			'Kramsku'
		]);
		const cut = wrapText('jeden dwa trzy cztery pięć sześć siedem', 10, 2);
		expect(cut).toHaveLength(2);
		expect(cut[1].endsWith('…')).toBe(true);
		expect(wrapText('Bardzodługiesłowobezspacji', 10, 2)[0]).toBe('Bardzodłu…');
	});

	it('escapes text typed by people, so it cannot add SVG markup', () => {
		const svg = shareImageSvg({
			kicker: 'Potrzeba KR-2026-0001',
			title: '<script>alert(1)</script> & "cudzysłów"',
			lines: [],
			footer: 'Mapa'
		});
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&lt;script&gt;');
		expect(svg).toContain('&quot;cudzysłów&quot;');
		expect(svg).toContain('&amp;');
	});

	it('renders a 1200×630 PNG with the map', async () => {
		const png = await shareImagePng({
			kicker: 'Potrzeba KR-2026-0001',
			title: 'Oświetlenie przejścia dla pieszych przy szkole',
			lines: ['Miejscowość: Kramsk'],
			footer: 'Mapa Zasobów i Potrzeb',
			map: {
				width: 1000,
				height: 500,
				outline: 'M 0 0 L 1000 0 1000 500 0 500 Z',
				point: [500, 250]
			}
		});
		const meta = await sharp(png).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual([
			'png',
			SHARE_IMAGE.width,
			SHARE_IMAGE.height
		]);
		// The marker is drawn: the map's centre pixel is red, not the outline's grey.
		const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
		const at = (x: number, y: number) => data.subarray((y * info.width + x) * info.channels);
		const [r, g, b] = at(920, 290);
		expect(r).toBeGreaterThan(150);
		expect(g).toBeLessThan(80);
		expect(b).toBeLessThan(80);
	});
});
