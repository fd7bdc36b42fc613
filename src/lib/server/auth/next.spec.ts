import { describe, expect, it } from 'vitest';
import { safeNext } from './next.ts';

describe('safeNext', () => {
	it('keeps paths on this site, with their query', () => {
		expect(safeNext('/panel/moderacja?x=1')).toBe('/panel/moderacja?x=1');
	});
	it('refuses other sites and odd forms', () => {
		for (const bad of ['https://evil.test/', '//evil.test', '/\\evil.test', 'panel', '', null])
			expect(safeNext(bad)).toBe('/panel');
	});
});
