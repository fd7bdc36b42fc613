import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, WriteEntry } from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { openContainer, writeContainer, type ManifestDraft } from './container.ts';

// The backup file format: what is written is read back byte for byte, and anything that is not
// exactly what the manifest lists is refused with a message.

const work = mkdtempSync(join(tmpdir(), 'mapa-container-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const draft: ManifestDraft = {
	created_at: '2026-12-01T02:00:00.000Z',
	backend: 'pglite',
	database: { server_version: '18.3' },
	migrations: ['20261126080000'],
	counts: { needs: 1, status_links: 1, local_accounts: 1, photos: 1, resources: 0 },
	uploads: { location: 'included' }
};
const database = new Blob([new Uint8Array(70_000).fill(7)]);

describe('backup container', () => {
	it('round-trips the database part and the photos (names may begin with "-"), leaving out half-written files', async () => {
		const uploads = join(work, 'uploads');
		mkdirSync(join(uploads, 'needs/2026'), { recursive: true });
		writeFileSync(join(uploads, 'needs/2026/-aaaaaaaaaaaaaaaaaaaaa.jpg'), 'jpeg-bytes');
		writeFileSync(join(uploads, 'needs/2026/bbbbbbbbbbbbbbbbbbbbbb.jpg.part'), 'half');
		const file = join(work, 'kopia.tar.gz');
		const manifest = await writeContainer(file, draft, database, uploads);
		expect(manifest.uploads.files).toEqual([
			{
				path: 'uploads/needs/2026/-aaaaaaaaaaaaaaaaaaaaa.jpg',
				bytes: 10,
				sha256: createHash('sha256').update('jpeg-bytes').digest('hex')
			}
		]);

		const stage = join(work, 'stage');
		const opened = await openContainer(file, stage, { keepUploads: true });
		expect(opened.manifest).toEqual(manifest);
		expect(readFileSync(opened.database)).toEqual(Buffer.from(await database.arrayBuffer()));
		expect(readFileSync(join(stage, 'uploads/needs/2026/-aaaaaaaaaaaaaaaaaaaaa.jpg'), 'utf8')).toBe(
			'jpeg-bytes'
		);
	});

	async function tampered(name: string, extra: WriteEntry[], manifestEdit = (m: string) => m) {
		const good = join(work, 'good.tar.gz');
		const manifest = await writeContainer(
			good,
			{ ...draft, created_at: new Date().toISOString() },
			database,
			null
		);
		const file = join(work, name);
		await create({ file, gzip: true }, [
			new WriteEntry({ path: 'pgdata.tar' }, database),
			...extra,
			new WriteEntry({ path: 'manifest.json' }, manifestEdit(JSON.stringify(manifest)))
		]);
		rmSync(good);
		return openContainer(file, join(work, `stage-${name}`), { keepUploads: false });
	}

	it('refuses entries the app never writes: other paths and links', async () => {
		await expect(
			tampered('other.tar.gz', [new WriteEntry({ path: 'etc/cron.d/x' }, 'x')])
		).rejects.toThrow(/nieznany wpis etc\/cron.d\/x/);
		await expect(
			tampered('dots.tar.gz', [new WriteEntry({ path: 'uploads/../x.jpg' }, 'x')])
		).rejects.toThrow(/wpis/);
		await expect(
			tampered('link.tar.gz', [
				new WriteEntry({ path: 'uploads/l', type: 'SymbolicLink', linkpath: '/etc/passwd' })
			])
		).rejects.toThrow(/niedozwolony wpis/);
		await expect(
			tampered('unlisted.tar.gz', [new WriteEntry({ path: 'uploads/needs/2026/x.jpg' }, 'x')])
		).rejects.toThrow(/spoza manifestu/);
	});

	it('refuses a database part whose checksum differs from the manifest', async () => {
		await expect(
			tampered('sum.tar.gz', [], (m) =>
				m.replace(/"sha256":"[0-9a-f]{64}"/, `"sha256":"${'0'.repeat(64)}"`)
			)
		).rejects.toThrow(/suma SHA-256 wpisu pgdata.tar się nie zgadza/);
		await expect(tampered('json.tar.gz', [], () => '{')).rejects.toThrow(/nie jest poprawnym JSON/);
	});
});
