import { describe, expect, it } from 'vitest';
import { UUID_SOURCE, UUID, isUuid } from './uuid';

const ID = '0b7e6c1a-3f2d-4c5b-9a8e-1d2c3b4a5f60';

describe('uuid', () => {
	it('accepts the 8-4-4-4-12 form', () => {
		expect(isUuid(ID)).toBe(true);
		expect(UUID.test(ID)).toBe(true);
	});
	it('accepts upper case only where any case is allowed', () => {
		expect(isUuid(ID.toUpperCase())).toBe(true);
		expect(UUID.test(ID.toUpperCase())).toBe(false);
	});
	it('refuses other shapes', () => {
		for (const s of ['', 'abc', `${ID}x`, ` ${ID}`, ID.replaceAll('-', ''), ID.slice(1)]) {
			expect(isUuid(s)).toBe(false);
			expect(UUID.test(s)).toBe(false);
		}
	});
	it('embeds into a larger pattern', () => {
		const token = new RegExp('^(' + UUID_SOURCE + ')\\.x$');
		expect((ID + '.x').match(token)?.[1]).toBe(ID);
	});
});
