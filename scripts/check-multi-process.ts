// npm run check:multiproc — two app processes on one PostgreSQL (README "Several app processes",
// docs/BENCHMARKS.md). Runs the production build (npm run build first) twice, started at the same
// moment on one DATABASE_URL (so their migrations and seeding meet) and one shared DATA_DIR (the
// photo folder), then checks through HTTP only:
//   1. a staff member signs in on A and the session cookie works on B (/panel), B opens a live
//      consultation;
//   2. a projector's SSE stream on B receives a pin answered through A in under 2 s, and the
//      other way round;
//   3. a photo sent with an answer through A is served by B (shared folder).
// Loopback only; the staff account, the session and its answers are removed at the end.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { toLocalInput } from '../src/lib/live/time.ts';
import { createLocalAccount } from '../src/lib/server/auth/local.ts';
import { openPostgres } from '../src/lib/server/db/postgres.ts';
import { root, signIn, startServer, type BenchServer } from './bench-server.ts';

const PORT = 4396;
const LIMIT_MS = 2000;
const url = process.env.DATABASE_URL;
if (!url) {
	console.error('Błąd: ustaw DATABASE_URL (PostgreSQL): kilka procesów dzieli tylko PostgreSQL.');
	process.exit(1);
}
if (!existsSync(join(root, 'build', 'index.js'))) {
	console.error('Błąd: brak build/ — uruchom najpierw npm run build.');
	process.exit(1);
}

/** Opens a live consultation through `server`'s panel form; returns its code. */
async function openSession(server: BenchServer, cookie: string): Promise<string> {
	const now = Date.now();
	const res = await fetch(`${server.base}/panel/konsultacje?/create`, {
		method: 'POST',
		headers: { origin: server.base, accept: 'text/html', cookie },
		body: new URLSearchParams({
			question: 'Sprawdzenie dwóch procesów: czego brakuje?',
			area: '',
			starts_at: toLocalInput(new Date(now - 60_000)),
			ends_at: toLocalInput(new Date(now + 3600_000))
		}),
		redirect: 'manual'
	});
	const code = /\/konsultacje\/([A-Z0-9]{6})$/.exec(res.headers.get('location') ?? '')?.[1];
	if (res.status !== 303 || !code) throw new Error(`opening a session: ${res.status}`);
	return code;
}

/** A projector: the SSE stream of session `code` on `server`, with a wait for the next pin. */
async function projector(server: BenchServer, code: string) {
	const abort = new AbortController();
	const res = await fetch(`${server.base}/api/konsultacje/${code}/stream`, {
		signal: abort.signal
	});
	if (!res.ok || !res.body) throw new Error(`stream on ${server.base}: ${res.status}`);
	const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
	const pins: { id: string; at: number }[] = [];
	let ready!: () => void;
	const initial = new Promise<void>((resolve) => (ready = resolve));
	void (async () => {
		let buffer = '';
		for (;;) {
			const { value, done } = await reader.read().catch(() => ({ value: '', done: true }));
			if (done) return;
			buffer += value;
			let end: number;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const event = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				if (/^event: pins$/m.test(event)) ready();
				const id = /^event: pin\nid: (\S+)$/m.exec(event)?.[1];
				if (id) pins.push({ id, at: performance.now() });
			}
		}
	})();
	await initial;
	return {
		async waitFor(id: string, ms: number): Promise<number | null> {
			const until = performance.now() + ms;
			while (performance.now() < until) {
				const pin = pins.find((p) => p.id === id);
				if (pin) return pin.at;
				await new Promise((r) => setTimeout(r, 5));
			}
			return null;
		},
		close: () => abort.abort()
	};
}

/** A resident's answer through `server`'s /k/<code> form; resolves once it is sent. */
async function answer(server: BenchServer, code: string, photo?: Buffer): Promise<string> {
	const key = randomUUID();
	const form = new FormData();
	for (const [name, value] of Object.entries({
		kind: 'need',
		category: 'integracja',
		title: `Sprawdzenie dwóch procesów ${key.slice(0, 8)}`,
		description: '',
		lon: '18.4267',
		lat: '52.265',
		contact: '',
		idempotency_key: key
	}))
		form.set(name, value);
	if (photo) form.set('photo', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'a.jpg');
	const res = await fetch(`${server.base}/k/${code}`, {
		method: 'POST',
		headers: { origin: server.base, accept: 'text/html' },
		body: form
	});
	if (!res.ok) throw new Error(`answer through ${server.base}: ${res.status}`);
	return key;
}

const email = `multi-${randomUUID().slice(0, 8)}@example.org`;
const password = randomUUID();
const dataDir = mkdtempSync(join(tmpdir(), 'mapa-multi-'));
const db = await openPostgres(url);
const servers: BenchServer[] = [];
let code: string | undefined;
let failed = false;
const check = (ok: boolean, line: string) => {
	failed ||= !ok;
	console.log(`${ok ? 'OK  ' : 'BŁĄD'} ${line}`);
};

try {
	const env = { DATABASE_URL: url, DATA_DIR: dataDir, RATE_LIMIT_REPORTS: 'off' };
	const [a, b] = await Promise.all([startServer(PORT, env), startServer(PORT + 1, env)]);
	servers.push(a, b);
	// After the start-up: on an empty database the servers create the tables.
	await createLocalAccount(db, { email, password, role: 'organizer' });
	check(
		true,
		`A ${a.base} i B ${b.base} wystartowały razem (${a.startMs.toFixed(0)} / ${b.startMs.toFixed(0)} ms)`
	);

	const cookie = await signIn(a.base, email, password);
	const panel = await fetch(`${b.base}/panel`, { headers: { cookie }, redirect: 'manual' });
	const anonymous = await fetch(`${b.base}/panel`, { redirect: 'manual' });
	check(
		panel.status === 200 && anonymous.status !== 200,
		`sesja z A działa na B: GET /panel → ${panel.status} (bez sesji ${anonymous.status})`
	);
	code = await openSession(b, cookie);
	check(true, `B otworzył konsultację ${code}`);

	const needId = (key: string) =>
		db.asOwner(async (tx) => {
			const [row] = await tx.query<{ need_id: string }>(
				'select need_id::text from private.idempotency_keys where key = $1',
				[key]
			);
			return row.need_id;
		});
	for (const [from, to] of [
		[a, b],
		[b, a]
	]) {
		const screen = await projector(to, code);
		const sent = performance.now();
		const key = await answer(from, code);
		const at = await screen.waitFor(await needId(key), 5000);
		screen.close();
		const ms = at === null ? null : at - sent;
		check(
			ms !== null && ms < LIMIT_MS,
			`pinezka wysłana przez ${from.base} na rzutniku ${to.base}: ${ms === null ? 'brak' : `${ms.toFixed(0)} ms`}`
		);
	}

	const jpeg = await sharp({
		create: { width: 64, height: 48, channels: 3, background: '#3a7' }
	})
		.jpeg()
		.toBuffer();
	const key = await answer(a, code, jpeg);
	const [photo] = await db.asOwner((tx) =>
		tx.query<{ storage_key: string }>(
			'select p.storage_key from public.need_photos p join private.idempotency_keys k on k.need_id = p.need_id where k.key = $1',
			[key]
		)
	);
	const path = photo?.storage_key.replace(/^needs\//, '') ?? 'brak';
	const served = await fetch(`${b.base}/panel/moderacja/zdjecie/${path}`, { headers: { cookie } });
	check(
		served.status === 200 && served.headers.get('content-type') === 'image/jpeg',
		`zdjęcie wysłane przez A podaje B (wspólny DATA_DIR/uploads): ${served.status}`
	);
} catch (e) {
	check(false, e instanceof Error ? e.message : String(e));
} finally {
	await Promise.all(servers.map((s) => s.stop()));
	await db.asOwner(async (tx) => {
		if (code) {
			await tx.query(
				'delete from public.needs where consultation_id = (select id from public.consultations where code = $1)',
				[code]
			);
			await tx.query('delete from public.consultations where code = $1', [code]);
		}
		await tx.query(
			'delete from public.profiles where id in (select id from private.local_accounts where email = $1)',
			[email]
		);
		await tx.query('delete from private.local_accounts where email = $1', [email]);
	});
	await db.close();
	rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
