import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPhotoKey, LocalPhotoStore, randomPhotoKey } from './store.ts';

describe('photo keys', () => {
	it('accepts the keys the server makes in both areas', () => {
		expect(isPhotoKey('needs/2026/abcdefghijklmnopqrstuv.jpg')).toBe(true);
		expect(isPhotoKey('resources/2026/-bcdefghijklmnopqrst_v.jpg')).toBe(true);
		expect(isPhotoKey(randomPhotoKey('resources', new Date('2026-03-01')))).toBe(true);
		expect(randomPhotoKey('needs', new Date('2026-03-01'))).toMatch(/^needs\/2026\//);
	});

	it('refuses other areas, traversal and other names', () => {
		expect(isPhotoKey('legal/2026/abcdefghijklmnopqrstuv.jpg')).toBe(false);
		expect(isPhotoKey('needs/2026/../../../etc/passwd.jpg')).toBe(false);
		expect(isPhotoKey('needs/2026/ABCDEFGHIJKLMNOPQRSTUV.jpg')).toBe(false);
		expect(isPhotoKey('needs/2026/abcdefghijklmnopqrstuv.png')).toBe(false);
	});
});

describe('LocalPhotoStore', async () => {
	const dir = await mkdtemp(join(tmpdir(), 'photos-'));
	afterAll(() => rm(dir, { recursive: true, force: true }));
	const store = new LocalPhotoStore(dir);

	it('stores, reads back and removes a photo', async () => {
		const key = randomPhotoKey('resources');
		await store.put(key, Buffer.from('jpeg'));
		expect((await store.get(key))?.toString()).toBe('jpeg');
		await store.remove(key);
		expect(await store.get(key)).toBeNull();
	});

	it('never writes outside the photo area', async () => {
		await expect(store.put('../escape.jpg', Buffer.from('x'))).rejects.toThrow('invalid photo key');
	});
});
