import sharp from 'sharp';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';

/** Human reference of a report, e.g. KR-2026-0042. */
export const REF = /^KR-\d{4}-\d{4}$/;

export function submitButton(page: Page): Locator {
	return page.getByRole('button', { name: 'Wyślij zgłoszenie' });
}

/** Fills the fields after the place: kind, category, title and an optional description. */
export async function fillReport(
	page: Page,
	{
		title,
		kind = 'Potrzeba',
		category = 'seniorzy',
		description = 'Opis z testu e2e.'
	}: { title: string; kind?: 'Potrzeba' | 'Pomysł'; category?: string; description?: string }
) {
	await page.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
	await page.getByLabel('Kategoria').selectOption(category);
	await page.getByLabel('Tytuł').fill(title);
	await page.getByLabel('Opis').fill(description);
}

/** The status of a report as its private link returns it with Accept: application/json. */
export async function statusOf(page: Page, statusUrl: string): Promise<string> {
	const response = await page.request.get(statusUrl, { headers: { accept: 'application/json' } });
	if (!response.ok()) throw new Error(`status link answered ${response.status()}`);
	const body = (await response.json()) as { status: string };
	return body.status;
}

/** Serious and critical axe violations (WCAG 2.1 A/AA and best practices); used by every a11y test. */
export async function seriousViolations(page: Page) {
	// resultTypes: axe still runs every rule, but collects node details only for violations,
	// not for the passes nobody reads (a third less time on long pages).
	// Legacy mode: one axe.run in the page (same-origin frames included) instead of axe.runPartial
	// per frame and axe.finishRun in a new blank page with axe injected again — the same rules and
	// results for this app, whose pages embed no frames (src/ has no iframe), at
	// less than half the time per page.
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
		.options({ resultTypes: ['violations'] })
		.setLegacyMode()
		.analyze();
	return results.violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => ({
			id: violation.id,
			impact: violation.impact,
			targets: violation.nodes.map((node) => node.target.join(' '))
		}));
}

/** Waits until the page's JavaScript runs (the report queue exists in the test build). */
export async function waitForEnhanced(page: Page) {
	await page.waitForFunction(() => '__reportQueue' in window);
}

/** A small real JPEG, as a phone would attach. */
export async function testPhoto(color = '#c2410c'): Promise<Buffer> {
	return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
		.jpeg()
		.toBuffer();
}

/**
 * A phone's full-size photo: 9000 × 6000 px (54 megapixels), over 13 MB, with EXIF (camera and
 * GPS). Grain from a tiled noise square keeps the JPEG that large while taking seconds to make.
 */
export async function largePhoto(): Promise<Buffer> {
	const grain = await sharp({
		create: {
			width: 512,
			height: 512,
			channels: 3,
			background: '#808080',
			noise: { type: 'gaussian', mean: 128, sigma: 6 }
		}
	})
		.png()
		.toBuffer();
	return sharp({ create: { width: 9000, height: 6000, channels: 3, background: '#6b8e23' } })
		.composite([{ input: grain, tile: true, blend: 'overlay' }])
		.withExif({
			IFD0: { Make: 'TestCam', Model: 'Kramsk 54' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 15/1 54/1' }
		})
		.jpeg({ quality: 95 })
		.toBuffer();
}
