import { describe, expect, it } from 'vitest';
import { etagMatches, openData } from './http.ts';

describe('openData', () => {
	it('sends an ETag and answers 304 when the client already has that version', async () => {
		const first = openData(new Request('http://x/a'), '{"a":1}', 'application/json');
		expect(first.status).toBe(200);
		const etag = first.headers.get('etag');
		expect(etag).toMatch(/^".+"$/);
		expect(first.headers.get('cache-control')).toContain('max-age');
		const again = openData(
			new Request('http://x/a', { headers: { 'if-none-match': `W/${etag}` } }),
			'{"a":1}',
			'application/json'
		);
		expect(again.status).toBe(304);
		const changed = openData(
			new Request('http://x/a', { headers: { 'if-none-match': etag ?? '' } }),
			'{"a":2}',
			'application/json'
		);
		expect(changed.status).toBe(200);
		expect(await changed.text()).toBe('{"a":2}');
	});
});

describe('etagMatches', () => {
	const req = (value: string) => new Request('http://x/a', { headers: { 'if-none-match': value } });
	it('compares weakly, reads lists and *, and is false without the header', () => {
		expect(etagMatches(req('W/"a"'), '"a"')).toBe(true);
		expect(etagMatches(req('"a"'), 'W/"a"')).toBe(true);
		expect(etagMatches(req('"b", W/"a"'), 'W/"a"')).toBe(true);
		expect(etagMatches(req('*'), 'W/"a"')).toBe(true);
		expect(etagMatches(req('"b"'), 'W/"a"')).toBe(false);
		expect(etagMatches(new Request('http://x/a'), '"a"')).toBe(false);
	});
});
