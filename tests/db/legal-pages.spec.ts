import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import {
	INSERT_MISSING_LEGAL_PAGES,
	readLegalPages
} from '../../src/lib/server/seed/legal-pages.ts';
import { regionPaths } from '../../src/lib/server/seed/seed.ts';
import { root } from '../../scripts/sql-files.ts';
import { backends, claims, sqlState, tryAs, tryAsOwner } from './backends.ts';

// Legal pages: everyone reads the accessibility statement, the privacy notice
// and the moderation rules in both languages; only admins edit them, and every edit is audited.

const { anon, resident, organizer, council, admin } = claims;

class Rollback extends Error {}

/** One rolled-back transaction: the admin's profile row as the owner, then `act` as `who`. */
async function scenario<T>(
	db: Database,
	who: Claims,
	act: (q: OwnerTx['query'], owner: () => Promise<void>) => Promise<T>
): Promise<T> {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
			await enterRole(tx, who);
			const owner = async () => {
				await tx.query("select set_config('role', 'none', true)");
			};
			result = await act(tx.query, owner);
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

const UPDATE = `update public.legal_pages set body = $1 where slug = 'rodo' and locale = 'pl' returning slug`;

describe.each(backends)('legal pages on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('has the three pages in Polish and English with default contents', async () => {
		const rows = await tryAs(db, anon, (tx) =>
			tx.query<{ slug: string; locale: string; title: string; body: string }>(
				'select slug, locale, title, body from public.legal_pages order by slug, locale'
			)
		);
		expect(rows.map((r) => `${r.slug}/${r.locale}`)).toEqual([
			'deklaracja-dostepnosci/en',
			'deklaracja-dostepnosci/pl',
			'rodo/en',
			'rodo/pl',
			'zasady-moderacji/en',
			'zasady-moderacji/pl'
		]);
		const pl = rows.find((r) => r.slug === 'deklaracja-dostepnosci' && r.locale === 'pl');
		expect(pl?.body).toContain('Rzecznika Praw Obywatelskich');
		expect(pl?.body).toContain('[do uzupełnienia przez administratora]');
		const rodo = rows.find((r) => r.slug === 'rodo' && r.locale === 'pl');
		expect(rodo?.body).toContain('Prezesa Urzędu Ochrony Danych Osobowych');
	});

	it('anon reads the contents but not who edited them', async () => {
		expect(
			await sqlState(tryAs(db, anon, (tx) => tx.query('select updated_by from public.legal_pages')))
		).toBe('42501');
	});

	it.each([
		['anon', anon],
		['resident', resident],
		['organizer', organizer],
		['council', council]
	])('%s cannot change a page', async (_name, who) => {
		const outcome = await scenario(db, who, async (q) => {
			try {
				return (await q(UPDATE, ['Zmienione'])).length === 1 ? 'updated' : 'no rows';
			} catch (e) {
				return (e as { code?: string }).code;
			}
		});
		// anon has no UPDATE grant; authenticated non-admins are filtered out by RLS.
		expect(outcome).toBe(who === anon ? '42501' : 'no rows');
	});

	it.each([
		['resident', resident],
		['organizer', organizer],
		['council', council],
		['admin', admin]
	])('%s cannot add or delete pages', async (_name, who) => {
		const insert = await scenario(db, who, (q) =>
			sqlState(
				q(
					`insert into public.legal_pages (slug, locale, title, body) values ('rodo', 'pl', 'X y z', 'b')`
				)
			)
		);
		const del = await scenario(db, who, (q) => sqlState(q('delete from public.legal_pages')));
		expect([insert, del]).toEqual(['42501', '42501']);
	});

	it('admin changes a page: stamped and audited', async () => {
		const result = await scenario(db, admin, async (q, owner) => {
			const updated = await q(UPDATE, ['## Nowa treść\n- punkt']);
			const page = await q<{ body: string; updated_by: string; fresh: boolean }>(
				`select body, private.staff_author('legal_pages', id::text)::text as updated_by,
				   updated_at > now() - interval '1 minute' as fresh
				 from public.legal_pages where slug = 'rodo' and locale = 'pl'`
			);
			await owner();
			const audit = await q<{ actor: string; before: string; after: string }>(
				`select actor::text, before ->> 'body' as before, after ->> 'body' as after
				 from public.audit_log where table_name = 'legal_pages' and action = 'update'
				   and actor is not null`
			);
			return { updated: updated.length, page: page[0], audit };
		});
		expect(result.updated).toBe(1);
		expect(result.page).toEqual({
			body: '## Nowa treść\n- punkt',
			updated_by: admin.sub,
			fresh: true
		});
		expect(result.audit).toHaveLength(1);
		expect(result.audit[0].actor).toBe(admin.sub);
		expect(result.audit[0].before).toContain('nigdy go nie publikujemy');
		expect(result.audit[0].after).toBe('## Nowa treść\n- punkt');
	});

	it('rejects an empty title even from an admin', async () => {
		const state = await scenario(db, admin, (q) =>
			sqlState(q(`update public.legal_pages set title = ' ' where slug = 'rodo'`))
		);
		expect(state).toBe('23514');
	});
});

// The default texts are seed data (data/regions/<slug>/legal/): a seed adds the pages that are
// missing and never touches one that exists, so an admin's edits survive every later seed.
describe.each(backends)('default legal pages as seed data on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	const pages = readLegalPages(regionPaths(root, 'kramsk').legalDir);

	it('reads the six default pages, each with a title and a body', () => {
		expect(pages.map((p) => `${p.slug}/${p.locale}`).sort()).toEqual([
			'deklaracja-dostepnosci/en',
			'deklaracja-dostepnosci/pl',
			'rodo/en',
			'rodo/pl',
			'zasady-moderacji/en',
			'zasady-moderacji/pl'
		]);
		for (const p of pages) {
			expect(p.title.length).toBeGreaterThan(3);
			expect(p.body).not.toMatch(/^\s|\s$/);
		}
	});

	it('adds a missing page and leaves an edited one as it is', async () => {
		const result = await tryAsOwner(db, async (tx) => {
			await tx.query(
				"update public.legal_pages set body = 'Tekst administratora.' where slug = 'rodo' and locale = 'pl'"
			);
			await tx.query("delete from public.legal_pages where slug = 'rodo' and locale = 'en'");
			const added = await tx.query<{ slug: string }>(INSERT_MISSING_LEGAL_PAGES, [
				JSON.stringify(pages)
			]);
			const rows = await tx.query<{ locale: string; body: string }>(
				"select locale, body from public.legal_pages where slug = 'rodo' order by locale"
			);
			return { added, rows };
		});
		expect(result.added).toEqual([{ slug: 'rodo' }]);
		expect(result.rows).toEqual([
			{ locale: 'en', body: pages.find((p) => p.slug === 'rodo' && p.locale === 'en')?.body },
			{ locale: 'pl', body: 'Tekst administratora.' }
		]);
	});
});
