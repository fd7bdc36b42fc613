import { describe, expect, it } from 'vitest';
import { readEnv } from './env.ts';
import { StartupError } from './db/types.ts';

describe('readEnv', () => {
	it('defaults to the embedded database with demo data and the OpenFreeMap basemap', () => {
		expect(readEnv({})).toEqual({
			databaseUrl: undefined,
			dataDir: '.data',
			demo: true,
			region: 'kramsk',
			basemapStyleUrl: 'https://tiles.openfreemap.org/styles/positron',
			reportLimits: [
				{ count: 5, seconds: 600 },
				{ count: 20, seconds: 86400 }
			],
			supabase: undefined
		});
	});

	it('never loads demo data into a DATABASE_URL database unless DEMO=1', () => {
		expect(readEnv({ DATABASE_URL: 'postgres://h/db' }).demo).toBe(false);
		expect(readEnv({ DATABASE_URL: 'postgres://h/db', DEMO: '1' }).demo).toBe(true);
		expect(readEnv({ DEMO: '0' }).demo).toBe(false);
	});

	it('rejects invalid values with a message naming the variable', () => {
		expect(() => readEnv({ DATABASE_URL: 'mysql://h/db' })).toThrow(StartupError);
		expect(() => readEnv({ DATABASE_URL: 'mysql://h/db' })).toThrow(/DATABASE_URL/);
		expect(() => readEnv({ DEMO: 'yes' })).toThrow(/DEMO/);
		expect(() => readEnv({ PUBLIC_BASEMAP_STYLE_URL: 'not a url' })).toThrow(
			/PUBLIC_BASEMAP_STYLE_URL/
		);
		expect(readEnv({ PUBLIC_BASEMAP_STYLE_URL: 'offline' }).basemapStyleUrl).toBe('offline');
	});

	it('reads RATE_LIMIT_REPORTS windows, and "off"', () => {
		expect(readEnv({ RATE_LIMIT_REPORTS: '3/30s,10/2h' }).reportLimits).toEqual([
			{ count: 3, seconds: 30 },
			{ count: 10, seconds: 7200 }
		]);
		expect(readEnv({ RATE_LIMIT_REPORTS: 'off' }).reportLimits).toEqual([]);
		expect(() => readEnv({ RATE_LIMIT_REPORTS: 'five per minute' })).toThrow(/RATE_LIMIT_REPORTS/);
	});
});
