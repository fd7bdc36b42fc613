import { expect, test } from './fixtures.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/lib/server/db/pglite.ts';
import { copyTemplate, ensureTemplate } from '../db/template.ts';

// A second server from the same test build on its own embedded database: health endpoints and a
// graceful stop on SIGTERM (requests in flight finish, live streams end with a retry hint, the
// database closes and releases its directory lock). README, "Running in production". The data
// directory starts as a copy of the migrated, seeded template the other servers use, which
// tests/db/template.ts builds with the same migrate and seed steps a first start runs.

interface Running {
	base: string;
	child: ChildProcess;
	exit: Promise<number | null>;
	output: () => string;
}

/** Starts build-test with PORT=0 (any free port) and waits for "Listening on http://…". */
async function start(dataDir: string): Promise<Running> {
	const child = spawn(process.execPath, ['build-test'], {
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: '0',
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			DEMO: '0',
			PUBLIC_BASEMAP_STYLE_URL: 'offline'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
	const base = await new Promise<string>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const url = /Listening on (http:\/\/[^\s]+)/.exec(output)?.[1];
			if (url) resolve(url.replace(/\/$/, ''));
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		void exit.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
	});
	return { base, child, exit, output: () => output };
}

test.describe('production lifecycle', () => {
	test.setTimeout(120_000);
	let dataDir = '';
	test.beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'mapa-lifecycle-'));
		await ensureTemplate();
		copyTemplate(dataDir);
	});
	test.afterAll(() => {
		rmSync(dataDir, { recursive: true, force: true });
	});

	test('health endpoints, then SIGTERM finishes requests, ends live streams and releases the database', async () => {
		const first = await start(dataDir);
		try {
			const health = await fetch(`${first.base}/healthz`);
			expect(health.status).toBe(200);
			expect(health.headers.get('cache-control')).toBe('no-store');
			expect(await health.json()).toMatchObject({ status: 'ok' });
			const ready = await fetch(`${first.base}/readyz`);
			expect(ready.status).toBe(200);
			expect(await ready.json()).toEqual({
				status: 'ok',
				database: 'ok',
				pending_migrations: []
			});
			expect(existsSync(join(dataDir, '.lock'))).toBe(true);

			// A slow request (a PDF made on request) is in flight when the signal comes.
			const slow = fetch(`${first.base}/api/diagnoza/gmina.pdf`).then(async (res) => ({
				status: res.status,
				bytes: (await res.arrayBuffer()).byteLength
			}));
			await new Promise((resolve) => setTimeout(resolve, 50));
			first.child.kill('SIGTERM');
			expect(await slow).toMatchObject({ status: 200 });
			expect(await first.exit).toBe(0);
			expect(first.output()).toContain('Serwer zatrzymany.');
			expect(existsSync(join(dataDir, '.lock'))).toBe(false);
		} finally {
			first.child.kill('SIGKILL');
		}

		// An open consultation, written while no server holds the directory.
		const db = await openPglite(dataDir);
		await db.asOwner((tx) =>
			tx.query(
				`insert into public.consultations (region_id, code, question, starts_at, ends_at)
				 select id, 'SHTDWN', 'Czy serwer zamyka się łagodnie?', now() - interval '1 hour', now() + interval '1 hour'
				 from public.regions limit 1`
			)
		);
		await db.close();

		const second = await start(dataDir);
		try {
			const stream = await fetch(`${second.base}/api/konsultacje/SHTDWN/stream`);
			expect(stream.status).toBe(200);
			const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
			const decoder = new TextDecoder();
			let text = '';
			const read = async (until: (t: string) => boolean) => {
				while (!until(text)) {
					const { done, value } = await reader.read();
					if (done) return true;
					text += decoder.decode(value);
				}
				return false;
			};
			await read((t) => t.includes('event: pins'));
			second.child.kill('SIGTERM');
			// The stream ends by itself (no waiting for SHUTDOWN_TIMEOUT) with a reconnect hint.
			expect(await read(() => false)).toBe(true);
			expect(text).toMatch(/retry: \d+\n\n$/);
			expect(await second.exit).toBe(0);
			expect(existsSync(join(dataDir, '.lock'))).toBe(false);
		} finally {
			second.child.kill('SIGKILL');
		}
	});
});
