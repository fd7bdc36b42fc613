import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseQuery, PublicNeedStatus, Slug } from './params.ts';

const Query = v.object({ category: v.optional(Slug), status: v.optional(PublicNeedStatus) });
const parse = (qs: string) => parseQuery(new URL(`http://x/api?${qs}`), Query);

describe('parseQuery', () => {
	it('accepts known, well-formed parameters', () => {
		expect(parse('category=seniorzy&status=opublikowane')).toEqual({
			ok: true,
			value: { category: 'seniorzy', status: 'opublikowane' }
		});
		expect(parse('')).toEqual({ ok: true, value: {} });
	});

	it('rejects unknown, repeated and malformed parameters with a message naming them', () => {
		expect(parse('categroy=seniorzy')).toEqual({
			ok: false,
			error: expect.stringContaining('unknown parameter "categroy"')
		});
		expect(parse('category=a&category=b')).toEqual({
			ok: false,
			error: expect.stringContaining('more than once')
		});
		expect(parse('category=Seniorzy!')).toEqual({
			ok: false,
			error: expect.stringContaining('parameter "category"')
		});
		expect(parse('status=nowe')).toEqual({
			ok: false,
			error: expect.stringContaining('opublikowane')
		});
	});
});
