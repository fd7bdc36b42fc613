import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError, type Tx } from './types.ts';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** A file-system failure as one line for the operator: EROFS, EACCES, ENOSPC, EISDIR … */
function notWritable(dir: string, e: unknown): StartupError {
	const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
	return new StartupError(
		`Nie można zapisać w katalogu danych ${dir} (${code}). Ustaw DATA_DIR na katalog z prawem zapisu.`
	);
}

/** Takes `<dir>/.lock` for this process; a stale lock from a dead process is taken over. */
export function acquireDirLock(dir: string): () => void {
	const path = join(dir, '.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		let holder: number;
		try {
			const fd = openSync(path, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			const release = () => rmSync(path, { force: true });
			process.once('exit', release);
			return release;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw notWritable(dir, e);
			try {
				holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
			} catch (read) {
				throw notWritable(dir, read);
			}
		}
		if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
			throw new StartupError(
				`Katalog danych ${dir} jest używany przez inny proces (pid ${holder}). ` +
					'Zatrzymaj tamten serwer albo ustaw inny DATA_DIR.'
			);
		}
		try {
			rmSync(path, { force: true });
		} catch (e) {
			throw notWritable(dir, e);
		}
	}
	throw new StartupError(`Nie można zablokować katalogu danych ${dir}.`);
}

/** The live process that holds `<dir>/.lock` (possibly this one), or null when nobody does. */
export function lockHolder(dir: string): number | null {
	let text: string;
	try {
		text = readFileSync(join(dir, '.lock'), 'utf8');
	} catch {
		return null;
	}
	const pid = Number.parseInt(text, 10);
	return Number.isInteger(pid) && isAlive(pid) ? pid : null;
}

/**
 * The app's advisory lock keys (PostgreSQL "Advisory Locks", §13.3.5), one per purpose so that
 * the migration runner and the start-up steps never wait on each other's key.
 */
export const ADVISORY_LOCK = { migration: 7243001, startup: 7243002 } as const;

/**
 * Takes a transaction-level advisory lock, held until `tx` ends (also through Supabase's
 * transaction pooler, and freed with the connection if the process dies). A statement or
 * idle-in-transaction timeout the server or role may set for requests does not apply to this
 * transaction: the wait for another process and the work under the lock may take longer.
 */
export async function holdAdvisoryLock(tx: Tx, key: number): Promise<void> {
	await tx.query(
		"select set_config('statement_timeout', '0', true), set_config('idle_in_transaction_session_timeout', '0', true)"
	);
	await tx.query('select pg_advisory_xact_lock($1::bigint)', [key]);
}
