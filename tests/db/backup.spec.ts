import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginLocal, createLocalAccount } from '../../src/lib/server/auth/local.ts';
import { createBackup } from '../../src/lib/server/backup/backup.ts';
import { BackupError } from '../../src/lib/server/backup/manifest.ts';
import { checkBackup, restoreBackup } from '../../src/lib/server/backup/restore.ts';
import { openPglite } from '../../src/lib/server/db/pglite.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import type { Database } from '../../src/lib/server/db/types.ts';
import { readEnv, type AppEnv } from '../../src/lib/server/env.ts';
import { needStatus } from '../../src/lib/server/reports/status.ts';
import { LocalPhotoStore } from '../../src/lib/server/photos/store.ts';
import { sha256, statusToken } from '../../src/lib/server/reports/tokens.ts';
import { root } from '../../scripts/sql-files.ts';
import { backends, claims, tryAs } from './backends.ts';
import { context, readSecret } from './guard-helpers.ts';
import { SCRATCH_DIR } from './paths.ts';
import { copyTemplate } from './template.ts';

// npm run db:backup / db:restore: a copy restored into an empty database or data folder keeps
// every report, its private status link, a staff login and the photo bytes.

const PASSWORD = 'haslo-do-kopii-123';

async function secretOf(db: Database): Promise<string> {
	const [row] = await db.asOwner((tx) =>
		tx.query<{ value: string }>("select value from private.app_secrets where name = 'hmac'")
	);
	return row.value;
}

const allNeeds = (db: Database) =>
	db.asOwner((tx) =>
		tx.query<{ id: string; ref: string; title: string }>(
			'select id::text, ref, title from public.needs order by id'
		)
	);

describe.each(backends)('backup and restore on $name', (backend) => {
	const work = (mkdirSync(SCRATCH_DIR, { recursive: true }), mkdtempSync(`${SCRATCH_DIR}/backup-`));
	const source = join(work, 'source');
	const target = join(work, 'target');
	const email = `kopia-${randomUUID().slice(0, 8)}@kramsk.test`;
	const photoKey = `needs/2026/${randomBytes(16).toString('base64url').slice(0, 22).toLowerCase()}.jpg`;
	const photo = randomBytes(5000);
	let sourceEnv: AppEnv;
	let targetEnv: AppEnv;
	let targetUrl: string | undefined;
	let before: Awaited<ReturnType<typeof allNeeds>>;
	let token: string;
	let ref: string;

	beforeAll(async () => {
		let db: Database;
		if (backend.name === 'pglite') {
			copyTemplate(source);
			db = await openPglite(source);
			sourceEnv = readEnv({ DATA_DIR: source });
			targetEnv = readEnv({ DATA_DIR: target });
		} else {
			const url = process.env.DATABASE_URL as string;
			db = await backend.open();
			const u = new URL(url);
			u.pathname = `${u.pathname}_restore_${process.pid}`;
			targetUrl = u.toString();
			sourceEnv = readEnv({ DATABASE_URL: url, DATA_DIR: source });
			targetEnv = readEnv({ DATABASE_URL: targetUrl, DATA_DIR: target });
		}
		try {
			// A report through the guarded path, as the public form sends it, with its photo stored
			// by the app's own photo store.
			const key = randomUUID();
			const status = statusToken(await secretOf(db), key);
			token = status.token;
			await new LocalPhotoStore(source).put(photoKey, photo);
			const secret = await readSecret(db);
			const [row] = await db.asUser(claims.anon, (tx) =>
				tx.query<{ v: { ref: string } }>('select private.submit_need($1::text::jsonb) as v', [
					JSON.stringify({
						region: 'kramsk',
						kind: 'need',
						category: 'seniorzy',
						title: 'Zgłoszenie sprzed kopii zapasowej',
						description: 'Opis',
						lon: 18.4267,
						lat: 52.265,
						village: null,
						contact_email: null,
						contact_phone: null,
						consent_text: null,
						idempotency_key: key,
						request_hash: sha256(`payload-${key}`),
						token_hash: status.hash,
						ctx: context(secret),
						photo: { storage_key: photoKey, width: 10, height: 10, bytes: photo.byteLength }
					})
				])
			);
			ref = row.v.ref;
			await createLocalAccount(db, { email, password: PASSWORD, role: 'organizer' });
			before = await allNeeds(db);
		} finally {
			await db.close();
		}
	});

	afterAll(async () => {
		if (backend.name === 'postgres') {
			// PostgreSQL keeps its rows between test files: leave no report, account or profile behind.
			const db = await backend.open();
			await db.asOwner(async (tx) => {
				await tx.query(
					'delete from public.profiles where id in (select id from private.local_accounts where email = $1)',
					[email]
				);
				await tx.query('delete from private.local_accounts where email = $1', [email]);
				await tx.query('delete from public.needs where ref = $1', [ref]);
			});
			await db.close();
		}
		if (targetUrl) {
			const sql = postgres(process.env.DATABASE_URL as string, { onnotice: () => {} });
			await sql.unsafe(
				`drop database if exists "${new URL(targetUrl).pathname.slice(1)}" with (force)`
			);
			await sql.end();
		}
		rmSync(work, { recursive: true, force: true });
	});

	it('keeps every report, the status link, the login and the photo bytes; refuses a used target', async () => {
		const file = join(work, 'kopia.tar.gz');
		const { manifest } = await createBackup(sourceEnv, { out: file });
		expect(manifest.uploads.files.map((f) => f.path)).toEqual([`uploads/${photoKey}`]);
		if (targetUrl) {
			const sql = postgres(process.env.DATABASE_URL as string, { onnotice: () => {} });
			// An identifier, escaped by postgres.js, not text pasted into the statement.
			await sql`create database ${sql(new URL(targetUrl).pathname.slice(1))}`;
			await sql.end();
		}

		const { info } = await restoreBackup(targetEnv, file);
		expect(info.counts.needs).toBe(before.length);
		const db = targetUrl ? await openPostgres(targetUrl) : await openPglite(target);
		try {
			expect(await allNeeds(db)).toEqual(before);
			const view = await tryAs(db, claims.anon, (tx) => needStatus(tx, token));
			expect(view?.ref).toBe(ref);
			const photos = await db.asOwner((tx) =>
				tx.query<{ storage_key: string }>(
					'select p.storage_key from public.need_photos p join public.needs n on n.id = p.need_id where n.ref = $1',
					[ref]
				)
			);
			expect(photos).toEqual([{ storage_key: photoKey }]);
			const login = await loginLocal(db, await secretOf(db), {
				email,
				password: PASSWORD,
				ip: '10.9.8.7'
			});
			expect(login.ok).toBe(true);
		} finally {
			await db.close();
		}
		expect(await new LocalPhotoStore(target).get(photoKey)).toEqual(photo);

		// The target now holds the app: a second restore changes nothing and says why.
		await expect(restoreBackup(targetEnv, file)).rejects.toThrow(/nie jest pusta|jest już baza/);
	});

	it('checks a file without restoring it and names a damaged or missing one', async () => {
		const file = join(work, 'kopia.tar.gz');
		const { manifest, counts } = await checkBackup(file);
		expect(counts.needs).toBe(before.length);
		expect(manifest.counts.local_accounts).toBeGreaterThan(0);

		const damaged = join(work, 'uszkodzona.tar.gz');
		const bytes = readFileSync(file);
		bytes[Math.floor(bytes.length / 2)] ^= 0xff;
		writeFileSync(damaged, bytes);
		await expect(checkBackup(damaged)).rejects.toThrow(/uszkodzony/);
		await expect(checkBackup(join(work, 'brak.tar.gz'))).rejects.toBeInstanceOf(BackupError);
	});

	it.runIf(backend.name === 'pglite')(
		'takes the embedded snapshot from the running server, which keeps writing',
		async () => {
			const server = spawn(process.execPath, [join(root, 'tests/db/backup-server.ts'), source], {
				stdio: ['ignore', 'pipe', 'inherit']
			});
			try {
				await new Promise<void>((resolve, reject) => {
					server.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
					server.on('exit', (code) => reject(new Error(`server exited (${code})`)));
				});
				const file = join(work, 'z-serwera.tar.gz');
				const { manifest } = await createBackup(sourceEnv, { out: file });
				expect(manifest.counts.needs).toBe(before.length);
				const { counts, opened } = await checkBackup(file);
				expect(opened).toBe(true);
				expect(counts.needs).toBe(before.length);
			} finally {
				server.kill('SIGTERM');
				await new Promise((resolve) => server.once('exit', resolve));
			}
		}
	);
});
