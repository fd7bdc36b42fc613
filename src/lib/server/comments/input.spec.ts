import { describe, expect, it } from 'vitest';
import { COMMENT_BODY_MAX, parseComment } from './input.ts';

const KEY = '7f0c2d9e-4b1a-4c3e-9f5d-2a6b8c0d1e2f';

describe('parseComment', () => {
	it('accepts a comment without a nickname and trims what shows nothing', () => {
		const parsed = parseComment({ body: '  Dobry pomysł\u200b ', idempotency_key: KEY });
		expect(parsed).toEqual({
			ok: true,
			comment: { nickname: null, body: 'Dobry pomysł', idempotency_key: KEY, honeypot: false }
		});
	});

	it('refuses an empty body, a body over the limit and a bad key, field by field', () => {
		const empty = parseComment({ body: ' \u00a0 ', idempotency_key: 'x' });
		expect(empty.ok).toBe(false);
		if (!empty.ok) expect(Object.keys(empty.fields).sort()).toEqual(['body', 'idempotency_key']);
		const long = parseComment({ body: 'ą'.repeat(COMMENT_BODY_MAX + 1), idempotency_key: KEY });
		expect(long.ok).toBe(false);
		const full = parseComment({ body: 'ą'.repeat(COMMENT_BODY_MAX), idempotency_key: KEY });
		expect(full.ok).toBe(true);
	});

	it('marks a filled honeypot', () => {
		const parsed = parseComment({ body: 'Spam', idempotency_key: KEY, website: 'x' });
		expect(parsed.ok && parsed.comment.honeypot).toBe(true);
	});
});
