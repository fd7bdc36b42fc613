import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DESCRIPTION_MAX, TITLE_MAX, TITLE_MIN } from '$lib/report/limits';
import { NeedFields, parseReport } from './input.ts';

const base = {
	kind: 'need',
	category: 'seniorzy',
	title: 'Ławka przy przystanku',
	description: '',
	lon: '18.4267',
	lat: '52.265',
	idempotency_key: '2b7e1516-28ae-4d2a-a6d2-abf715880912'
};

describe('parseReport', () => {
	it('accepts form strings and JSON numbers alike, and classifies the contact', () => {
		const form = parseReport({ ...base, contact: 'jan@example.org', contact_consent: 'on' });
		expect(form).toMatchObject({
			ok: true,
			report: { lon: 18.4267, lat: 52.265, contact_email: 'jan@example.org', contact_phone: null }
		});
		const json = parseReport({
			...base,
			lon: 18.4267,
			lat: 52.265,
			contact: '+48 600 100 200',
			contact_consent: true
		});
		expect(json).toMatchObject({
			ok: true,
			report: { contact_phone: '+48600100200', contact_email: null }
		});
	});

	it('allows the village instead of a point', () => {
		expect(parseReport({ ...base, lon: '', lat: '', village: 'patrzykow' })).toMatchObject({
			ok: true,
			report: { lon: null, lat: null, village: 'patrzykow' }
		});
	});

	it('returns a Polish message per invalid field', () => {
		const result = parseReport({
			...base,
			title: 'x'.repeat(121),
			lon: '',
			lat: '',
			contact: 'nie-wiem',
			kind: 'cos'
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.fields.title).toMatch(/najwyżej 120/);
		expect(result.fields.kind).toMatch(/potrzeba/);
		expect(result.fields.contact).toMatch(/e-mail albo numer telefonu/);
	});

	it('requires a place, and consent when a contact is given', () => {
		const noPlace = parseReport({ ...base, lon: '', lat: '' });
		expect(noPlace.ok === false && noPlace.fields.lat).toMatch(/Wskaż miejsce/);
		const noConsent = parseReport({ ...base, contact: 'jan@example.org' });
		expect(noConsent.ok === false && noConsent.fields.contact_consent).toMatch(/zgodę/);
	});

	it('flags the honeypot and keeps HTML as plain text', () => {
		const result = parseReport({
			...base,
			title: '<img src=x onerror=alert(1)>',
			website: 'http://spam'
		});
		expect(result).toMatchObject({
			ok: true,
			report: { title: '<img src=x onerror=alert(1)>', honeypot: true }
		});
	});

	it('a title of only invisible characters is too short; invisible edges are trimmed', () => {
		for (const title of ['\u200b\u200b\u200b', '\u200c\u200d\u2060\ufeff', '\u00ad\u3164\u2800'])
			expect(parseReport({ ...base, title })).toMatchObject({
				ok: false,
				fields: { title: expect.stringMatching(/co najmniej 3|at least 3/) }
			});
		expect(parseReport({ ...base, title: '\ufeffŁawka\u200b' })).toMatchObject({
			ok: true,
			report: { title: 'Ławka' }
		});
	});

	it('a NUL character in any text field is refused with a message, never sent to the database', () => {
		for (const field of ['title', 'description', 'category', 'contact', 'idempotency_key'])
			expect(parseReport({ ...base, [field]: 'Ławka\u0000x' }), field).toMatchObject({
				ok: false,
				fields: { [field]: expect.any(String) }
			});
	});
});

describe('NeedFields', () => {
	it("holds the browser's limits: the title from 3 to 120 characters, the description to 2000", () => {
		const ok = (schema: Parameters<typeof v.safeParse>[0], value: string) =>
			v.safeParse(schema, value).success;
		expect(ok(NeedFields.title, 'x'.repeat(TITLE_MIN))).toBe(true);
		expect(ok(NeedFields.title, 'x'.repeat(TITLE_MIN - 1))).toBe(false);
		expect(ok(NeedFields.title, 'x'.repeat(TITLE_MAX + 1))).toBe(false);
		expect(ok(NeedFields.description, 'x'.repeat(DESCRIPTION_MAX))).toBe(true);
		expect(ok(NeedFields.description, 'x'.repeat(DESCRIPTION_MAX + 1))).toBe(false);
		expect(ok(NeedFields.village, 'Wola Podłężna')).toBe(false);
	});
});
