import { describe, expect, it } from 'vitest';
import { idOrIndex } from './row-key';

describe('idOrIndex', () => {
	it('keys a record by its id, and anything else by its place', () => {
		expect(idOrIndex({ id: 'a1', name: 'Borowa' }, 3)).toBe('a1');
		expect(idOrIndex({ id: 0 }, 3)).toBe(0);
		expect(idOrIndex({ row: 7 }, 3)).toBe(3);
		expect(idOrIndex('Lipnik', 2)).toBe(2);
		expect(idOrIndex(null, 1)).toBe(1);
	});
});
