import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lockHolder } from '../db/lock.ts';
import { openPglite } from '../db/pglite.ts';
import type { Database } from '../db/types.ts';
import { BackupError, describeDatabase } from './manifest.ts';

/**
 * A snapshot of the embedded database while the server runs. PGlite is one process's private
 * database (`<DATA_DIR>/.lock` holds the server's pid), so the backup script cannot open it
 * beside the server. Instead it asks the server, through files in `<DATA_DIR>/.backup/`:
 *
 *   server.pid      the serving process writes its pid here when it starts answering
 *   <id>.request    the script asks, then sends SIGUSR2 to that pid
 *   <id>.tar        the server's `snapshot()` (written as .part, then renamed)
 *   <id>.json       written last: {ok: true, …describeDatabase} or {ok: false, error}
 *
 * Only the data folder's owner (or root) can write there and signal the server, so the files add
 * no new way in. The signal is sent only to a pid that both holds the lock and announced itself
 * in server.pid, so an unrelated process (a reused pid, a running db:migrate) is never signalled.
 * With no live server the script opens PGlite itself, which takes the lock for that time.
 */
export const SIGNAL = 'SIGUSR2';
const ID = /^[a-z0-9]{20,40}$/;
const ABANDONED_MS = 60 * 60 * 1000;

export type DatabaseInfo = Awaited<ReturnType<typeof describeDatabase>>;
type Answer = ({ ok: true } & DatabaseInfo) | { ok: false; error: string };

const backupDir = (dataDir: string) => join(resolve(dataDir), '.backup');

let serving = false;

/** Server side, from the `init` hook: answers snapshot requests (embedded database only). */
export function serveSnapshotRequests(db: Database, dataDir: string): void {
	if (!db.snapshot || serving || process.platform === 'win32') return;
	const dir = backupDir(dataDir);
	const announced = join(dir, 'server.pid');
	try {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		writeFileSync(announced, String(process.pid));
	} catch (e) {
		// The app still serves; only db:backup will say that this server does not answer.
		console.error(
			`Kopia zapasowa: nie można zapisać w ${dir} (${(e as NodeJS.ErrnoException).code}).`
		);
		return;
	}
	serving = true;
	process.once('exit', () => rmSync(announced, { force: true }));

	let busy = false;
	let again = false;
	const drain = async () => {
		busy = true;
		try {
			do {
				again = false;
				for (const name of await readdir(dir)) {
					const id = name.split('.')[0];
					if (!ID.test(id)) continue;
					const info = await stat(join(dir, name)).catch(() => null);
					// Left behind by a script that was stopped while waiting: never collected.
					if (info && Date.now() - info.mtimeMs > ABANDONED_MS)
						await rm(join(dir, name), { force: true });
					else if (info && name === `${id}.request`) await answer(db, dir, id);
				}
			} while (again);
		} finally {
			busy = false;
		}
	};
	process.on(SIGNAL, () => {
		if (busy) again = true;
		else void drain().catch((e) => console.error('Kopia zapasowa:', e));
	});
}

async function answer(db: Database, dir: string, id: string): Promise<void> {
	const base = join(dir, id);
	let reply: Answer;
	try {
		const info = await db.asOwner(describeDatabase);
		const data = await (db.snapshot as () => Promise<Uint8Array<ArrayBuffer>>)();
		await writeFile(`${base}.tar.part`, data, { mode: 0o600 });
		await rename(`${base}.tar.part`, `${base}.tar`);
		reply = { ok: true, ...info };
	} catch (e) {
		reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
	}
	await writeFile(`${base}.json.part`, JSON.stringify(reply), { mode: 0o600 });
	await rename(`${base}.json.part`, `${base}.json`);
	await rm(`${base}.request`, { force: true });
}

export interface Snapshot {
	/** The data directory as PGlite's tar (file-backed when it came from the server). */
	data: Blob;
	info: DatabaseInfo;
	/** Removes the server's temporary files. */
	cleanup(): Promise<void>;
}

/** Script side: a consistent snapshot of the embedded database in `dataDir`, server running or not. */
export async function pgliteSnapshot(
	dataDir: string,
	options: { timeoutMs?: number; log?: (line: string) => void } = {}
): Promise<Snapshot> {
	const dir = resolve(dataDir);
	if (!existsSync(join(dir, 'pgdata', 'PG_VERSION')))
		throw new BackupError(
			`W katalogu ${dir} nie ma bazy (brak pgdata/PG_VERSION): sprawdź DATA_DIR.`
		);
	const holder = lockHolder(dir);
	if (holder === process.pid)
		throw new BackupError(`Baza w katalogu ${dir} jest otwarta w tym samym procesie.`);
	if (holder !== null) {
		options.log?.(`Serwer (pid ${holder}) używa bazy: proszę go o migawkę.`);
		return askServer(dir, holder, options.timeoutMs ?? 120_000);
	}
	const db = await openPglite(dir);
	try {
		const info = await db.asOwner(describeDatabase);
		const data = await (db.snapshot as () => Promise<Uint8Array<ArrayBuffer>>)();
		return { data: new Blob([data]), info, cleanup: async () => {} };
	} finally {
		await db.close();
	}
}

async function askServer(dataDir: string, pid: number, timeoutMs: number): Promise<Snapshot> {
	const dir = backupDir(dataDir);
	let announced: number | null = null;
	try {
		announced = Number.parseInt(readFileSync(join(dir, 'server.pid'), 'utf8'), 10);
	} catch {
		// No announcement: not a server of this app (e.g. db:migrate, or an older version).
	}
	if (announced !== pid) {
		throw new BackupError(
			`Katalog danych ${dataDir} jest zablokowany przez proces ${pid}, który nie przyjmuje próśb o kopię ` +
				'(np. trwa db:migrate albo działa starsza wersja serwera): spróbuj ponownie za chwilę albo zatrzymaj serwer.'
		);
	}
	const id = randomBytes(16).toString('hex');
	const base = join(dir, id);
	const cleanup = async () => {
		for (const ext of ['.request', '.tar', '.tar.part', '.json', '.json.part'])
			await rm(`${base}${ext}`, { force: true });
	};
	await writeFile(`${base}.request`, '', { mode: 0o600 });
	try {
		try {
			process.kill(pid, SIGNAL);
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
			throw new BackupError(
				`Brak uprawnień, by poprosić serwer (pid ${pid}) o kopię: uruchom db:backup jako ten sam użytkownik co serwer.`
			);
		}
		const deadline = Date.now() + timeoutMs;
		while (!existsSync(`${base}.json`)) {
			if (lockHolder(dataDir) !== pid)
				throw new BackupError(
					`Serwer (pid ${pid}) zakończył pracę w trakcie kopii: powtórz kopię.`
				);
			if (Date.now() > deadline)
				throw new BackupError(
					`Serwer (pid ${pid}) nie przygotował migawki w ciągu ${Math.round(timeoutMs / 1000)} s: sprawdź jego dziennik.`
				);
			await sleep(100);
		}
		const reply = JSON.parse(await readFile(`${base}.json`, 'utf8')) as Answer;
		if (!reply.ok) throw new BackupError(`Serwer nie zrobił migawki bazy: ${reply.error}`);
		const { ok: _ok, ...info } = reply;
		void _ok;
		return { data: await openAsBlob(`${base}.tar`), info, cleanup };
	} catch (e) {
		await cleanup();
		throw e;
	}
}
