import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import { GET as villageSummary } from '../../src/routes/api/villages/[slug]/summary/+server.ts';
import { GET as solectwoSummary } from '../../src/routes/api/solectwa/[slug]/summary/+server.ts';
import { backends, claims } from './backends.ts';

// The two area summary endpoints in-process, as the public: one handler shape for both (a slug,
// no query parameters, open-data JSON with a validator, 404 naming an unknown slug).

describe.each(backends)('area summary endpoints on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	const get = (
		handler: typeof villageSummary | typeof solectwoSummary,
		slug: string,
		query = '',
		headers: Record<string, string> = {}
	) => {
		const url = new URL(`http://x/api/area/${slug}/summary${query}`);
		return handler({
			params: { slug },
			url,
			request: new Request(url, { headers }),
			locals: {
				region: 'kramsk',
				db: (fn: Parameters<Database['asUser']>[1]) => db.asUser(claims.anon, fn)
			}
		} as never);
	};

	it('a village: open data with an ETag, 304 when the client has it', async () => {
		const res = await get(villageSummary, 'kramsk');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		expect((await res.json()).village).toMatchObject({ name: 'Kramsk', slug: 'kramsk' });
		const etag = res.headers.get('etag') ?? '';
		expect((await get(villageSummary, 'kramsk', '', { 'if-none-match': etag })).status).toBe(304);
	});

	it('a sołectwo: its villages summed', async () => {
		const res = await get(solectwoSummary, 'borki');
		expect(res.status).toBe(200);
		expect((await res.json()).solectwo).toMatchObject({ slug: 'borki' });
	});

	it('an unknown slug is a 404 that names it, in the words of each endpoint', async () => {
		const village = await get(villageSummary, 'nie-ma-takiej');
		expect(village.status).toBe(404);
		expect(await village.json()).toEqual({ error: 'unknown village: nie-ma-takiej' });
		const solectwo = await get(solectwoSummary, 'nie-ma');
		expect(solectwo.status).toBe(404);
		expect(await solectwo.json()).toEqual({ error: 'unknown solectwo: nie-ma' });
	});

	it('a malformed slug or any query parameter is a 400', async () => {
		const bad = await get(villageSummary, 'Kramsk!');
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatch(/^village must be a lower-case ASCII slug/);
		expect((await get(solectwoSummary, 'borki', '?x=1')).status).toBe(400);
	});
});
