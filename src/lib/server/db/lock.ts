import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from './types.ts';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Takes `<dir>/.lock` for this process; a stale lock from a dead process is taken over. */
export function acquireDirLock(dir: string): () => void {
	const path = join(dir, '.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(path, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			const release = () => rmSync(path, { force: true });
			process.once('exit', release);
			return release;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
			if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
				throw new StartupError(
					`Katalog danych ${dir} jest używany przez inny proces (pid ${pid}). ` +
						'Zatrzymaj tamten serwer albo ustaw inny DATA_DIR.'
				);
			}
			rmSync(path, { force: true });
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
