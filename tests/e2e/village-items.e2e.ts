import { expect, test } from './fixtures.ts';

interface NeedFeature {
	properties: { id: string; title: string; support_count: number; locality_slug: string | null };
}

test('a village lists its needs and resources; "Popieram" works by keyboard and is remembered', async ({
	page
}) => {
	const all = (await (await page.request.get('/api/needs.geojson')).json()) as {
		features: NeedFeature[];
	};
	// Not the needs the popup tests use, so counts do not interfere.
	const slug = all.features.slice(2).find((f) => f.properties.locality_slug)
		?.properties.locality_slug;
	if (!slug) throw new Error('no need with a village');
	const inVillage = (await (
		await page.request.get(`/api/needs.geojson?village=${slug}`)
	).json()) as { features: NeedFeature[] };
	const need = inVillage.features[0];
	const count = need.properties.support_count;

	await page.goto('/');
	const button = page.locator(`.village-list button[data-slug="${slug}"]`);
	await button.focus();
	await page.keyboard.press('Enter');
	const details = page.locator(`#village-details-${slug}`);
	await expect(details.getByRole('heading', { name: 'Potrzeby i pomysły' })).toBeVisible();
	await expect(details.getByRole('heading', { name: 'Zasoby' })).toBeVisible();
	const item = details.locator('li', { hasText: need.properties.title });
	await expect(item).toContainText('Kategoria:');
	await expect(item).toContainText('Status:');

	// After the village button come the first need's link to its page, then its "Popieram".
	await button.focus();
	await page.keyboard.press('Tab');
	await expect(item.getByRole('link', { name: need.properties.title })).toBeFocused();
	await page.keyboard.press('Tab');
	const support = item.getByRole('button', { name: 'Popieram', exact: true });
	await expect(support).toBeFocused();
	await expect(support).toHaveAccessibleDescription(need.properties.title);
	await page.keyboard.press('Enter');
	await expect(item.getByRole('status')).toHaveText(
		`Poparto, dziękujemy! Poparcie mieszkańców: ${count + 1}`
	);

	await page.reload();
	const again = page.locator(`#village-details-${slug} li`, { hasText: need.properties.title });
	await expect(again.getByRole('button', { name: 'Poparto — cofnij poparcie' })).toBeVisible();
	await expect(again.getByRole('status')).toHaveText(`Poparcie mieszkańców: ${count + 1}`);

	// Withdrawn, so a rerun starts from the same count.
	await again.getByRole('button', { name: 'Poparto — cofnij poparcie' }).click();
	await expect(again.getByRole('status')).toHaveText(`Poparcie mieszkańców: ${count}`);
});
