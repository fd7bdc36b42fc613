import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { IntegerText, parseQuery, PublicNeedStatus, Slug } from './params.ts';

const Query = v.object({ category: v.optional(Slug), status: v.optional(PublicNeedStatus) });
const parse = (qs: string) => parseQuery(new URL(`http://x/api?${qs}`), Query);

describe('parseQuery', () => {
	it('accepts known, well-formed parameters', () => {
		expect(parse('category=seniorzy&status=published')).toEqual({
			ok: true,
			value: { category: 'seniorzy', status: 'published' }
		});
		expect(parse('')).toEqual({ ok: true, value: {} });
	});

	it.each([
		['categroy=seniorzy', 'unknown parameter "categroy"'],
		['category=a&category=b', 'more than once'],
		['category=Seniorzy!', 'parameter "category"'],
		['status=new', 'published']
	])('rejects %j with a message naming the problem (%j)', (qs, message) => {
		expect(parse(qs)).toEqual({ ok: false, error: expect.stringContaining(message) });
	});
});

describe('IntegerText', () => {
	const Port = IntegerText(1, 65535, 'port');
	it('reads whole numbers within the range', () => {
		expect(v.parse(Port, '1')).toBe(1);
		expect(v.parse(Port, '65535')).toBe(65535);
	});
	it.each(['0', '65536', '1e3', ' 5', '0x10', '-1', '123456', ''])('refuses %j', (text) => {
		const result = v.safeParse(Port, text);
		expect(result.success).toBe(false);
		if (!result.success) expect(result.issues[0].message).toBe('port');
	});
});
