import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkRestoreTool, connectionArgs, pgDump } from './pg-tools.ts';

// The operator's messages when pg_dump/pg_restore are missing or too old, with stand-in programs
// on PATH that print what PostgreSQL 15's tools print.

const bin = mkdtempSync(join(tmpdir(), 'mapa-pg-tools-'));
const PATH = process.env.PATH;

function tool(name: string, version: string, failure = '') {
	writeFileSync(
		join(bin, name),
		`#!/bin/sh\n[ "$1" = "--version" ] && { echo "${name} (PostgreSQL) ${version}"; exit 0; }\n` +
			`echo "$@" > "${bin}/${name}.args"; env > "${bin}/${name}.env"\n` +
			(failure ? `printf '%s\\n' ${failure} >&2; exit 1\n` : 'exit 0\n')
	);
	chmodSync(join(bin, name), 0o755);
}

afterEach(() => {
	process.env.PATH = PATH;
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('pg_dump and pg_restore', () => {
	it('passes the password in PGPASSWORD, never on the command line', async () => {
		tool('pg_dump', '15.18');
		process.env.PATH = `${bin}:${PATH}`;
		await pgDump('postgres://app:s%40cret@db.example:5432/mapa?sslmode=require', join(bin, 'x'));
		const args = readFileSync(join(bin, 'pg_dump.args'), 'utf8');
		expect(args).toContain('--dbname=postgres://app@db.example:5432/mapa?sslmode=require');
		expect(args).not.toContain('cret');
		expect(readFileSync(join(bin, 'pg_dump.env'), 'utf8')).toContain('PGPASSWORD=s@cret');
		expect(connectionArgs('postgres://app@h/db').env).toEqual({});
	});

	it('tells the operator which client to install when the server is newer than pg_dump', async () => {
		tool(
			'pg_dump',
			'15.18',
			`"pg_dump: error: aborting because of server version mismatch" "pg_dump: detail: server version: 16.4; pg_dump version: 15.18"`
		);
		process.env.PATH = `${bin}:${PATH}`;
		await expect(pgDump('postgres://app@h/db', join(bin, 'x'))).rejects.toThrow(
			'pg_dump 15 jest starszy niż serwer PostgreSQL 16.4: zainstaluj postgresql-client-16'
		);
	});

	it('refuses an archive from a newer pg_dump before pg_restore tries it', async () => {
		tool('pg_restore', '15.18');
		process.env.PATH = `${bin}:${PATH}`;
		await expect(checkRestoreTool('pg_dump (PostgreSQL) 17.2')).rejects.toThrow(
			/zainstaluj postgresql-client-17/
		);
		await expect(
			checkRestoreTool('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)')
		).resolves.toMatch(/15\.18/);
	});

	it('names the missing program', async () => {
		process.env.PATH = mkdtempSync(join(bin, 'empty-'));
		await expect(pgDump('postgres://app@h/db', 'x')).rejects.toThrow(
			/Nie znaleziono programu pg_dump: zainstaluj/
		);
	});
});
