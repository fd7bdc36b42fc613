import { describe, expect, it } from 'vitest';
import { toXml } from './format.ts';
import { titleFrom, toReport } from './post.ts';
import { parseRequestsQuery } from './requests.ts';

describe('toXml', () => {
	it('names list members by the spec’s singular and escapes text', () => {
		expect(toXml('services', [{ service_code: 'a&b', metadata: true, group: '' }])).toBe(
			'<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>a&amp;b</service_code><metadata>true</metadata><group/></service></services>'
		);
		expect(toXml('errors', [{ code: 400, description: '<x>' }])).toContain(
			'<errors><error><code>400</code><description>&lt;x&gt;</description></error></errors>'
		);
	});
});

describe('titleFrom', () => {
	it('takes the first line, and cuts a long one at a word with an ellipsis', () => {
		expect(titleFrom('  Dziura  w drodze \nGłęboka.')).toBe('Dziura w drodze');
		const long = titleFrom('słowo '.repeat(40));
		expect(long.length).toBeLessThanOrEqual(120);
		expect(long.endsWith('słowo…')).toBe(true);
	});
});

describe('toReport', () => {
	const base = {
		service_code: 'seniorzy',
		lat: '52.26',
		long: '18.42',
		description: 'Ławki\nBrak ławek.'
	};

	it('maps the spec’s fields onto a report, the rest of the description kept', () => {
		const r = toReport(base, 'key-12345678');
		expect(r).toEqual({
			ok: true,
			notices: [],
			raw: {
				kind: 'need',
				category: 'seniorzy',
				title: 'Ławki',
				description: 'Brak ławek.',
				lat: '52.26',
				lon: '18.42',
				idempotency_key: 'key-12345678',
				website: ''
			}
		});
	});

	it('uses attribute[title], attribute[kind] and a village by address_id', () => {
		const r = toReport(
			{
				service_code: 'seniorzy',
				address_id: 'wysokie',
				description: 'Opis',
				'attribute[title]': 'Tytuł',
				'attribute[kind]': 'idea'
			},
			null
		);
		expect(r.ok && r.raw).toMatchObject({
			kind: 'idea',
			title: 'Tytuł',
			description: 'Opis',
			village: 'wysokie'
		});
		expect(r.ok && r.raw.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('keeps a contact only with consent, and says when it did not', () => {
		const without = toReport({ ...base, email: 'a@b.pl' }, null);
		expect(without.ok && 'contact' in without.raw).toBe(false);
		expect(without.ok && without.notices[0]).toContain('contact_consent');
		const withConsent = toReport(
			{ ...base, phone: '600 100 200', 'attribute[contact_consent]': 'true' },
			null
		);
		expect(withConsent.ok && withConsent.raw).toMatchObject({
			contact: '600 100 200',
			contact_consent: 'true'
		});
	});

	it('refuses a request without a service, a place or any text', () => {
		expect(toReport({ ...base, service_code: '' }, null).ok).toBe(false);
		expect(toReport({ ...base, lat: '' }, null).ok).toBe(false);
		expect(toReport({ ...base, description: '  ' }, null).ok).toBe(false);
	});
});

describe('parseRequestsQuery', () => {
	const now = new Date('2026-12-05T12:00:00Z');
	const q = (s: string) => parseRequestsQuery(new URLSearchParams(s), now);

	it('defaults to the last 90 days', () => {
		const r = q('');
		expect(r.ok && [r.query.start?.toISOString(), r.query.end?.toISOString()]).toEqual([
			'2026-09-06T12:00:00.000Z',
			'2026-12-05T12:00:00.000Z'
		]);
	});

	it('reads lists, and lets service_request_id override the other filters', () => {
		const r = q('service_code=a,b&status=open,closed');
		expect(r.ok && [r.query.codes, r.query.statuses]).toEqual([
			['a', 'b'],
			['open', 'closed']
		]);
		const byId = q('service_request_id=kr-2026-0001,KR-2026-0002&status=open');
		expect(byId.ok && byId.query).toEqual({
			refs: ['KR-2026-0001', 'KR-2026-0002'],
			codes: null,
			statuses: null,
			start: null,
			end: null
		});
	});

	it('refuses a bad status, a date without a zone and a range over 90 days', () => {
		expect(q('status=pending').ok).toBe(false);
		expect(q('start_date=2026-01-01T10:00').ok).toBe(false);
		expect(q('start_date=2026-01-01&end_date=2026-06-01').ok).toBe(false);
		expect(q('start_date=2026-06-01&end_date=2026-01-01').ok).toBe(false);
	});
});
