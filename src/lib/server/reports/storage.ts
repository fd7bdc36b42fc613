import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const KEY = /^needs\/\d{4}\/[a-z0-9_-]{22}\.jpg$/;

/**
 * Photos of needs under DATA_DIR/uploads (embedded and self-hosted modes). Keys are random and
 * validated on the way back, so a key can never walk out of the uploads folder.
 * TODO(#3): Supabase Storage when PUBLIC_SUPABASE_URL is configured.
 */
export class PhotoStore {
	readonly root: string;
	constructor(dataDir: string) {
		this.root = resolve(dataDir, 'uploads');
	}

	async put(key: string, data: Buffer): Promise<void> {
		const path = this.path(key);
		await mkdir(dirname(path), { recursive: true });
		// Written under a temporary name first: a crash never leaves half a photo under its key.
		await writeFile(`${path}.part`, data);
		await rename(`${path}.part`, path);
	}

	async remove(key: string): Promise<void> {
		await rm(this.path(key), { force: true });
	}

	get(key: string): Promise<Buffer> {
		return readFile(this.path(key));
	}

	private path(key: string): string {
		if (!KEY.test(key)) throw new Error('invalid photo key');
		return join(this.root, key);
	}
}
