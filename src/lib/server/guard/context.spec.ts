import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import {
	DEVICE_COOKIE,
	deviceOf,
	ensureDevice,
	newDeviceToken,
	readDeviceToken,
	signContext
} from './context.ts';

const SECRET = 'x'.repeat(64);

describe('device tokens', () => {
	it('reads back a token this server issued', () => {
		const token = newDeviceToken(SECRET);
		expect(readDeviceToken(SECRET, token)).toBe(token.split('.')[0]);
	});

	it('refuses a token a browser or script made up, or signed with another secret', () => {
		const token = newDeviceToken(SECRET);
		const [id] = token.split('.');
		expect(readDeviceToken(SECRET, `${id}.${'A'.repeat(22)}`)).toBeNull();
		expect(readDeviceToken('y'.repeat(64), token)).toBeNull();
		expect(readDeviceToken(SECRET, id)).toBeNull();
		expect(readDeviceToken(SECRET, undefined)).toBeNull();
		expect(readDeviceToken(SECRET, `${token}x`)).toBeNull();
	});
});

describe('signed request context', () => {
	it('signs device, network and time together', () => {
		const d = 'a'.repeat(64);
		const i = 'b'.repeat(64);
		const ctx = signContext(SECRET, d, i, 1_800_000_000_000);
		expect(ctx).toMatchObject({ d, i, t: 1_800_000_000 });
		expect(ctx.s).toMatch(/^[0-9a-f]{64}$/);
		expect(signContext(SECRET, null, i, 1_800_000_000_000).s).not.toBe(ctx.s);
		expect(signContext(SECRET, d, 'c'.repeat(64), 1_800_000_000_000).s).not.toBe(ctx.s);
		expect(signContext(SECRET, d, i, 1_800_000_001_000).s).not.toBe(ctx.s);
	});
});

describe('ensureDevice', () => {
	it('issues a cookie whose device hash is the one the next request reads', () => {
		const jar = new Map<string, string>();
		const cookies = {
			get: (name: string) => jar.get(name),
			set: (name: string, value: string) => void jar.set(name, value)
		} as unknown as Cookies;
		const issued = ensureDevice(cookies, SECRET, false);
		expect(jar.get(DEVICE_COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{22}$/);
		expect(deviceOf(cookies, SECRET)).toBe(issued);
		expect(ensureDevice(cookies, SECRET, false)).toBe(issued);
	});
});
