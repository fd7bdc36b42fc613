import { createClient } from '@supabase/supabase-js';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { AppEnv } from '../env.ts';
import type { PhotoStore } from '../reports/storage.ts';

/**
 * Photos of resources: re-encoded like report photos (reports/photo.ts) and
 * stored beside them under the `resources/` prefix, in DATA_DIR/uploads or the Storage bucket.
 */
const KEY = /^resources\/\d{4}\/[a-z0-9_-]{22}\.jpg$/;

export function isResourcePhotoKey(key: string): boolean {
	return KEY.test(key);
}

function checkKey(key: string): string {
	if (!KEY.test(key)) throw new Error('invalid resource photo key');
	return key;
}

export function newResourcePhotoKey(now = new Date()): string {
	const name = randomBytes(16).toString('base64url').slice(0, 22).toLowerCase();
	return `resources/${now.getUTCFullYear()}/${name}.jpg`;
}

class LocalStore implements PhotoStore {
	private readonly root: string;
	constructor(dataDir: string) {
		this.root = resolve(dataDir, 'uploads');
	}
	async put(key: string, data: Buffer) {
		const path = join(this.root, checkKey(key));
		await mkdir(dirname(path), { recursive: true });
		await writeFile(`${path}.part`, data);
		await rename(`${path}.part`, path);
	}
	async get(key: string) {
		try {
			return await readFile(join(this.root, checkKey(key)));
		} catch {
			return null;
		}
	}
	async remove(key: string) {
		await rm(join(this.root, checkKey(key)), { force: true });
	}
}

class SupabaseStore implements PhotoStore {
	private readonly client: ReturnType<typeof createClient>;
	constructor(
		url: string,
		serviceKey: string,
		private readonly bucket: string
	) {
		this.client = createClient(url, serviceKey, {
			auth: { persistSession: false, autoRefreshToken: false }
		});
	}
	async put(key: string, data: Buffer) {
		const { error } = await this.client.storage
			.from(this.bucket)
			.upload(checkKey(key), data, { contentType: 'image/jpeg', upsert: true });
		if (error) throw new Error(`Supabase Storage: ${error.message}`);
	}
	async get(key: string) {
		const { data, error } = await this.client.storage.from(this.bucket).download(checkKey(key));
		if (error || !data) return null;
		return Buffer.from(await data.arrayBuffer());
	}
	async remove(key: string) {
		await this.client.storage.from(this.bucket).remove([checkKey(key)]);
	}
}

let store: PhotoStore | undefined;

export function resourcePhotoStore(env: AppEnv): PhotoStore {
	store ??= env.supabase?.serviceRoleKey
		? new SupabaseStore(env.supabase.url, env.supabase.serviceRoleKey, env.supabase.photoBucket)
		: new LocalStore(env.dataDir);
	return store;
}
