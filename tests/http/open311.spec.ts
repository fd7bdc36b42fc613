import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from './app.ts';

// Open311 GeoReport v2 under /open311/v2/, request by request through the hooks and handlers:
// the same public needs as the map (RLS), in JSON and XML, and reports through the guarded path.

let app: App;
beforeAll(async () => {
	app = await openApp();
});
afterAll(async () => {
	await app?.close();
});

interface ServiceRequest {
	service_request_id: string;
	status: string;
	status_notes: string;
	service_code: string;
	requested_datetime: string;
	lat: number;
	long: number;
}

const getJson = async <T>(path: string) => {
	const res = await app.request(path);
	expect(res.headers.get('content-type')).toContain('application/json');
	return { status: res.status, body: (await res.json()) as T };
};

const { DOMParser } = new JSDOM('').window;
const parseXml = (text: string) => new DOMParser().parseFromString(text, 'text/xml');

const xmlDoc = async (path: string) => {
	const res = await app.request(path);
	expect(res.headers.get('content-type')).toContain('text/xml');
	const text = await res.text();
	expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
	return { status: res.status, doc: parseXml(text) };
};

/** Public needs reported in the last 90 days, by the database owner: what requests.json owes. */
const recentPublic = (status?: 'done') =>
	app.db.asOwner(async (tx) => {
		const rows = await tx.query<{ ref: string }>(
			`select n.ref from public.needs n
			 where private.is_public_need(n.status, n.hidden_at)
			   and n.created_at >= now() - interval '90 days'
			   and ($1::text is null or n.status = $1)
			 order by n.ref`,
			[status ?? null]
		);
		return rows.map((r) => r.ref);
	});

const form = (fields: Record<string, string>) => ({
	method: 'POST',
	headers: { 'content-type': 'application/x-www-form-urlencoded' },
	body: new URLSearchParams(fields).toString()
});

describe('discovery and services', () => {
	it('discovery names the GeoReport v2 endpoint and its formats', async () => {
		const { body } = await getJson<{
			endpoints: { specification: string; url: string; formats: string[] }[];
		}>('/open311/v2/discovery.json');
		expect(body.endpoints[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
		expect(body.endpoints[0].url).toMatch(/\/open311\/v2$/);
		expect(body.endpoints[0].formats).toEqual(['application/json', 'text/xml']);
		const { doc } = await xmlDoc('/open311/v2/discovery.xml');
		expect(doc.querySelectorAll('endpoints > endpoint > formats > format')).toHaveLength(2);
	});

	it('lists every need category as a service, the same in JSON and XML', async () => {
		const cats = (await (await app.request('/api/categories')).json()) as {
			need: { slug: string; label_pl: string }[];
		};
		const { body } = await getJson<
			{ service_code: string; service_name: string; metadata: boolean }[]
		>('/open311/v2/services.json');
		expect(body.map((s) => s.service_code)).toEqual(cats.need.map((c) => c.slug));
		expect(body.map((s) => s.service_name)).toEqual(cats.need.map((c) => c.label_pl));
		const { doc } = await xmlDoc('/open311/v2/services.xml');
		expect(
			[...doc.querySelectorAll('services > service > service_code')].map((e) => e.textContent)
		).toEqual(cats.need.map((c) => c.slug));
	});

	it('defines the attributes of a service, and answers 404 in the spec’s shape for an unknown one', async () => {
		const { body } = await getJson<{ attributes: { code: string; values: { key: string }[] }[] }>(
			'/open311/v2/services/seniorzy.json'
		);
		expect(body.attributes.map((a) => a.code)).toEqual(['kind', 'title', 'contact_consent']);
		expect(body.attributes[0].values.map((v) => v.key)).toEqual(['need', 'idea']);
		const missing = await getJson<{ code: number; description: string }[]>(
			'/open311/v2/services/nie-ma-takiej.json'
		);
		expect(missing.status).toBe(404);
		expect(missing.body[0].code).toBe(404);
		const { status, doc } = await xmlDoc('/open311/v2/services/nie-ma-takiej.xml');
		expect(status).toBe(404);
		expect(doc.querySelector('errors > error > code')?.textContent).toBe('404');
	});

	it('answers 404 for a format other than json or xml', async () => {
		expect((await app.request('/open311/v2/services.csv')).status).toBe(404);
	});
});

describe('GET requests', () => {
	it('lists exactly the public needs of the last 90 days, with open/closed and our status in notes', async () => {
		const { body } = await getJson<ServiceRequest[]>('/open311/v2/requests.json');
		expect(body.map((r) => r.service_request_id).sort()).toEqual(await recentPublic());
		for (const r of body) {
			expect(r.status).toBe(r.status_notes.endsWith('(done)') ? 'closed' : 'open');
			expect(r.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
			expect(r.lat).toBeGreaterThan(52);
			expect(r.long).toBeGreaterThan(18);
		}
		const times = body.map((r) => r.requested_datetime);
		expect([...times].sort().reverse()).toEqual(times);
	});

	it('filters by status and service code, and the XML carries the same requests', async () => {
		const closed = await getJson<ServiceRequest[]>('/open311/v2/requests.json?status=closed');
		expect(closed.body.map((r) => r.service_request_id).sort()).toEqual(await recentPublic('done'));
		const all = await getJson<ServiceRequest[]>('/open311/v2/requests.json');
		const code = all.body[0].service_code;
		const one = await getJson<ServiceRequest[]>(`/open311/v2/requests.json?service_code=${code}`);
		expect(one.body.length).toBeGreaterThan(0);
		expect(one.body.every((r) => r.service_code === code)).toBe(true);
		const { doc } = await xmlDoc('/open311/v2/requests.xml');
		expect(
			[...doc.querySelectorAll('service_requests > request > service_request_id')].map(
				(e) => e.textContent
			)
		).toEqual(all.body.map((r) => r.service_request_id));
	});

	it('refuses a bad filter with 400 in the spec’s error shape', async () => {
		for (const query of [
			'status=pending',
			'start_date=yesterday',
			'start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z',
			'service_code=nie-ma-takiej'
		]) {
			const { status, body } = await getJson<{ code: number; description: string }[]>(
				`/open311/v2/requests.json?${query}`
			);
			expect(status, query).toBe(400);
			expect(body[0].code).toBe(400);
			expect(body[0].description.length).toBeGreaterThan(5);
		}
	});

	it('answers one public request by its id, and 404 for a report not yet public', async () => {
		const [ref] = await recentPublic();
		const { body } = await getJson<ServiceRequest[]>(`/open311/v2/requests/${ref}.json`);
		expect(body.map((r) => r.service_request_id)).toEqual([ref]);
		const hidden = await app.db.asOwner(async (tx) => {
			const [row] = await tx.query<{ ref: string }>(
				`select ref from public.needs where status = 'new' and ref is not null limit 1`
			);
			return row.ref;
		});
		expect((await app.request(`/open311/v2/requests/${hidden}.json`)).status).toBe(404);
	});
});

describe('POST requests', () => {
	const fields = {
		service_code: 'seniorzy',
		lat: '52.2650',
		long: '18.4267',
		description: 'Brak ławek przy przystanku\nSeniorzy czekają na autobus na stojąco.',
		email: 'ala@example.org',
		'attribute[contact_consent]': 'true'
	};

	it('creates a report waiting in moderation; a replay with the same key creates nothing', async () => {
		const key = `o311-${Date.now()}`;
		const headers = { 'idempotency-key': key };
		const first = await app.request('/open311/v2/requests.json', {
			...form(fields),
			headers: { ...form(fields).headers, ...headers }
		});
		expect(first.status).toBe(201);
		const [answer] = (await first.json()) as {
			service_request_id: string;
			service_notice: string;
		}[];
		expect(answer.service_request_id).toMatch(/^KR-\d{4}-\d{4,}$/);
		expect(answer.service_notice).toContain('/zgloszenie/');
		const replay = await app.request('/open311/v2/requests.json', {
			...form(fields),
			headers: { ...form(fields).headers, ...headers }
		});
		expect(replay.status).toBe(201);
		expect(((await replay.json()) as { service_request_id: string }[])[0].service_request_id).toBe(
			answer.service_request_id
		);
		const stored = await app.db.asOwner((tx) =>
			tx.query<{ status: string; title: string; description: string; email: string | null }>(
				`select n.status, n.title, n.description, c.email from public.needs n
				 left join public.need_contacts c on c.need_id = n.id where n.ref = $1`,
				[answer.service_request_id]
			)
		);
		expect(stored).toEqual([
			{
				status: 'new',
				title: 'Brak ławek przy przystanku',
				description: 'Seniorzy czekają na autobus na stojąco.',
				email: 'ala@example.org'
			}
		]);
		// Not public yet: neither the list nor the one-request URL shows it.
		expect(
			(await app.request(`/open311/v2/requests/${answer.service_request_id}.json`)).status
		).toBe(404);
	});

	it('does not store a contact without consent, and says so', async () => {
		const { ['attribute[contact_consent]']: _consent, ...withoutConsent } = fields;
		void _consent;
		const res = await app.request('/open311/v2/requests.xml', form(withoutConsent));
		expect(res.status).toBe(201);
		const doc = parseXml(await res.text());
		const ref = doc.querySelector('service_requests > request > service_request_id')?.textContent;
		expect(doc.querySelector('request > service_notice')?.textContent).toContain('contact_consent');
		const contacts = await app.db.asOwner((tx) =>
			tx.query(
				`select 1 from public.need_contacts c join public.needs n on n.id = c.need_id where n.ref = $1`,
				[ref]
			)
		);
		expect(contacts).toHaveLength(0);
	});

	it('refuses what the app would refuse, in the spec’s error shape', async () => {
		const cases: [Record<string, string>, number][] = [
			[{ ...fields, service_code: '' }, 400],
			[{ ...fields, lat: '', long: '' }, 400],
			[{ ...fields, description: '' }, 400],
			[{ ...fields, lat: '50.0', long: '19.9' }, 422],
			[{ ...fields, service_code: 'nie-ma-takiej' }, 422]
		];
		for (const [body, status] of cases) {
			const res = await app.request('/open311/v2/requests.json', form(body));
			expect(res.status, JSON.stringify(body)).toBe(status);
			const [error] = (await res.json()) as { code: number; description: string }[];
			expect(error.code).toBe(status);
		}
	});
});
