import { expect, test, type Page } from './fixtures.ts';
import { signIn } from './auth-helpers';
import { seriousViolations } from './report-helpers';

// Region administration. SYNTHETIC overlapping squares carry the names of two
// seeded localities; no real boundary is invented. Nothing here changes the database.

const square = (lon: number, lat: number, d: number) => ({
	type: 'Polygon',
	coordinates: [
		[
			[lon, lat],
			[lon + d, lat],
			[lon + d, lat + d],
			[lon, lat + d],
			[lon, lat]
		]
	]
});
const OVERLAPPING = JSON.stringify({
	type: 'FeatureCollection',
	features: [
		{ type: 'Feature', properties: { name: 'Anielew' }, geometry: square(18.42, 52.25, 0.01) },
		{ type: 'Feature', properties: { name: 'Barce' }, geometry: square(18.425, 52.255, 0.01) }
	]
});

async function officialAreas(page: Page): Promise<number> {
	const body = (await (await page.request.get('/api/villages.geojson')).json()) as {
		features: { properties: { area_source: string } }[];
	};
	expect(body.features).toHaveLength(65);
	return body.features.filter((f) => f.properties.area_source === 'official').length;
}

test('organizer gets 403 on /panel/obszar', async ({ page }) => {
	await signIn(page, 'organizer');
	const response = await page.goto('/panel/obszar');
	expect(response?.status()).toBe(403);
});

for (const javaScriptEnabled of [true, false]) {
	test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled });

		test('admin uploads overlapping boundaries: report shown, nothing changed', async ({
			page
		}) => {
			await signIn(page, 'admin', '/panel/obszar');
			await expect(page.getByRole('heading', { level: 1, name: 'Obszar gminy' })).toBeVisible();
			// axe runs inside the page: only with JavaScript.
			if (javaScriptEnabled) expect(await seriousViolations(page)).toEqual([]);
			expect(await officialAreas(page)).toBe(0);

			await page.getByLabel(/^Plik/).setInputFiles({
				name: 'granice-syntetyczne.geojson',
				mimeType: 'application/geo+json',
				buffer: Buffer.from(OVERLAPPING)
			});
			await page.getByLabel('Źródło granic').fill('syntetyczny test');
			await page.getByLabel(/Rozumiem, że po pomyślnym sprawdzeniu/).check();
			await page.getByRole('button', { name: 'Sprawdź i zastąp obszary' }).click();

			const report = page.getByRole('region', { name: 'Raport sprawdzenia' });
			await expect(report).toBeVisible();
			await expect(report.getByRole('alert')).toContainText('Nic nie zmieniono');
			await expect(report).toContainText('Nakłada się na: Barce');
			await expect(report).toContainText('Nakłada się na: Anielew');
			await expect(report).toContainText('Plik obejmuje 2 z 65');
			if (javaScriptEnabled) expect(await seriousViolations(page)).toEqual([]);
			expect(await officialAreas(page)).toBe(0);
			await expect(page.getByText('Urzędowe obszary ma 0 z 65 miejscowości')).toBeVisible();
		});
	});
}

test('applying without the confirmation is refused with a field error', async ({ page }) => {
	await signIn(page, 'admin', '/panel/obszar');
	await page.getByLabel(/^Plik/).setInputFiles({
		name: 'granice-syntetyczne.geojson',
		mimeType: 'application/geo+json',
		buffer: Buffer.from(OVERLAPPING)
	});
	await page.getByRole('button', { name: 'Sprawdź i zastąp obszary' }).click();
	await expect(
		page.getByText('Zaznacz potwierdzenie, aby zastąpić obszary.').first()
	).toBeVisible();
	await expect(page.getByRole('alert').first()).toContainText('Formularz zawiera błędy');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('admin records the sołtys of a sołectwo and sees its localities as checkboxes', async ({
		page
	}) => {
		await signIn(page, 'admin', '/panel/obszar');
		await page.getByRole('link', { name: 'Edytuj sołectwo Podgór' }).click();
		const editor = page.getByRole('region', { name: 'Sołectwo Podgór' });
		await expect(editor.getByRole('checkbox', { name: 'Podgórz' })).toBeChecked();
		await expect(editor.getByRole('checkbox', { name: 'Biechowy' })).not.toBeChecked();
		// A synthetic name: the sources give no sołtys.
		await editor.getByLabel('Sołtys (imię i nazwisko)').fill('Osoba Testowa (syntetyczna)');
		await editor.getByLabel('Sołtys od (data)').fill('2024-05-01');
		await editor.getByRole('button', { name: 'Zapisz', exact: true }).click();
		await expect(page.getByRole('status')).toHaveText('Zapisano.');
		await expect(page.getByRole('row', { name: /Podgór/ }).first()).toContainText(
			'Osoba Testowa (syntetyczna)'
		);
	});
});

test('public village details say whether the area is approximate or official', async ({ page }) => {
	await page.goto('/?wies=patrzykow');
	const details = page.locator('#village-details-patrzykow');
	await expect(details).toContainText('Obszar na mapie: przybliżony');
	await expect(details).toContainText('Obszar miejscowości na mapie jest przybliżony');
});
