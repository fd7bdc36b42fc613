import { describe, expect, it } from 'vitest';
import { isApiPath } from './api-path.ts';

describe('isApiPath', () => {
	it('names the JSON API and Open311, with or without a language prefix', () => {
		expect(isApiPath('/api/needs')).toBe(true);
		expect(isApiPath('/open311/v2/requests.json')).toBe(true);
		expect(isApiPath('/en/api/needs.geojson')).toBe(true);
	});

	it('leaves pages alone, whatever their path holds', () => {
		expect(isApiPath('/zglos')).toBe(false);
		expect(isApiPath('/potrzeby/api/x')).toBe(false);
		expect(isApiPath('/apis/x')).toBe(false);
		expect(isApiPath('/open311')).toBe(false);
	});
});
