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
			rateLimits: {
				reports: [
					{ count: 5, seconds: 600 },
					{ count: 20, seconds: 86400 }
				],
				reportsIp: [
					{ count: 30, seconds: 600 },
					{ count: 200, seconds: 86400 }
				],
				consultation: [{ count: 10, seconds: 600 }],
				consultationIp: [{ count: 600, seconds: 600 }],
				newDevices: [
					{ count: 120, seconds: 600 },
					{ count: 600, seconds: 86400 }
				]
			},
			supabase: undefined,
			mail: {
				smtp: undefined,
				from: 'Mapa Zasobów i Potrzeb <powiadomienia@localhost>',
				baseUrl: 'http://localhost:3000'
			},
			proxy: { addressHeader: undefined, xffDepth: 1 },
			open311ApiKey: undefined
		});
	});

	it('reads the Open311 key, and refuses one too short to guard anything', () => {
		expect(readEnv({ OPEN311_API_KEY: 'k'.repeat(16) }).open311ApiKey).toBe('k'.repeat(16));
		expect(() => readEnv({ OPEN311_API_KEY: 'short' })).toThrow(/OPEN311_API_KEY/);
	});

	it('reads the reverse-proxy settings of adapter-node, and refuses a bad XFF_DEPTH', () => {
		expect(readEnv({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '2' }).proxy).toEqual({
			addressHeader: 'x-forwarded-for',
			xffDepth: 2
		});
		expect(() => readEnv({ XFF_DEPTH: '0' })).toThrow(/XFF_DEPTH/);
		expect(() => readEnv({ XFF_DEPTH: 'one' })).toThrow(/XFF_DEPTH/);
		expect(() => readEnv({ ADDRESS_HEADER: 'X Forwarded For' })).toThrow(/ADDRESS_HEADER/);
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
		expect(readEnv({ RATE_LIMIT_REPORTS: '3/30s,10/2h' }).rateLimits.reports).toEqual([
			{ count: 3, seconds: 30 },
			{ count: 10, seconds: 7200 }
		]);
		expect(readEnv({ RATE_LIMIT_REPORTS: 'off' }).rateLimits.reports).toEqual([]);
		expect(() => readEnv({ RATE_LIMIT_REPORTS: 'five per minute' })).toThrow(/RATE_LIMIT_REPORTS/);
	});

	it('reads the per-network, consultation and new-device limits the same way, each on its own', () => {
		const env = readEnv({
			RATE_LIMIT_REPORTS_IP: 'off',
			RATE_LIMIT_CONSULTATION: '4/1m',
			RATE_LIMIT_CONSULTATION_IP: '1000/1h',
			RATE_LIMIT_NEW_DEVICES: '50/10m'
		}).rateLimits;
		expect(env).toMatchObject({
			reportsIp: [],
			consultation: [{ count: 4, seconds: 60 }],
			consultationIp: [{ count: 1000, seconds: 3600 }],
			newDevices: [{ count: 50, seconds: 600 }]
		});
		expect(env.reports).toHaveLength(2);
		for (const name of [
			'RATE_LIMIT_REPORTS_IP',
			'RATE_LIMIT_CONSULTATION',
			'RATE_LIMIT_CONSULTATION_IP',
			'RATE_LIMIT_NEW_DEVICES'
		]) {
			expect(() => readEnv({ [name]: '10 per hour' })).toThrow(new RegExp(name));
		}
	});

	it('reads the SMTP server from SMTP_URL or SMTP_HOST…, and requires MAIL_FROM with it', () => {
		const from = 'CUS Kramsk <powiadomienia@kramsk.example>';
		expect(readEnv({ SMTP_URL: 'smtp://u:p@mail.example:2525', MAIL_FROM: from }).mail).toEqual({
			smtp: { url: 'smtp://u:p@mail.example:2525' },
			from,
			baseUrl: 'http://localhost:3000'
		});
		expect(
			readEnv({ SMTP_HOST: 'mail.example', SMTP_SECURE: '1', SMTP_USER: 'u', MAIL_FROM: from }).mail
				.smtp
		).toEqual({ host: 'mail.example', port: 465, secure: true, user: 'u', password: undefined });
		expect(readEnv({ SMTP_HOST: 'mail.example', MAIL_FROM: from }).mail.smtp).toMatchObject({
			port: 587,
			secure: false
		});
		expect(() => readEnv({ SMTP_HOST: 'mail.example' })).toThrow(/MAIL_FROM/);
		expect(() => readEnv({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
		expect(() => readEnv({ SMTP_PORT: '99999' })).toThrow(/SMTP_PORT/);
		expect(() => readEnv({ MAIL_FROM: 'nobody' })).toThrow(/MAIL_FROM/);
	});

	it('builds links from PUBLIC_BASE_URL, else ORIGIN, else localhost:PORT', () => {
		expect(
			readEnv({ PUBLIC_BASE_URL: 'https://mapa.example/', ORIGIN: 'https://o.example' }).mail
				.baseUrl
		).toBe('https://mapa.example');
		expect(readEnv({ ORIGIN: 'https://o.example' }).mail.baseUrl).toBe('https://o.example');
		expect(readEnv({ PORT: '4000' }).mail.baseUrl).toBe('http://localhost:4000');
	});
});
