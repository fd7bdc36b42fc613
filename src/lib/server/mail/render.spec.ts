import { describe, expect, it } from 'vitest';
import { renderResetMail, renderStatusMail } from './render.ts';
import { unsubscribeToken, verifyUnsubscribeToken } from './tokens.ts';

const input = {
	locale: 'pl' as const,
	ref: 'KR-2026-0007',
	title: 'Ławka <script>alert(1)</script> & "cień"',
	status: 'in_progress',
	statusUrl: 'https://mapa.example/zgloszenie/abc?x=1&y=2',
	unsubscribeUrl: 'https://mapa.example/wypisz/t'
};

describe('renderStatusMail', () => {
	it('writes Polish text with the status label, explanation and both links', () => {
		const mail = renderStatusMail(input);
		expect(mail.subject).toBe('Zgłoszenie KR-2026-0007: W realizacji');
		expect(mail.text).toContain('Sprawa jest w trakcie realizacji.');
		expect(mail.text).toContain(input.statusUrl);
		expect(mail.text).toContain(input.unsubscribeUrl);
	});

	it('escapes everything in the HTML part', () => {
		const { html } = renderStatusMail(input);
		expect(html).not.toContain('<script>');
		expect(html).toContain('Ławka &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;cień&quot;');
		expect(html).toContain('href="https://mapa.example/zgloszenie/abc?x=1&amp;y=2"');
		expect(html).toContain('<html lang="pl">');
	});

	it('writes English, and leaves the status line out when there is no link', () => {
		const mail = renderStatusMail({ ...input, locale: 'en', statusUrl: null, title: 'Bench' });
		expect(mail.subject).toBe('Report KR-2026-0007: In progress');
		expect(mail.text).toContain('the status of your report KR-2026-0007 “Bench” has changed to');
		expect(mail.text).not.toContain('/zgloszenie/');
	});

	it('keeps the subject on one line whatever the title holds', () => {
		const mail = renderStatusMail({ ...input, ref: 'KR-1\r\nBcc: x@example.org' });
		expect(mail.subject).not.toMatch(/[\r\n]/);
	});
});

describe('unsubscribe tokens', () => {
	const need = '0b3c0c4e-6a4f-4c1e-9a51-2f7d1c6f0a11';
	it('verify only with the same secret and an untouched need id', () => {
		const token = unsubscribeToken('s'.repeat(64), need);
		expect(verifyUnsubscribeToken('s'.repeat(64), token)).toBe(need);
		expect(verifyUnsubscribeToken('t'.repeat(64), token)).toBeNull();
		const other = need.replace('0a11', '0a12');
		expect(verifyUnsubscribeToken('s'.repeat(64), `${other}${token.slice(36)}`)).toBeNull();
		expect(verifyUnsubscribeToken('s'.repeat(64), 'garbage')).toBeNull();
	});
});

describe('renderResetMail', () => {
	it('carries the link and how long it works, says what to do if unasked, and has no unsubscribe line', () => {
		const url = 'https://mapa.example/logowanie/haslo/x.y';
		const pl = renderResetMail({ locale: 'pl', url, minutes: 60 });
		expect(pl.subject).toBe('Zmiana hasła do panelu');
		expect(pl.text).toContain(url);
		expect(pl.text).toContain('60 min');
		expect(pl.text).toContain('zignoruj tę wiadomość');
		expect(pl.text).not.toContain('Wypisz');
		expect(pl.html).toContain(`href="${url}"`);
		const en = renderResetMail({ locale: 'en', url, minutes: 5 });
		expect(en.subject).toBe('Resetting your panel password');
		expect(en.text).toContain('5 min');
	});
});
