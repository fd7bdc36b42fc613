import { createHash } from 'node:crypto';
import { existsSync, openAsBlob } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { create, entries, WriteEntry } from 'tar';
import * as v from 'valibot';
import {
	BackupError,
	DATABASE_ENTRY,
	FORMAT,
	FORMAT_VERSION,
	MANIFEST,
	ManifestSchema,
	UPLOADS,
	type Manifest
} from './manifest.ts';

export type ManifestDraft = Omit<Manifest, 'format' | 'version' | 'database' | 'uploads'> & {
	database: Omit<Manifest['database'], 'bytes' | 'sha256' | 'entry'>;
	uploads: { location: Manifest['uploads']['location'] };
};

async function sha256Of(blob: Blob): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of blob.stream()) hash.update(chunk);
	return hash.digest('hex');
}

/** Every regular file under `root` (not links, not half-written `.part` files), sorted. */
async function listFiles(root: string): Promise<string[]> {
	if (!existsSync(root)) return [];
	const found = await readdir(root, { recursive: true, withFileTypes: true });
	return found
		.filter((d) => d.isFile() && !d.name.endsWith('.part'))
		.map((d) => relative(root, join(d.parentPath, d.name)).split(sep).join('/'))
		.sort();
}

/**
 * Writes the backup file: the database part, then each photo (read once, hashed as it is
 * added), then the manifest. Written to `<out>.part` and renamed, so a file under the final name
 * is always complete; mode 0600, because it holds personal data and password hashes.
 */
export async function writeContainer(
	out: string,
	draft: ManifestDraft,
	database: Blob,
	uploadsRoot: string | null
): Promise<Manifest> {
	const entryName = DATABASE_ENTRY[draft.backend];
	const files: Manifest['uploads']['files'] = [];
	const manifest = (): Manifest => ({
		format: FORMAT,
		version: FORMAT_VERSION,
		...draft,
		database: { entry: entryName, bytes: database.size, sha256, ...draft.database },
		uploads: { location: draft.uploads.location, files }
	});
	const sha256 = await sha256Of(database);
	const mtime = new Date(draft.created_at);

	async function* rest() {
		for (const path of uploadsRoot ? await listFiles(uploadsRoot) : []) {
			let data: Buffer;
			try {
				data = await readFile(join(uploadsRoot as string, path));
			} catch (e) {
				// Removed between listing and reading (a rejected report's photo): not part of the copy.
				if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
				throw e;
			}
			const name = `${UPLOADS}/${path}`;
			files.push({
				path: name,
				bytes: data.byteLength,
				sha256: createHash('sha256').update(data).digest('hex')
			});
			yield new WriteEntry({ path: name, mode: 0o600, mtime }, data);
		}
		yield new WriteEntry(
			{ path: MANIFEST, mode: 0o600, mtime },
			JSON.stringify(manifest(), null, '\t') + '\n'
		);
	}

	await mkdir(dirname(out), { recursive: true });
	const part = `${out}.part`;
	try {
		await create({ file: part, gzip: true, portable: true, mode: 0o600, strict: true }, [
			new WriteEntry({ path: entryName, mode: 0o600, mtime }, database),
			rest()
		]);
		await rename(part, out);
	} catch (e) {
		await rm(part, { force: true });
		throw e;
	}
	return manifest();
}

export interface OpenedContainer {
	manifest: Manifest;
	/** The unpacked database part, in `stageDir`. */
	database: string;
	/** `stageDir/uploads` with the photos (when asked for and present), else null. */
	uploads: string | null;
}

// Names this app writes (random base64url names, which may begin with "-" or "_"); anything
// else (links, devices, other paths, "." and ".." segments) is refused, not skipped.
const UPLOAD_PATH = /^uploads(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/;

function corrupt(file: string, why: string): BackupError {
	return new BackupError(
		`Plik ${file} jest uszkodzony albo nie jest kopią tej aplikacji (${why}).`
	);
}

/** Streams an entry's body to `target` (or nowhere), hashing and counting it on the way. */
async function consume(
	body: AsyncIterable<Uint8Array>,
	target: string | null
): Promise<{ sha256: string; bytes: number }> {
	const hash = createHash('sha256');
	let bytes = 0;
	const out = target ? await open(target, 'w', 0o600) : null;
	try {
		for await (const chunk of body) {
			hash.update(chunk);
			bytes += chunk.length;
			if (out) await out.write(chunk);
		}
	} finally {
		await out?.close();
	}
	return { sha256: hash.digest('hex'), bytes };
}

/**
 * Reads a backup file entry by entry into `stageDir` and checks it against its manifest: every
 * entry's SHA-256 and size, no entry missing or extra. gzip's CRC and tar's header checksums catch
 * a damaged file on the way; `strict` turns every tar warning into an error.
 */
export async function openContainer(
	file: string,
	stageDir: string,
	options: { keepUploads: boolean }
): Promise<OpenedContainer> {
	if (!existsSync(file)) throw new BackupError(`Plik kopii ${file} nie istnieje.`);
	const seen = new Map<string, { sha256: string; bytes: number }>();
	let manifestText: string | null = null;
	let database = false;
	let uploads: string | null = null;
	try {
		for await (const entry of entries(await openAsBlob(file), {
			strict: true,
			file,
			// Zero-filled WAL pages compress about 1000:1; deflate never exceeds ~1032:1.
			maxDecompressionRatio: 2000
		})) {
			if (entry.type === 'Directory') continue;
			const path = entry.path;
			if (entry.type !== 'File' || seen.has(path)) throw corrupt(file, `niedozwolony wpis ${path}`);
			if (path === MANIFEST) {
				if (manifestText !== null) throw corrupt(file, 'dwa manifesty');
				if (entry.size > 64 * 1024 * 1024) throw corrupt(file, 'za duży manifest');
				manifestText = await entry.text();
				continue;
			}
			const isDatabase = (Object.values(DATABASE_ENTRY) as string[]).includes(path);
			if (!isDatabase && !UPLOAD_PATH.test(path)) throw corrupt(file, `nieznany wpis ${path}`);
			const keep = isDatabase || options.keepUploads;
			const target = keep ? join(stageDir, path) : null;
			if (target) await mkdir(dirname(target), { recursive: true });
			seen.set(path, await consume(entry.body, target));
			if (!isDatabase && keep) uploads = join(stageDir, UPLOADS);
			if (isDatabase) database = true;
		}
	} catch (e) {
		if (e instanceof BackupError) throw e;
		throw corrupt(file, e instanceof Error ? e.message : String(e));
	}

	if (manifestText === null) throw corrupt(file, 'brak manifest.json');
	let parsed: unknown;
	try {
		parsed = JSON.parse(manifestText);
	} catch {
		throw corrupt(file, 'manifest.json nie jest poprawnym JSON');
	}
	const result = v.safeParse(ManifestSchema, parsed);
	if (!result.success) {
		const issue = result.issues[0];
		const key = issue.path?.map((p) => String(p.key)).join('.') ?? '';
		throw corrupt(file, `manifest.json: ${key} ${issue.message}`);
	}
	const manifest = result.output;
	if (manifest.database.entry !== DATABASE_ENTRY[manifest.backend])
		throw corrupt(file, `część bazy ${manifest.database.entry} nie pasuje do ${manifest.backend}`);

	const expected = new Map<string, { sha256: string; bytes: number }>([
		[manifest.database.entry, manifest.database],
		...manifest.uploads.files.map((f) => [f.path, f] as const)
	]);
	for (const [path, want] of expected) {
		const got = seen.get(path);
		if (!got) throw corrupt(file, `brak wpisu ${path}`);
		if (got.sha256 !== want.sha256 || got.bytes !== want.bytes)
			throw corrupt(file, `suma SHA-256 wpisu ${path} się nie zgadza`);
	}
	for (const path of seen.keys())
		if (!expected.has(path)) throw corrupt(file, `wpis ${path} spoza manifestu`);
	if (!database) throw corrupt(file, 'brak części z bazą danych');
	return { manifest, database: join(stageDir, manifest.database.entry), uploads };
}
