import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { signContext } from '../../src/lib/server/guard/context.ts';
import { backends, claims, sqlState } from './backends.ts';
import { hex } from './guard-helpers.ts';

// Moderation in SQL: the status workflow and who may move it, rejection reasons on the
// reporter's status link, merging with exact supports, abuse reports that hide a need, the
// audit log, assisted entry and the RLS of abuse_reports. Every scenario is rolled back.

const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const NEAR_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4270, 52.2651), 4326)';
const { anon, resident, organizer, council, admin } = claims;
const USER_A = '00000000-0000-4000-8000-0000000000a1';
const USER_B = '00000000-0000-4000-8000-0000000000b2';
const TOKEN = hex('moderation-status-token');

async function arrange(tx: OwnerTx) {
	const [{ id: region }] = await tx.query<{ id: string }>(
		"select id::text as id from public.regions where slug = 'kramsk'"
	);
	const need = async (title: string, status: string, point = IN_KRAMSK) =>
		(
			await tx.query<{ id: string }>(
				`insert into public.needs (region_id, kind, category, title, point, status)
				 values ($1, 'need', 'seniorzy', $2, ${point}, $3) returning id::text as id`,
				[region, title, status]
			)
		)[0].id;
	const fx = {
		fresh: await need('MOD nowe zgłoszenie', 'new'),
		published: await need('MOD ławka przy przystanku', 'published'),
		duplicate: await need('MOD ławka przy przystanku bis', 'published', NEAR_KRAMSK),
		done: await need('MOD zrealizowane', 'done')
	};
	await tx.query('insert into private.need_status_tokens (token_hash, need_id) values ($1, $2)', [
		TOKEN,
		fx.fresh
	]);
	await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
	return fx;
}
type Fx = Awaited<ReturnType<typeof arrange>>;
type Become = (who: Claims | 'owner') => Promise<void>;
class Rollback extends Error {}

describe.each(backends)('moderation on $name', (backend) => {
	let db: Database;
	let secret: string;
	beforeAll(async () => {
		db = await backend.open();
		const rows = await db.asOwner((tx) =>
			tx.query<{ value: string }>("select value from private.app_secrets where name = 'hmac'")
		);
		secret = rows[0].value;
	});
	/** The context the app server signs for a browser (device name) on a network (name). */
	const ctx = (device: string, network: string) =>
		JSON.stringify(signContext(secret, hex(device), hex(network)));
	afterAll(async () => db?.close());

	/** Fixtures as the owner, then `act` as `who`; everything is rolled back. */
	async function scenario<T>(
		who: Claims,
		act: (tx: Tx, fx: Fx, become: Become) => Promise<T>
	): Promise<T> {
		let result: T | undefined;
		await db
			.asOwner(async (tx) => {
				const fx = await arrange(tx);
				const become: Become = async (w) => {
					if (w !== 'owner') return enterRole(tx, w);
					await tx.query("select set_config('role', 'none', true)");
				};
				await become(who);
				result = await act({ query: tx.query }, fx, become);
				throw new Rollback();
			})
			.catch((e) => {
				if (!(e instanceof Rollback)) throw e;
			});
		return result as T;
	}
	const attempt = (who: Claims, sql: string, params: (fx: Fx) => unknown[] = () => []) =>
		sqlState(scenario(who, (tx, fx) => tx.query(sql, params(fx))));
	const moderate = 'select public.moderate_need($1, $2, $3, true) as v';
	const statusOf = async (tx: Tx, id: string) =>
		(await tx.query<{ s: string }>('select status as s from public.needs where id = $1', [id]))[0]
			?.s;

	it('organizers move needs along the workflow; backward or skipped-from-final steps are refused (MZ422)', async () => {
		const path = await scenario(organizer, async (tx, fx) => {
			const seen: string[] = [];
			for (const status of ['published', 'in_analysis', 'planned', 'in_progress']) {
				await tx.query(moderate, [fx.fresh, status, null]);
				seen.push(await statusOf(tx, fx.fresh));
			}
			return seen;
		});
		expect(path).toEqual(['published', 'in_analysis', 'planned', 'in_progress']);
		expect(await attempt(organizer, moderate, (fx) => [fx.published, 'new', null])).toBe('MZ422');
		expect(await attempt(organizer, moderate, (fx) => [fx.done, 'in_analysis', null])).toBe(
			'MZ422'
		);
		expect(await attempt(organizer, moderate, (fx) => [fx.fresh, 'done', null])).toBe('MZ422');
		// The trigger guards direct table writes too, not only the function.
		expect(
			await attempt(organizer, "update public.needs set status = 'new' where id = $1", (fx) => [
				fx.done
			])
		).toBe('MZ422');
		expect(await attempt(organizer, moderate, (fx) => [fx.fresh, 'merged', null])).toBe('22023');
		expect(await attempt(admin, moderate, (fx) => [fx.fresh, 'published', null])).toBe('ok');
	});

	it('council, residents and anon cannot moderate (42501)', async () => {
		for (const who of [council, resident, anon]) {
			expect(await attempt(who, moderate, (fx) => [fx.fresh, 'published', null])).toBe('42501');
			expect(
				await attempt(who, 'select public.set_need_hidden($1, true)', (fx) => [fx.published])
			).toBe('42501');
			expect(
				await attempt(who, "select public.edit_need_text($1, 'Nowy tytuł', '')", (fx) => [
					fx.published
				])
			).toBe('42501');
			expect(
				await attempt(who, "select public.merge_needs($1, $2, 'x')", (fx) => [
					fx.duplicate,
					fx.published
				])
			).toBe('42501');
		}
	});

	it('a rejection needs a reason, which the reporter reads on the status link; private notes stay private', async () => {
		expect(await attempt(organizer, moderate, (fx) => [fx.fresh, 'rejected', ' '])).toBe('22023');
		const view = await scenario(organizer, async (tx, fx, become) => {
			await tx.query('select public.moderate_need($1, $2, $3, false)', [
				fx.fresh,
				'new',
				'Notatka wewnętrzna'
			]);
			await tx.query(moderate, [fx.fresh, 'rejected', 'Poza zakresem programu CUS.']);
			await become(anon);
			const rows = await tx.query<{
				v: { status: string; timeline: { status: string; note: string | null }[] };
			}>('select private.need_status($1) as v', [TOKEN]);
			const publicEvents = await tx.query('select id from public.need_events where need_id = $1', [
				fx.fresh
			]);
			return { ...rows[0].v, publicEvents: publicEvents.length };
		});
		expect(view.status).toBe('rejected');
		expect(view.timeline.map((e) => [e.status, e.note])).toEqual([
			['new', null],
			['rejected', 'Poza zakresem programu CUS.']
		]);
		// A rejected need is not public: its events are not readable by anon directly.
		expect(view.publicEvents).toBe(0);
	});

	it('merging moves supports exactly, drops duplicates by device and account, and points the reporter to the kept need', async () => {
		const out = await scenario(organizer, async (tx, fx, become) => {
			await become('owner');
			await tx.query(
				`insert into public.need_supports (need_id, device_hash, user_id) values
				 ($1, $3, null), ($1, $4, null), ($1, null, $5::uuid),
				 ($2, $4, null), ($2, null, $6::uuid)`,
				[fx.duplicate, fx.published, hex('dev-a'), hex('dev-b'), USER_A, USER_B]
			);
			await tx.query('update private.need_status_tokens set need_id = $1 where token_hash = $2', [
				fx.duplicate,
				TOKEN
			]);
			await become(organizer);
			const [{ v }] = await tx.query<{ v: { moved: number; support_count: number } }>(
				"select public.merge_needs($1, $2, 'To samo miejsce.') as v",
				[fx.duplicate, fx.published]
			);
			const counts = await tx.query<{ id: string; status: string; n: number; m: string | null }>(
				'select id::text, status, support_count as n, merged_into::text as m from public.needs where id = any($1::uuid[])',
				[[fx.duplicate, fx.published]]
			);
			const [{ exact }] = await tx.query<{ exact: number }>(
				'select count(*)::int as exact from public.need_supports where need_id = $1',
				[fx.published]
			);
			await become(anon);
			const [{ s }] = await tx.query<{
				s: { status: string; merged_into_ref: string; merged_into_village: string | null };
			}>('select private.need_status($1) as s', [TOKEN]);
			const [{ ref }] = await tx.query<{ ref: string }>(
				'select ref from public.needs where id = $1',
				[fx.published]
			);
			const byId = Object.fromEntries(counts.map((c) => [c.id, c]));
			return { v, dup: byId[fx.duplicate], keep: byId[fx.published], exact, s, ref, fx };
		});
		expect(out.v.moved).toBe(2);
		expect(out.keep.n).toBe(4);
		expect(out.exact).toBe(4);
		expect(out.v.support_count).toBe(4);
		expect(out.dup).toMatchObject({ status: 'merged', n: 0, m: out.fx.published });
		expect(out.s.status).toBe('merged');
		expect(out.s.merged_into_ref).toBe(out.ref);
		expect(out.s.merged_into_village).toBe('kramsk');
		expect(
			await attempt(organizer, "select public.merge_needs($1, $1, 'x')", (fx) => [fx.published])
		).toBe('22023');
	});

	it('three abuse reports from browsers on two networks hide a need from the public; one device counts once; staff still see it and restore it', async () => {
		const report = "select private.report_abuse($1, null, $2::text::jsonb, 'spam') as v";
		const geojsonIds = async (tx: Tx) => {
			const [{ v }] = await tx.query<{ v: { features: { properties: { id: string } }[] } }>(
				"select public.needs_geojson('kramsk', null, null, null) as v"
			);
			return v.features.map((f) => f.properties.id);
		};
		const out = await scenario(anon, async (tx, fx, become) => {
			const args = (device: string) => [
				fx.published,
				ctx(device, device === 'c' ? 'mobile' : 'home')
			];
			const first = await tx.query<{ v: { counted: boolean; hidden: boolean } }>(report, args('a'));
			const again = await tx.query<{ v: { counted: boolean; hidden: boolean } }>(report, args('a'));
			await tx.query(report, args('b'));
			const afterTwoDevices = (await geojsonIds(tx)).includes(fx.published);
			const third = await tx.query<{ v: { hidden: boolean } }>(report, args('c'));
			const publicAfter = (await geojsonIds(tx)).includes(fx.published);
			const anonRows = await tx.query('select id from public.needs where id = $1', [fx.published]);
			await tx.query('savepoint probe');
			const fourth = await sqlState(tx.query(report, args('d')));
			await tx.query('rollback to savepoint probe');
			await become(resident);
			const residentRows = await tx.query('select id from public.needs where id = $1', [
				fx.published
			]);
			await become(council);
			const [{ q }] = await tx.query<{ q: { id: string; abuse_reports: number }[] }>(
				"select public.moderation_queue('kramsk', null) as q"
			);
			await become(organizer);
			await tx.query('select public.set_need_hidden($1, false)', [fx.published]);
			const [{ open }] = await tx.query<{ open: number }>(
				'select count(*)::int as open from public.abuse_reports where need_id = $1 and reviewed_at is null',
				[fx.published]
			);
			await become(anon);
			const restored = (await geojsonIds(tx)).includes(fx.published);
			return {
				first: first[0].v,
				again: again[0].v,
				afterTwoDevices,
				third: third[0].v.hidden,
				publicAfter,
				anonRows: anonRows.length,
				fourth,
				residentRows: residentRows.length,
				queued: q.find((n) => n.id === fx.published)?.abuse_reports,
				open,
				restored
			};
		});
		expect(out).toEqual({
			first: { reported: true, counted: true, hidden: false, flagged: false },
			again: { reported: true, counted: false, hidden: false, flagged: false },
			afterTwoDevices: true,
			third: true,
			publicAfter: false,
			anonRows: 0,
			fourth: 'MZ404',
			residentRows: 0,
			queued: 3,
			open: 0,
			restored: true
		});
	});

	it('abuse reports are rate limited per network by the stored rules (MZ429)', async () => {
		const state = await sqlState(
			scenario(anon, async (tx, fx, become) => {
				await become('owner');
				await tx.query(
					`update private.rate_rules set limits = '[{"count": 1, "seconds": 3600}]' where scope = 'abuse_ip'`
				);
				await become(anon);
				const call = (device: string) =>
					tx.query('select private.report_abuse($1, null, $2::text::jsonb, null)', [
						fx.published,
						ctx(device, 'one network')
					]);
				await call('x');
				await call('y');
			})
		);
		expect(state).toBe('MZ429');
	});

	it('every change is in the audit log with the actor, before and after; only admins read it', async () => {
		const out = await scenario(organizer, async (tx, fx, become) => {
			await tx.query("select public.edit_need_text($1, 'MOD tytuł bez nazwiska', 'Opis')", [
				fx.published
			]);
			await tx.query(moderate, [fx.fresh, 'published', 'Dziękujemy']);
			const asOrganizer = await tx.query('select id from public.audit_log');
			await become(council);
			const asCouncil = await tx.query('select id from public.audit_log');
			await become(admin);
			// Newest first, in pages: other tests' committed changes may come before these. The days
			// around today: the log's days are Warsaw's, and the test may run across its midnight.
			type Entry = {
				actor: string;
				actor_role: string;
				row_id: string;
				action: string;
				before: { title: string; status: string } | null;
				after: { title: string; status: string } | null;
			};
			const v: { tables: string[]; entries: Entry[] } = { tables: [], entries: [] };
			for (let offset = 0; ; offset += 200) {
				const [{ page }] = await tx.query<{
					page: { total: number; tables: string[]; entries: Entry[] };
				}>(
					"select public.audit_entries('needs', current_date - 1, current_date + 1, 200, $1) as page",
					[offset]
				);
				v.tables = page.tables;
				v.entries.push(...page.entries);
				if (offset + 200 >= page.total) break;
			}
			return { asOrganizer: asOrganizer.length, asCouncil: asCouncil.length, v, fx };
		});
		expect(out.asOrganizer).toBe(0);
		expect(out.asCouncil).toBe(0);
		expect(out.v.tables).toContain('needs');
		const edit = out.v.entries.find(
			(e) => e.row_id === out.fx.published && e.after?.title === 'MOD tytuł bez nazwiska'
		);
		expect(edit).toMatchObject({
			actor: organizer.sub,
			actor_role: 'organizer',
			action: 'update',
			before: { title: 'MOD ławka przy przystanku' }
		});
		const publish = out.v.entries.find(
			(e) => e.row_id === out.fx.fresh && e.after?.status === 'published'
		);
		expect(publish?.before?.status).toBe('new');
	});

	it('assisted entry: an organizer records a need for a resident, with a private contact, published at once', async () => {
		const p = {
			region: 'kramsk',
			kind: 'idea',
			category: 'kultura',
			title: 'MOD zgłoszenie telefoniczne',
			description: 'Z formularza papierowego',
			village: 'kramsk',
			publish: true,
			contact_phone: '600 100 200',
			consent_text: 'zgoda ustna'
		};
		const enter = 'select public.enter_need($1::text::jsonb) as v';
		const out = await scenario(organizer, async (tx, _fx, become) => {
			const [{ v }] = await tx.query<{ v: { id: string; ref: string } }>(enter, [
				JSON.stringify(p)
			]);
			const [row] = await tx.query<{ status: string; by: boolean; phone: string }>(
				`select n.status, n.entered_by_organizer as by, k.phone from public.needs n
				 join public.need_contacts k on k.need_id = n.id where n.id = $1`,
				[v.id]
			);
			await become(anon);
			const visible = await tx.query('select id from public.needs where id = $1', [v.id]);
			return { ref: v.ref, row, visible: visible.length };
		});
		expect(out.ref).toMatch(/^KR-\d{4}-\d{4}$/);
		expect(out.row).toEqual({ status: 'published', by: true, phone: '600 100 200' });
		expect(out.visible).toBe(1);
		for (const who of [council, resident, anon]) {
			expect(await attempt(who, enter, () => [JSON.stringify(p)])).toBe('42501');
		}
	});

	it('photos: an organizer hides one (privacy edit); council cannot', async () => {
		const addPhoto = async (tx: Tx, fx: Fx, become: Become) => {
			await become('owner');
			await tx.query(
				"insert into public.need_photos (need_id, storage_key, width, height, bytes) values ($1, 'needs/2026/moderationphoto0000001.jpg', 10, 10, 1)",
				[fx.published]
			);
		};
		const hiddenBy = (who: Claims) =>
			scenario(organizer, async (tx, fx, become) => {
				await addPhoto(tx, fx, become);
				await become(who);
				await tx.query('savepoint probe');
				const state = await sqlState(
					tx.query('select public.set_photo_hidden($1, true)', [fx.published])
				);
				if (state !== 'ok') await tx.query('rollback to savepoint probe');
				await become(anon);
				const [{ v }] = await tx.query<{ v: boolean }>(
					"select public.photo_visible('needs/2026/moderationphoto0000001.jpg') as v"
				);
				return { state, publicVisible: v };
			});
		expect(await hiddenBy(organizer)).toEqual({ state: 'ok', publicVisible: false });
		expect(await hiddenBy(council)).toEqual({ state: '42501', publicVisible: true });
	});

	describe('RLS on abuse_reports', () => {
		const withReport = <T>(who: Claims, act: (tx: Tx) => Promise<T>) =>
			scenario(anon, async (tx, fx, become) => {
				await tx.query("select private.report_abuse($1, null, $2::text::jsonb, 'other')", [
					fx.published,
					ctx('rls-device', 'rls-network')
				]);
				await become(who);
				return act(tx);
			});
		const read = 'select id from public.abuse_reports';
		const review = 'update public.abuse_reports set reviewed_at = now() returning id';

		it('anon has no access; a resident sees none; staff read them', async () => {
			expect(await sqlState(withReport(anon, (tx) => tx.query(read)))).toBe('42501');
			expect(await withReport(resident, async (tx) => (await tx.query(read)).length)).toBe(0);
			for (const who of [council, organizer, admin]) {
				expect(await withReport(who, async (tx) => (await tx.query(read)).length)).toBe(1);
			}
		});

		it('nobody inserts directly; only editors mark reports reviewed', async () => {
			const insert =
				"insert into public.abuse_reports (need_id, device_hash) values ($1, repeat('b', 64))";
			for (const who of [anon, resident, council, organizer, admin]) {
				expect(await attempt(who, insert, (fx) => [fx.published])).toBe('42501');
			}
			expect(await sqlState(withReport(anon, (tx) => tx.query(review)))).toBe('42501');
			expect(await withReport(resident, async (tx) => (await tx.query(review)).length)).toBe(0);
			expect(await withReport(council, async (tx) => (await tx.query(review)).length)).toBe(0);
			expect(await withReport(organizer, async (tx) => (await tx.query(review)).length)).toBe(1);
			expect(await withReport(admin, async (tx) => (await tx.query(review)).length)).toBe(1);
			expect(
				await sqlState(withReport(organizer, (tx) => tx.query('delete from public.abuse_reports')))
			).toBe('42501');
		});
	});

	it('staff see possible duplicates of any status nearby; the queue is empty for non-staff', async () => {
		const out = await scenario(council, async (tx, fx, become) => {
			const [{ v }] = await tx.query<{ v: { id: string }[] }>(
				'select public.similar_needs_staff($1, 10) as v',
				[fx.published]
			);
			await become(resident);
			const [{ q }] = await tx.query<{ q: unknown[] }>(
				"select public.moderation_queue('kramsk', null) as q"
			);
			return { ids: v.map((n) => n.id), queue: q.length, fx };
		});
		expect(out.ids).toEqual(expect.arrayContaining([out.fx.duplicate, out.fx.fresh]));
		expect(out.queue).toBe(0);
	});
});
