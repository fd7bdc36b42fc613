import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Claims, Database, Tx } from '../../src/lib/server/db/types.ts';
import type { SessionUser } from '../../src/lib/server/auth/permissions.ts';
import {
	DOCUMENT_LIMITS,
	documentCache,
	download,
	serveDocument
} from '../../src/lib/server/cache/documents.ts';
import { diagnosisDownload } from '../../src/lib/server/diagnosis/documents.ts';
import { backends, claims } from './backends.ts';

// The document cache in front of the diagnosis downloads, driven through the same function the
// route calls, on a real database: a second request with no data change is served from memory,
// a write to a need makes the next request generate again.

const TITLE = 'Test cache 7Q';

function event(db: Database, who: Claims, user: SessionUser | null, etag?: string) {
	return {
		locals: {
			claims: who,
			user,
			region: 'kramsk',
			db: <T>(fn: (tx: Tx) => Promise<T>) => db.asUser(who, fn)
		},
		request: new Request('http://localhost/api/diagnoza/gmina.pdf', {
			headers: etag ? { 'if-none-match': etag } : {}
		})
	};
}

async function pdfText(res: Response) {
	const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
	return (await extractText(pdf, { mergePages: true })).text;
}

describe.each(backends)('document cache on $name', (backend) => {
	let db: Database;
	const anon = (etag?: string) => event(db, claims.anon, null, etag);
	const generated = () => documentCache.stats.generated;

	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});
	// One cache per process serves one database; each backend here starts from an empty one.
	beforeEach(() => documentCache.clear());

	it('a second request is served from the cache; If-None-Match gets 304 without generating', async () => {
		const g0 = generated();
		const first = await diagnosisDownload(anon(), 'gmina', 'pdf');
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toBe('application/pdf');
		expect(first.headers.get('content-disposition')).toBe(
			'attachment; filename="diagnoza-gmina.pdf"'
		);
		expect(first.headers.get('cache-control')).toBe('public, max-age=60');
		const etag = first.headers.get('etag') ?? '';
		expect(etag).toMatch(/^W\/".+"$/);
		const body = new Uint8Array(await first.arrayBuffer());
		expect(generated()).toBe(g0 + 1);

		const second = await diagnosisDownload(anon(), 'gmina', 'pdf');
		expect(second.headers.get('etag')).toBe(etag);
		expect(new Uint8Array(await second.arrayBuffer())).toEqual(body);
		const revalidated = await diagnosisDownload(anon(etag), 'gmina', 'pdf');
		expect(revalidated.status).toBe(304);
		expect(generated()).toBe(g0 + 1);
	});

	it('concurrent requests for the same document share one generation', async () => {
		const g0 = generated();
		const answers = await Promise.all(
			Array.from({ length: 4 }, () => diagnosisDownload(anon(), 'gmina', 'csv'))
		);
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
		expect(generated()).toBe(g0 + 1);
	});

	it('a new need makes the next request generate again, with the need in it', async () => {
		const before = await diagnosisDownload(anon(), 'gmina', 'pdf');
		expect(await pdfText(before)).not.toContain(TITLE);
		const g0 = generated();
		const need = await db.asOwner(async (tx) => {
			const rows = await tx.query<{ id: string }>(
				`insert into public.needs (region_id, kind, category, title, point, status, support_count)
				 select r.id, 'need', 'seniorzy', $1,
				   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326), 'published', 50
				 from public.regions r where r.slug = 'kramsk' returning id::text as id`,
				[TITLE]
			);
			return rows[0].id;
		});
		try {
			const after = await diagnosisDownload(anon(before.headers.get('etag') ?? ''), 'gmina', 'pdf');
			expect(after.status).toBe(200);
			expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
			expect(await pdfText(after)).toContain(TITLE);
			expect(generated()).toBe(g0 + 1);
		} finally {
			await db.asOwner((tx) => tx.query('delete from public.needs where id = $1', [need]));
		}
	});

	it('staff get their own copy (private, no-store); an unknown scope is a 404 and not cached', async () => {
		const user: SessionUser = {
			id: claims.organizer.sub,
			email: 'organizator@example.org',
			role: 'organizer'
		};
		const pub = await diagnosisDownload(anon(), 'kramsk', 'pdf');
		const g0 = generated();
		const staff = await diagnosisDownload(event(db, claims.organizer, user), 'kramsk', 'pdf');
		expect(staff.headers.get('cache-control')).toBe('private, no-store');
		expect(staff.headers.get('etag')).not.toBe(pub.headers.get('etag'));
		expect(generated()).toBe(g0 + 1);

		const failed = documentCache.stats.failed;
		for (let i = 0; i < 2; i++)
			await expect(diagnosisDownload(anon(), 'nie-ma-takiej-wsi', 'pdf')).rejects.toMatchObject({
				status: 404
			});
		expect(documentCache.stats.failed).toBe(failed + 2);
		expect(generated()).toBe(g0 + 1);
	});

	it('when every generation slot and the queue are taken, the answer is 503 with Retry-After', async () => {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const slow = () => gate.then(() => download('x', 'text/plain; charset=utf-8', 'x.txt'));
		const { concurrency, maxQueue } = DOCUMENT_LIMITS;
		const waiting = Array.from({ length: concurrency + maxQueue }, (_, i) =>
			serveDocument(anon(), { path: `test/${i}.txt`, staff: false, generate: slow })
		);
		while (documentCache.size.queued < maxQueue) await new Promise((r) => setTimeout(r, 10));
		const refused = await serveDocument(anon(), {
			path: 'test/one-more.txt',
			staff: false,
			generate: slow
		});
		expect(refused.status).toBe(503);
		expect(refused.headers.get('retry-after')).toBe('5');
		expect(await refused.text()).toContain('Spróbuj ponownie za kilka sekund');
		release();
		expect((await Promise.all(waiting)).map((r) => r.status)).toEqual(
			Array(concurrency + maxQueue).fill(200)
		);
	});
});
