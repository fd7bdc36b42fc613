import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState } from './backends.ts';
import { context, readSecret } from './guard-helpers.ts';

// Activities in SQL: linking needs plans them (with a need_events entry), completion can
// finish them, partners and volunteers follow RLS, and volunteers' contacts stay private.

const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const { anon, resident, organizer, council, admin } = claims;
const EDITORS: [string, Claims][] = [
	['organizer', organizer],
	['admin', admin]
];
const NON_EDITORS: [string, Claims][] = [
	['anon', anon],
	['resident', resident],
	['council', council]
];

async function arrange(tx: OwnerTx) {
	const one = async (sql: string, params: unknown[] = []) =>
		(await tx.query<{ id: string }>(sql, params))[0].id;
	const region = await one("select id::text as id from public.regions where slug = 'kramsk'");
	const resource = (name: string, category: string) =>
		one(
			`insert into public.resources (region_id, category, name, address, capacity, step_free, point, status)
			 values ($1, $2, $3, 'ul. Testowa 1', 60, 'yes', ${IN_KRAMSK}, 'published') returning id::text as id`,
			[region, category, name]
		);
	const need = (title: string, status: string) =>
		one(
			`insert into public.needs (region_id, kind, category, title, point, status)
			 values ($1, 'need', 'seniorzy', $2, ${IN_KRAMSK}, $3) returning id::text as id`,
			[region, title, status]
		);
	const activity = (title: string, published: boolean) =>
		one(
			`insert into public.activities (region_id, title, programme_category, published, starts_at)
			 values ($1, $2, 'community_animation', $3, now() + interval '7 days') returning id::text as id`,
			[region, title, published]
		);
	const fx = {
		region,
		hall: await resource('ACT świetlica', 'swietlica'),
		kgw: await resource('ACT koło gospodyń', 'kgw'),
		needPublished: await need('ACT potrzeba opublikowana', 'published'),
		needAnalysis: await need('ACT potrzeba w analizie', 'in_analysis'),
		needNew: await need('ACT potrzeba nowa', 'new'),
		needRejected: await need('ACT potrzeba odrzucona', 'rejected'),
		actPublished: await activity('ACT działanie opublikowane', true),
		actDraft: await activity('ACT działanie robocze', false)
	};
	await tx.query(
		'insert into public.activity_partners (activity_id, resource_id) values ($1, $3), ($2, $3)',
		[fx.actPublished, fx.actDraft, fx.kgw]
	);
	await tx.query(
		`insert into public.activity_volunteers (activity_id, name, contact, consent_text)
		 values ($1, 'Anna Wolontariuszka', 'anna@example.org', 'zgoda')`,
		[fx.actPublished]
	);
	await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
	return fx;
}
type Fx = Awaited<ReturnType<typeof arrange>>;

class Rollback extends Error {}

/** Fixtures as the owner, then `act` as `who` (same set_config as a request); all rolled back. */
async function scenario<T>(
	db: Database,
	who: Claims,
	act: (tx: Tx, fx: Fx, owner: Tx) => Promise<T>
): Promise<T> {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			const fx = await arrange(tx);
			await enterRole(tx, who);
			// Reads "as the owner" mid-scenario: back to the session user, then to `who` again.
			const owner: Tx = {
				query: async (sql, params) => {
					await tx.query("select set_config('role', 'none', true)");
					try {
						return await tx.query(sql, params);
					} finally {
						await enterRole(tx, who);
					}
				}
			};
			result = await act({ query: tx.query }, fx, owner);
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

const save = (tx: Tx, p: Record<string, unknown>) =>
	tx
		.query<{ id: string }>('select public.save_activity($1::text::jsonb) as id', [
			JSON.stringify({
				region: 'kramsk',
				title: 'ACT spotkanie sołeckie',
				kind: 'citizens_meeting',
				programme_category: 'community_animation',
				goals: ['social_bonds'],
				starts_local: '2026-12-05T17:00',
				ends_local: '2026-12-05T19:30',
				locality: 'kramsk',
				localities: [],
				partners: [],
				needs: [],
				status: 'planned',
				published: true,
				...p
			})
		])
		.then((r) => r[0].id);

describe.each(backends)('activities on $name', (backend) => {
	let db: Database;
	let secret: string;
	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => db?.close());

	it('linking needs plans published and analysed ones (recorded in need_events); new and rejected stay', async () => {
		const result = await scenario(db, organizer, async (tx, fx, owner) => {
			const id = await save(tx, {
				venue_id: fx.hall,
				partners: [fx.kgw],
				needs: [fx.needPublished, fx.needAnalysis, fx.needNew, fx.needRejected]
			});
			const statuses = await owner.query<{ title: string; status: string }>(
				'select title, status from public.needs where id = any($1::uuid[]) order by title',
				[[fx.needPublished, fx.needAnalysis, fx.needNew, fx.needRejected]]
			);
			const events = await owner.query<{ need_id: string; status: string; created_by: string }>(
				"select need_id::text, status, created_by::text from public.need_events where need_id = any($1::uuid[]) and status = 'planned'",
				[[fx.needPublished, fx.needAnalysis, fx.needNew, fx.needRejected]]
			);
			const detail = await tx.query<{ v: Record<string, unknown> }>(
				'select public.panel_activity($1) as v',
				[id]
			);
			return { statuses, events, fx, detail: detail[0].v };
		});
		expect(result.statuses).toEqual([
			{ title: 'ACT potrzeba nowa', status: 'new' },
			{ title: 'ACT potrzeba odrzucona', status: 'rejected' },
			{ title: 'ACT potrzeba opublikowana', status: 'planned' },
			{ title: 'ACT potrzeba w analizie', status: 'planned' }
		]);
		expect(result.events.map((e) => e.need_id).sort()).toEqual(
			[result.fx.needPublished, result.fx.needAnalysis].sort()
		);
		expect(result.events.every((e) => e.created_by === organizer.sub)).toBe(true);
		expect(result.detail).toMatchObject({
			date: '2026-12-05',
			start_time: '17:00',
			end_time: '19:30',
			// 17:00 in Warsaw in December (CET, UTC+1).
			starts_at: expect.stringMatching(/^2026-12-05T16:00:00/),
			venue: { name: 'ACT świetlica', capacity: 60, step_free: 'yes' },
			partners: [{ name: 'ACT koło gospodyń', category: 'kgw' }],
			locality: { slug: 'kramsk' }
		});
	});

	it('completion records the outcome and moves linked needs to done only when chosen', async () => {
		const run = (close: boolean) =>
			scenario(db, organizer, async (tx, fx, owner) => {
				const id = await save(tx, { needs: [fx.needPublished, fx.needRejected] });
				const [{ n }] = await tx.query<{ n: number }>(
					'select public.complete_activity($1, 23, $2, $3) as n',
					[id, 'Przyszło 23 osoby', close]
				);
				const [act] = await owner.query<Record<string, unknown>>(
					'select status, outcome_participants, outcome_notes from public.activities where id = $1',
					[id]
				);
				const needs = await owner.query<{ status: string }>(
					'select status from public.needs where id = any($1::uuid[]) order by title',
					[[fx.needPublished, fx.needRejected]]
				);
				const events = await owner.query<{ n: number }>(
					"select count(*)::int as n from public.need_events where need_id = $1 and status = 'done'",
					[fx.needPublished]
				);
				return { n, act, needs: needs.map((x) => x.status), events: events[0].n };
			});
		const closed = await run(true);
		expect(closed.n).toBe(1);
		expect(closed.act).toEqual({
			status: 'held',
			outcome_participants: 23,
			outcome_notes: 'Przyszło 23 osoby'
		});
		expect(closed.needs).toEqual(['rejected', 'done']);
		expect(closed.events).toBe(1);
		const kept = await run(false);
		expect(kept.n).toBe(0);
		expect(kept.needs).toEqual(['rejected', 'planned']);
		expect(kept.events).toBe(0);
	});

	it('only organizers and admins save, complete and cancel; the others get 42501 or change nothing', async () => {
		for (const [, who] of EDITORS) {
			expect(await sqlState(scenario(db, who, (tx) => save(tx, {})))).toBe('ok');
		}
		for (const [, who] of NON_EDITORS) {
			expect(await sqlState(scenario(db, who, (tx) => save(tx, {})))).toBe('42501');
			const cancelled = await sqlState(
				scenario(db, who, (tx, fx) => tx.query('select public.cancel_activity($1)', [fx.actDraft]))
			);
			// anon has no EXECUTE; the others see no row to update (council sees it but may not write).
			expect(['42501', 'MZ404']).toContain(cancelled);
		}
		expect(
			await scenario(db, organizer, async (tx, fx, owner) => {
				await tx.query('select public.cancel_activity($1)', [fx.actPublished]);
				return (
					await owner.query<{ status: string }>(
						'select status from public.activities where id = $1',
						[fx.actPublished]
					)
				)[0].status;
			})
		).toBe('cancelled');
	});

	it('SEQUENCE counts revisions of time, place and status; other edits and direct writes do not move it', async () => {
		const steps = await scenario(db, organizer, async (tx, fx, owner) => {
			const sequence = async () =>
				(
					await owner.query<{ n: number }>(
						'select sequence as n from public.activities where id = $1',
						[id]
					)
				)[0].n;
			const id = await save(tx, { venue_id: fx.hall });
			const seen: [string, number][] = [['created', await sequence()]];
			const edit = async (label: string, p: Record<string, unknown>) => {
				await save(tx, { id, venue_id: fx.hall, ...p });
				seen.push([label, await sequence()]);
			};
			await edit('title and description', { title: 'ACT nowy tytuł', description: 'Opis' });
			await edit('start moved', { starts_local: '2026-12-05T18:00' });
			await edit('saved unchanged', { starts_local: '2026-12-05T18:00' });
			await edit('end moved', { starts_local: '2026-12-05T18:00', ends_local: '2026-12-05T20:00' });
			await edit('venue removed', {
				starts_local: '2026-12-05T18:00',
				ends_local: '2026-12-05T20:00',
				venue_id: null
			});
			const [other] = await owner.query<{ slug: string }>(
				"select slug from public.localities where slug <> 'kramsk' order by slug limit 1"
			);
			await edit('village changed', {
				starts_local: '2026-12-05T18:00',
				ends_local: '2026-12-05T20:00',
				venue_id: null,
				locality: other.slug
			});
			await tx.query('select public.cancel_activity($1)', [id]);
			seen.push(['cancelled', await sequence()]);
			await tx.query('update public.activities set sequence = 100 where id = $1', [id]);
			seen.push(['set directly', await sequence()]);
			const [pub] = await tx.query<{ v: { sequence: number } }>(
				'select public.public_activity($1) as v',
				[id]
			);
			seen.push(['as the public reads it', pub.v.sequence]);
			return seen;
		});
		expect(steps).toEqual([
			['created', 0],
			['title and description', 0],
			['start moved', 1],
			['saved unchanged', 1],
			['end moved', 2],
			['venue removed', 3],
			['village changed', 4],
			['cancelled', 5],
			['set directly', 5],
			['as the public reads it', 5]
		]);
	});

	it('a partner must be an organisation, business or institution (23514)', async () => {
		expect(
			await sqlState(scenario(db, organizer, (tx, fx) => save(tx, { partners: [fx.hall] })))
		).toBe('23514');
	});

	describe('activity_partners RLS', () => {
		const seenBy = (who: Claims) =>
			scenario(db, who, async (tx, fx) => {
				const rows = await tx.query<{ activity_id: string }>(
					'select activity_id::text from public.activity_partners where resource_id = $1',
					[fx.kgw]
				);
				return rows.map((r) => (r.activity_id === fx.actPublished ? 'published' : 'draft')).sort();
			});
		it('anon and residents see partners of published activities only; staff see all', async () => {
			expect(await seenBy(anon)).toEqual(['published']);
			expect(await seenBy(resident)).toEqual(['published']);
			expect(await seenBy(council)).toEqual(['draft', 'published']);
			expect(await seenBy(organizer)).toEqual(['draft', 'published']);
			expect(await seenBy(admin)).toEqual(['draft', 'published']);
		});
		it('only organizers and admins add and remove partners', async () => {
			const add = (who: Claims) =>
				sqlState(
					scenario(db, who, (tx, fx) =>
						tx.query(
							'insert into public.activity_partners (activity_id, resource_id) select id, $2 from public.activities where id = $1',
							[fx.actPublished, fx.kgw]
						)
					)
				);
			const remove = (who: Claims) =>
				scenario(db, who, (tx, fx) =>
					tx.query('delete from public.activity_partners where resource_id = $1 returning 1', [
						fx.kgw
					])
				);
			for (const [, who] of NON_EDITORS) {
				expect(await add(who)).toBe('42501');
				const removed = await sqlState(remove(who));
				expect(removed === '42501' || (await remove(who)).length === 0).toBe(true);
			}
			for (const [, who] of EDITORS) {
				expect(await sqlState(remove(who))).toBe('ok');
				expect(await remove(who)).toHaveLength(2);
			}
		});
	});

	describe('activity_volunteers', () => {
		const contactsSeenBy = (who: Claims) =>
			scenario(db, who, (tx) =>
				tx.query<{ contact: string }>(
					"select contact from public.activity_volunteers where name = 'Anna Wolontariuszka'"
				)
			);
		it('contacts: anon has no privilege; resident and council see none; organizer and admin see them', async () => {
			expect(await sqlState(contactsSeenBy(anon))).toBe('42501');
			expect(await contactsSeenBy(resident)).toEqual([]);
			expect(await contactsSeenBy(council)).toEqual([]);
			expect(await contactsSeenBy(organizer)).toEqual([{ contact: 'anna@example.org' }]);
			expect(await contactsSeenBy(admin)).toEqual([{ contact: 'anna@example.org' }]);
		});
		it('nobody inserts directly; only organizers and admins delete', async () => {
			const insert = (who: Claims) =>
				sqlState(
					scenario(db, who, (tx, fx) =>
						tx.query(
							"insert into public.activity_volunteers (activity_id, name, contact, consent_text) values ($1, 'Jan', 'jan@example.org', 'zgoda')",
							[fx.actPublished]
						)
					)
				);
			for (const [, who] of [...NON_EDITORS, ...EDITORS]) expect(await insert(who)).toBe('42501');
			const del = (who: Claims) =>
				scenario(db, who, (tx) =>
					tx.query(
						"delete from public.activity_volunteers where name = 'Anna Wolontariuszka' returning 1"
					)
				);
			expect(await sqlState(del(anon))).toBe('42501');
			expect(await del(resident)).toEqual([]);
			expect(await del(council)).toEqual([]);
			expect(await del(organizer)).toHaveLength(1);
			expect(await del(admin)).toHaveLength(1);
		});
		it('public.remove_volunteer: organizers and admins erase a volunteer; others cannot', async () => {
			const remove = (who: Claims) =>
				scenario(db, who, async (tx, fx, owner) => {
					const [{ id }] = await owner.query<{ id: string }>(
						'select id::text from public.activity_volunteers where activity_id = $1',
						[fx.actPublished]
					);
					const [{ v }] = await tx.query<{ v: boolean }>(
						'select public.remove_volunteer($1, $2) as v',
						[fx.actPublished, id]
					);
					return v;
				});
			expect(await sqlState(remove(anon))).toBe('42501');
			expect(await remove(resident)).toBe(false);
			expect(await remove(council)).toBe(false);
			expect(await remove(organizer)).toBe(true);
			expect(await remove(admin)).toBe(true);
		});
		// One browser on one network; the limits come from private.rate_rules (default 5 per
		// browser in 10 minutes), never from the payload.
		const browser = { device: 'a'.repeat(64), ip: 'b'.repeat(64) };
		const signup = (tx: Tx, activity: string, over: Record<string, unknown> = {}) =>
			tx.query('select private.volunteer_signup($1::text::jsonb) as v', [
				JSON.stringify({
					activity_id: activity,
					name: 'Jan Kowalski',
					contact: '600 100 200',
					consent_text: 'zgoda',
					ctx: context(secret, browser),
					rate_buckets: [],
					rate_limits: [],
					...over
				})
			]);
		it('anyone signs up for a published, open activity through the function; the list shows it to editors only', async () => {
			// A failed statement aborts its transaction: each refusal gets its own scenario.
			const stored = await scenario(db, anon, async (tx, fx, owner) => {
				await signup(tx, fx.actPublished);
				return owner.query<{ contact: string }>(
					"select contact from public.activity_volunteers where activity_id = $1 and name = 'Jan Kowalski'",
					[fx.actPublished]
				);
			});
			const refused = (fn: (tx: Tx, fx: Fx) => Promise<unknown>) =>
				sqlState(scenario(db, anon, fn));
			const out = {
				stored,
				draft: await refused((tx, fx) => signup(tx, fx.actDraft)),
				limited: await refused(async (tx, fx) => {
					for (let n = 0; n < 6; n++) await signup(tx, fx.actPublished);
				}),
				unsigned: await refused((tx, fx) => signup(tx, fx.actPublished, { ctx: null })),
				noConsent: await refused((tx, fx) => signup(tx, fx.actPublished, { consent_text: '' }))
			};
			expect(out.stored).toEqual([{ contact: '600 100 200' }]);
			expect(out.draft).toBe('MZ404');
			expect(out.limited).toBe('MZ429');
			expect(out.unsigned).toBe('42501');
			expect(out.noConsent).toBe('MZ422');
			const list = (who: Claims) =>
				scenario(db, who, async (tx, fx) => {
					const [{ v }] = await tx.query<{ v: { volunteers: { contact: string }[] } }>(
						'select public.panel_activity($1) as v',
						[fx.actPublished]
					);
					return v.volunteers.map((x) => x.contact);
				});
			expect(await list(organizer)).toEqual(['anna@example.org']);
			expect(await list(council)).toEqual([]);
			expect(await sqlState(list(anon))).toBe('42501');
		});
		it('a cancelled activity takes no sign-ups', async () => {
			const state = await scenario(db, anon, async (tx, fx, owner) => {
				await owner.query("update public.activities set status = 'cancelled' where id = $1", [
					fx.actPublished
				]);
				return sqlState(signup(tx, fx.actPublished));
			});
			expect(state).toBe('MZ404');
		});
	});

	it('public functions list published activities only, with village filter', async () => {
		const titles = (who: Claims, village: string | null) =>
			scenario(db, who, async (tx, fx, owner) => {
				await owner.query(
					"update public.activities set locality_id = (select id from public.localities where slug = 'kramsk') where id = any($1::uuid[])",
					[[fx.actPublished, fx.actDraft]]
				);
				const [{ v }] = await tx.query<{ v: { title: string }[] }>(
					"select public.public_activities('kramsk', $1, now(), null, 100) as v",
					[village]
				);
				const [{ d }] = await tx.query<{ d: unknown }>('select public.public_activity($1) as d', [
					fx.actDraft
				]);
				return { titles: v.map((a) => a.title).filter((t) => t.startsWith('ACT')), draft: d };
			});
		for (const who of [anon, organizer]) {
			expect(await titles(who, 'kramsk')).toEqual({
				titles: ['ACT działanie opublikowane'],
				draft: null
			});
			expect((await titles(who, 'wola-podlezna')).titles).toEqual([]);
		}
	});
});
