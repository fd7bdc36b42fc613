import { isHttpError } from '@sveltejs/kit';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/permissions.ts';
import type { Claims, Database } from '../../src/lib/server/db/types.ts';
import { LocalPhotoStore } from '../../src/lib/server/photos/store.ts';
import { backends, claims } from './backends.ts';
import { context, hex, readSecret } from './guard-helpers.ts';

// The photo routes in-process: a photo is served only when RLS lets the requester see its need,
// every refusal is the same 404, and the cache headers follow who may see it.

// The app reads DATA_DIR once per module instance: a private directory for this file, and the
// routes imported afresh after it is set (the worker may have loaded the app for another file).
const dataDir = mkdtempSync(join(tmpdir(), 'mapa-photos-'));
vi.stubEnv('DATA_DIR', dataDir);
vi.resetModules();
const { GET: needPhoto } = await import('../../src/routes/media/needs/[year]/[file]/+server.ts');
const { GET: moderationPhoto } =
	await import('../../src/routes/panel/moderacja/zdjecie/[year]/[file]/+server.ts');

const TITLE = 'Test zdjęcia potrzeby';
const organizer: SessionUser = {
	id: claims.organizer.sub,
	email: 'o@example.org',
	role: 'organizer'
};

describe.each(backends)('photo routes on $name', (backend) => {
	let db: Database;
	let year: string;
	let file: string;
	let needId: string;
	const jpeg = randomBytes(64);

	beforeAll(async () => {
		db = await backend.open();
		const secret = await readSecret(db);
		const name = randomUUID().replace(/-/g, '').slice(0, 22);
		year = '2026';
		file = `${name}.jpg`;
		const key = `needs/${year}/${file}`;
		const idempotency = randomUUID();
		const payload = {
			region: 'kramsk',
			kind: 'need',
			category: 'seniorzy',
			title: TITLE,
			description: 'Opis',
			lon: 18.4267,
			lat: 52.265,
			village: null,
			contact_email: null,
			contact_phone: null,
			consent_text: 'zgoda',
			idempotency_key: idempotency,
			request_hash: hex(`payload-${idempotency}`),
			token_hash: hex(`token-${idempotency}`),
			ctx: context(secret),
			photo: { storage_key: key, width: 10, height: 10, bytes: jpeg.byteLength }
		};
		needId = await db.asUser(claims.anon, async (tx) => {
			const rows = await tx.query<{ v: { need_id: string } }>(
				'select private.submit_need($1::text::jsonb) as v',
				[JSON.stringify(payload)]
			);
			return rows[0].v.need_id;
		});
		await new LocalPhotoStore(dataDir).put(key, jpeg);
	});
	afterAll(async () => {
		await db?.asOwner((tx) => tx.query('delete from public.needs where title = $1', [TITLE]));
		await db?.close();
	});

	const event = (as: Claims, user: SessionUser | null, params = { year, file }) =>
		({
			params,
			url: new URL(`http://x/media/needs/${params.year}/${params.file}`),
			locals: { user, db: (fn: Parameters<Database['asUser']>[1]) => db.asUser(as, fn) }
		}) as unknown as Parameters<typeof needPhoto>[0];
	/** The answer's status; the handlers throw SvelteKit's HttpError for refusals. */
	const status = async (call: () => Promise<Response> | Response) => {
		try {
			return (await call()).status;
		} catch (e) {
			if (isHttpError(e)) return e.status;
			throw e;
		}
	};

	it('an unpublished need: 404 to the public, the photo to staff, never cached by others', async () => {
		expect(await status(() => needPhoto(event(claims.anon, null)))).toBe(404);
		const staff = await moderationPhoto(event(claims.organizer, organizer) as never);
		expect(staff.status).toBe(200);
		expect(staff.headers.get('cache-control')).toBe('private, no-store');
		expect(Buffer.from(await staff.arrayBuffer())).toEqual(jpeg);
	});

	it('a published need: the public gets the JPEG, cacheable, not sniffed', async () => {
		await db.asOwner((tx) =>
			tx.query("update public.needs set status = 'published' where id = $1", [needId])
		);
		const res = await needPhoto(event(claims.anon, null));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(res.headers.get('cache-control')).toBe('public, max-age=300');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);
	});

	it('a name the server never makes, or a photo without its row, is the same 404', async () => {
		expect(
			await status(() => needPhoto(event(claims.anon, null, { year, file: '..%2F.env' })))
		).toBe(404);
		const unknown = { year, file: `${'a'.repeat(22)}.jpg` };
		expect(await status(() => needPhoto(event(claims.anon, null, unknown)))).toBe(404);
	});

	it('the moderation route refuses a signed-in person without a staff role', async () => {
		const resident: SessionUser = { id: claims.resident.sub, email: 'r@example.org', role: null };
		expect(await status(() => moderationPhoto(event(claims.resident, resident) as never))).toBe(
			403
		);
	});
});

afterAll(() => {
	vi.unstubAllEnvs();
	rmSync(dataDir, { recursive: true, force: true });
});
