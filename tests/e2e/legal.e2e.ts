import { expect, test } from './fixtures.ts';
import { signIn } from './auth-helpers';

// Legal pages: admin-editable contents, linked from every page footer.

test('every page footer links the legal pages, presentation and diagnosis, in both languages', async ({
	page
}) => {
	await page.goto('/zglos');
	const footer = page.getByRole('contentinfo');
	for (const [name, href] of [
		['Deklaracja dostępności', '/deklaracja-dostepnosci'],
		['Ochrona danych (RODO)', '/rodo'],
		['Zasady moderacji', '/zasady-moderacji'],
		['Tryb prezentacji', '/prezentacja'],
		['Diagnoza', '/diagnoza']
	]) {
		await expect(footer.getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
	}
	// The report form links the moderation rules.
	await page
		.getByRole('main')
		.getByRole('link', { name: /zasady moderacji/i })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zasady moderacji zgłoszeń');
	await expect(page.getByRole('heading', { name: 'Zgłaszanie nadużyć' })).toBeVisible();

	await page.goto('/en/dzialania');
	const enFooter = page.getByRole('contentinfo');
	await expect(enFooter.getByRole('link', { name: 'Accessibility statement' })).toHaveAttribute(
		'href',
		'/en/deklaracja-dostepnosci'
	);
	await enFooter.getByRole('link', { name: 'Accessibility statement' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement');
	await expect(page.getByText(/^Last updated: \d{1,2} \w+ \d{4}$/)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Enforcement procedure' })).toBeVisible();
});

test('an admin edits the RODO page; the public page shows the change; others get 403', async ({
	browser
}) => {
	const admin = await browser.newPage();
	await signIn(admin, 'admin', '/panel/strony');
	await admin.getByLabel('Strona').selectOption('rodo');
	await admin.getByLabel('Język').selectOption('pl');
	await admin.getByRole('button', { name: 'Otwórz do edycji' }).click();
	await expect(admin).toHaveURL(/strona=rodo&jezyk=pl/);
	const title = admin.getByLabel('Tytuł');
	const body = admin.getByLabel('Treść');
	await expect(title).toHaveValue('Ochrona danych osobowych (RODO)');
	const original = await body.inputValue();

	// Invalid (blank after trimming; the browser's `required` lets spaces through to the server):
	// the error is announced and what was typed stays in the form.
	await title.fill('  ');
	await body.fill(`${original}\n\n## Kontakt w gminie\n- Dyżur w środy`);
	await admin.getByRole('button', { name: 'Zapisz stronę' }).click();
	await expect(admin.getByRole('alert')).toContainText('Podaj tytuł');
	await expect(body).toHaveValue(/Dyżur w środy/);

	// Preview renders the blocks without saving.
	await title.fill('Ochrona danych osobowych (RODO) w CUS');
	await admin.getByRole('button', { name: 'Podgląd' }).click();
	const preview = admin.getByRole('region', { name: 'Podgląd strony' });
	await expect(preview.getByRole('heading', { name: 'Kontakt w gminie' })).toBeVisible();
	await expect(preview.getByRole('listitem').filter({ hasText: 'Dyżur w środy' })).toBeVisible();
	await admin.goto('/rodo');
	await expect(admin.getByText('Dyżur w środy')).toHaveCount(0);

	await admin.goto('/panel/strony?strona=rodo&jezyk=pl');
	await admin.getByLabel('Tytuł').fill('Ochrona danych osobowych (RODO) w CUS');
	await admin.getByLabel('Treść').fill(`${original}\n\n## Kontakt w gminie\n- Dyżur w środy`);
	await admin.getByRole('button', { name: 'Zapisz stronę' }).click();
	await expect(admin.getByRole('status')).toContainText('Zapisano');

	const visitor = await browser.newPage();
	await visitor.goto('/rodo');
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(
		'Ochrona danych osobowych (RODO) w CUS'
	);
	await expect(visitor.getByRole('heading', { name: 'Kontakt w gminie' })).toBeVisible();
	await expect(visitor.getByRole('listitem').filter({ hasText: 'Dyżur w środy' })).toBeVisible();
	// The English page is a row of its own, unchanged.
	await visitor.goto('/en/rodo');
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(
		'Personal data protection (GDPR)'
	);

	// The edit is in the audit log.
	await admin.goto('/panel/dziennik?tabela=legal_pages');
	await expect(admin.getByRole('main')).toContainText('legal_pages');

	for (const role of ['organizer', 'council'] as const) {
		const staff = await browser.newPage();
		await signIn(staff, role);
		const response = await staff.goto('/panel/strony');
		expect(response?.status()).toBe(403);
		const post = await staff.request.post('/panel/strony?/save', {
			form: { slug: 'rodo', locale: 'pl', title: 'Przejęte', body: 'x' },
			headers: { origin: new URL(staff.url()).origin }
		});
		expect(post.status()).toBe(403);
		await staff.close();
	}
	await visitor.goto('/rodo');
	await expect(visitor.getByRole('heading', { level: 1 })).not.toHaveText('Przejęte');
});
