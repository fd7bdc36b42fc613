import { spawn } from 'node:child_process';
import { BackupError, majorVersion } from './manifest.ts';

type Tool = 'pg_dump' | 'pg_restore';

/**
 * libpq takes the URL as `--dbname`; the password goes through PGPASSWORD instead, because the
 * command line of a process is readable by every local user (`ps`, /proc/<pid>/cmdline).
 */
export function connectionArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
	const u = new URL(url);
	const password = decodeURIComponent(u.password);
	u.password = '';
	return { dbname: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

function run(tool: Tool, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(tool, args, {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		child.on('error', (e: NodeJS.ErrnoException) =>
			reject(
				e.code === 'ENOENT'
					? new BackupError(
							`Nie znaleziono programu ${tool}: zainstaluj klienta PostgreSQL w wersji serwera bazy ` +
								'(np. apt install postgresql-client-15) albo dodaj jego katalog bin do PATH.'
						)
					: e
			)
		);
		child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
	});
}

/** The installed tool's version, e.g. "pg_dump (PostgreSQL) 15.18 (Debian …)". */
export async function toolVersion(tool: Tool): Promise<string> {
	const { code, stdout } = await run(tool, ['--version']);
	if (code !== 0) throw new BackupError(`Program ${tool} nie działa (${tool} --version).`);
	return stdout.trim();
}

function firstError(stderr: string): string {
	const line = stderr.split('\n').find((l) => /error|fatal|błąd/i.test(l)) ?? stderr.split('\n')[0];
	return line.replace(/^(pg_dump|pg_restore): (error: )?/, '').trim();
}

/** `pg_dump -Fc` of the whole database into `file`. */
export async function pgDump(url: string, file: string): Promise<void> {
	const { dbname, env } = connectionArgs(url);
	const tool = await toolVersion('pg_dump');
	const result = await run(
		'pg_dump',
		['--format=custom', '--no-password', `--file=${file}`, `--dbname=${dbname}`],
		env
	);
	if (result.code === 0) return;
	// pg_dump refuses a server newer than itself: "aborting because of server version mismatch".
	const server = /server version: ([\d.]+)/.exec(result.stderr)?.[1];
	if (/version mismatch/.test(result.stderr) && server) {
		throw new BackupError(
			`${tool.split(' (')[0]} ${majorVersion(tool)} jest starszy niż serwer PostgreSQL ${server}: ` +
				`zainstaluj postgresql-client-${majorVersion(server)} (albo nowszy) i powtórz kopię.`
		);
	}
	throw new BackupError(`pg_dump nie wykonał kopii: ${firstError(result.stderr)}`);
}

/** Checks that pg_restore can read an archive made by `dumpTool` (its own major or older). */
export async function checkRestoreTool(dumpTool: string | undefined): Promise<string> {
	const tool = await toolVersion('pg_restore');
	const have = majorVersion(tool.replace(/^pg_restore \(PostgreSQL\)/, ''));
	const made = dumpTool ? majorVersion(dumpTool.replace(/^pg_dump \(PostgreSQL\)/, '')) : null;
	if (have !== null && made !== null && have < made) {
		throw new BackupError(
			`Kopię zrobił pg_dump ${made}, a zainstalowany pg_restore ma wersję ${have}: ` +
				`zainstaluj postgresql-client-${made} (albo nowszy) i powtórz odtwarzanie.`
		);
	}
	return tool;
}

/** Lists the archive's table of contents: proves pg_restore can read the whole header. */
export async function pgRestoreList(file: string): Promise<number> {
	const result = await run('pg_restore', ['--list', file]);
	if (result.code !== 0)
		throw new BackupError(`pg_restore nie może odczytać kopii bazy: ${firstError(result.stderr)}`);
	return result.stdout.split('\n').filter((l) => /^\d+;/.test(l)).length;
}

/**
 * Restores into an existing, empty database in one transaction: any error rolls everything back.
 * Owners are not restored (the connecting user owns everything, as after `db:migrate`); grants
 * are, because RLS depends on them.
 */
export async function pgRestore(url: string, file: string): Promise<void> {
	const { dbname, env } = connectionArgs(url);
	const result = await run(
		'pg_restore',
		[
			'--no-owner',
			'--single-transaction',
			'--exit-on-error',
			'--no-password',
			`--dbname=${dbname}`,
			file
		],
		env
	);
	if (result.code !== 0) {
		if (/unsupported version/.test(result.stderr)) {
			throw new BackupError(
				'Kopia pochodzi z nowszego pg_dump niż zainstalowany pg_restore: zainstaluj nowszy postgresql-client.'
			);
		}
		throw new BackupError(
			`pg_restore nie odtworzył bazy (wycofano całość): ${firstError(result.stderr)}`
		);
	}
}
