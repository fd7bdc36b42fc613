import { describe, expect, it } from 'vitest';
import { toLocalInput } from './time';

describe('toLocalInput', () => {
	it('gives the Warsaw wall-clock time in winter and summer', () => {
		expect(toLocalInput(new Date('2026-11-26T13:05:00Z'))).toBe('2026-11-26T14:05');
		expect(toLocalInput(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02T00:30');
	});
});
