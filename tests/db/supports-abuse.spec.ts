import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { signContext } from '../../src/lib/server/guard/context.ts';
import { backends, claims, sqlState } from './backends.ts';
import { hex, readSecret } from './guard-helpers.ts';

// Supports ("Popieram") and abuse reports in SQL, as PostgREST would run them: only through the
// guarded functions with a context the app server signed, networks kept where no request role
// reads them, bursts of supports from one network reported to staff only, and abuse reports
// that hide a need only when browsers on two networks agree.

const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const { anon, resident, organizer, council } = claims;
const TITLE = 'Test poparć i nadużyć';
type Become = (who: Claims | 'owner') => Promise<void>;
class Rollback extends Error {}

const support = 'select private.set_device_support($1, $2::text::jsonb, $3) as v';
const report = "select private.report_abuse($1, null, $2::text::jsonb, 'spam') as v";

async function publishedNeed(tx: { query: OwnerTx['query'] }, title: string): Promise<string> {
	const rows = await tx.query<{ id: string }>(
		`insert into public.needs (region_id, kind, category, title, point, status)
		 select r.id, 'need', 'seniorzy', $1, ${IN_KRAMSK}, 'published'
		 from public.regions r where r.slug = 'kramsk' returning id::text as id`,
		[title]
	);
	return rows[0].id;
}

describe.each(backends)('supports and abuse reports on $name', (backend) => {
	let db: Database;
	let secret: string;
	/** A context the app server would sign for this device (a name) on this network (a name). */
	const ctx = (device: string | null, network: string) =>
		JSON.stringify(signContext(secret, device === null ? null : hex(device), hex(network)));

	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => {
		await db?.asOwner((tx) =>
			tx.query('delete from public.needs where title like $1', [`${TITLE}%`])
		);
		await db?.close();
	});

	/** A published need as the owner, then `act` as `who`; everything is rolled back. */
	async function scenario<T>(
		who: Claims,
		act: (tx: Tx, need: string, become: Become) => Promise<T>
	): Promise<T> {
		let result: T | undefined;
		await db
			.asOwner(async (tx) => {
				const need = await publishedNeed(tx, `${TITLE} ${randomUUID()}`);
				const become: Become = async (w) => {
					if (w !== 'owner') return enterRole(tx, w);
					await tx.query("select set_config('role', 'none', true)");
				};
				await become(who);
				result = await act({ query: tx.query }, need, become);
				throw new Rollback();
			})
			.catch((e) => {
				if (!(e instanceof Rollback)) throw e;
			});
		return result as T;
	}
	/** The SQLSTATE of one statement inside a scenario, without aborting the transaction. */
	const probe = async (tx: Tx, sql: string, params: unknown[]) => {
		await tx.query('savepoint probe');
		const state = await sqlState(tx.query(sql, params));
		await tx.query(state === 'ok' ? 'release savepoint probe' : 'rollback to savepoint probe');
		return state;
	};
	const countOf = async (tx: Tx, need: string) =>
		(
			await tx.query<{ n: number }>('select support_count as n from public.needs where id = $1', [
				need
			])
		)[0]?.n;
	const publicIds = async (tx: Tx) => {
		const [{ v }] = await tx.query<{ v: { features: { properties: { id: string } }[] } }>(
			"select public.needs_geojson('kramsk', null, null, null) as v"
		);
		return v.features.map((f) => f.properties.id);
	};

	it('anon and residents write no supports or abuse reports directly, and never read the networks', async () => {
		for (const who of [anon, resident]) {
			const out = await scenario(who, async (tx, need) => ({
				device: await probe(
					tx,
					'insert into public.need_supports (need_id, device_hash) values ($1, $2)',
					[need, hex('direct')]
				),
				account: await probe(
					tx,
					'insert into public.need_supports (need_id, user_id) values ($1, $2)',
					[need, resident.sub]
				),
				deleteSupports: await probe(tx, 'delete from public.need_supports', []),
				updateSupports: await probe(tx, 'update public.need_supports set created_at = now()', []),
				report: await probe(
					tx,
					'insert into public.abuse_reports (need_id, device_hash) values ($1, $2)',
					[need, hex('direct')]
				),
				deleteReports: await probe(tx, 'delete from public.abuse_reports', [])
			}));
			expect(out).toEqual({
				device: '42501',
				account: '42501',
				deleteSupports: '42501',
				updateSupports: '42501',
				report: '42501',
				deleteReports: '42501'
			});
		}
		for (const who of [anon, resident, organizer, council]) {
			const out = await scenario(who, async (tx) => ({
				supports: await probe(tx, 'select * from private.support_origins', []),
				reports: await probe(tx, 'select * from private.abuse_origins', []),
				devices: await probe(tx, 'select * from private.devices', [])
			}));
			expect(out).toEqual({ supports: '42501', reports: '42501', devices: '42501' });
		}
	});

	it('refuse a forged, unsigned, stale or device-less context; the old signatures are gone', async () => {
		const signed = signContext(secret, hex('dev'), hex('net'));
		const bad = [
			JSON.stringify(signContext('z'.repeat(64), hex('dev'), hex('net'))),
			JSON.stringify({ d: hex('dev'), i: hex('net'), t: signed.t }),
			JSON.stringify({ ...signed, d: hex('chosen by the caller') }),
			JSON.stringify(signContext(secret, hex('dev'), hex('net'), Date.now() - 10 * 60_000)),
			ctx(null, 'net'),
			'null'
		];
		const out = await scenario(anon, async (tx, need) => {
			const states: string[] = [];
			for (const c of bad) {
				states.push(await probe(tx, support, [need, c, true]));
				states.push(await probe(tx, report, [need, c]));
			}
			const n = await countOf(tx, need);
			await tx.query("select set_config('role', 'none', true)");
			const [old] = await tx.query<{ support: string | null; abuse: string | null }>(
				`select to_regprocedure('private.set_device_support(uuid, text, boolean)')::text as support,
				   to_regprocedure('private.report_abuse(uuid, text, text, text[], jsonb)')::text as abuse`
			);
			const [{ reports }] = await tx.query<{ reports: number }>(
				'select count(*)::int as reports from public.abuse_reports where need_id = $1',
				[need]
			);
			return { states, n, old, reports };
		});
		expect(out.states).toEqual(Array(bad.length * 2).fill('42501'));
		expect(out.n).toBe(0);
		expect(out.reports).toBe(0);
		expect(out.old).toEqual({ support: null, abuse: null });
	});

	it('a signed support counts once per device, keeps its network privately and can be withdrawn', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			const first = (await tx.query<{ v: unknown }>(support, [need, ctx('a', 'home'), true]))[0].v;
			const again = (await tx.query<{ v: unknown }>(support, [need, ctx('a', 'home'), true]))[0].v;
			await tx.query(support, [need, ctx('b', 'home'), true]);
			await become('owner');
			const origins = await tx.query<{ n: number }>(
				'select count(*)::int as n from private.support_origins where need_id = $1 and ip_hash = $2',
				[need, hex('home')]
			);
			await become(anon);
			const withdrawn = (
				await tx.query<{ v: unknown }>(support, [need, ctx('a', 'home'), false])
			)[0].v;
			await become('owner');
			const left = await tx.query<{ n: number }>(
				'select count(*)::int as n from private.support_origins where need_id = $1',
				[need]
			);
			return { first, again, origins: origins[0].n, withdrawn, left: left[0].n };
		});
		expect(out).toEqual({
			first: { supported: true, support_count: 1 },
			again: { supported: true, support_count: 1 },
			origins: 2,
			withdrawn: { supported: false, support_count: 1 },
			left: 1
		});
		expect(
			await sqlState(
				scenario(anon, async (tx) => tx.query(support, [randomUUID(), ctx('a', 'home'), true]))
			)
		).toBe('MZ404');
	});

	it('new devices per network and toggles per device are limited by the stored rules (MZ429)', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			await become('owner');
			await tx.query(
				`update private.rate_rules set limits = '[{"count": 2, "seconds": 600}]'
				 where scope in ('device_new_ip', 'support_device')`
			);
			await become(anon);
			const net = `limited ${randomUUID()}`;
			const devices: string[] = [];
			for (const d of ['x', 'y', 'z']) {
				devices.push(await probe(tx, support, [need, ctx(`${net} ${d}`, net), true]));
			}
			const toggles: string[] = [];
			for (const on of [false, true]) {
				toggles.push(await probe(tx, support, [need, ctx(`${net} x`, net), on]));
			}
			return { devices, toggles };
		});
		// Device x used its two support slots on its first support and the "off" toggle.
		expect(out).toEqual({ devices: ['ok', 'ok', 'MZ429'], toggles: ['ok', 'MZ429'] });
	});

	it('50 parallel supports from 50 browsers give exactly 50', async () => {
		const need = await db.asOwner((tx) => publishedNeed(tx, `${TITLE} równoległe ${randomUUID()}`));
		const run = randomUUID();
		await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				db.asUser(anon, (tx) =>
					tx.query(support, [need, ctx(`${run} device ${i}`, `${run} net ${i % 5}`), true])
				)
			)
		);
		const [row] = await db.asOwner((tx) =>
			tx.query<{ n: number; rows: number; origins: number }>(
				`select support_count as n,
				   (select count(*)::int from public.need_supports where need_id = $1) as rows,
				   (select count(*)::int from private.support_origins where need_id = $1) as origins
				 from public.needs where id = $1`,
				[need]
			)
		);
		expect(row).toEqual({ n: 50, rows: 50, origins: 50 });
	});

	it('a burst of supports from one network is reported to staff, with counts only', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			const net = `burst ${randomUUID()}`;
			for (let i = 0; i < 12; i++) await tx.query(support, [need, ctx(`${net} ${i}`, net), true]);
			await tx.query(support, [need, ctx(`${net} other`, `${net} elsewhere`), true]);
			const anonState = await probe(tx, "select * from private.support_alerts('kramsk', null)", []);
			await become(resident);
			const residentRows = await tx.query("select * from private.support_alerts('kramsk', null)");
			const [{ own }] = await tx.query<{ own: unknown }>('select private.need_json($1) as own', [
				need
			]);
			await become(council);
			const alerts = await tx.query<{ need_id: string; burst: number; top_network: number }>(
				"select need_id::text, burst, top_network, total from private.support_alerts('kramsk', null)"
			);
			const [{ q }] = await tx.query<{ q: { id: string; support_alert: unknown }[] }>(
				"select public.moderation_queue('kramsk', null) as q"
			);
			const [{ d }] = await tx.query<{ d: unknown }>('select public.moderation_need($1) as d', [
				need
			]);
			return { need, anonState, residentRows: residentRows.length, own, alerts, q, d };
		});
		expect(out.anonState).toBe('42501');
		expect(out.residentRows).toBe(0);
		// The need is public, so a resident may call need_json on it, but gets no staff figures.
		expect(out.own).toMatchObject({ support_count: 13, support_alert: null });
		expect(out.alerts.filter((a) => a.need_id === out.need)).toEqual([
			expect.objectContaining({ burst: 12, top_network: 12, total: 13 })
		]);
		const queued = out.q.find((n) => n.id === out.need);
		expect(queued?.support_alert).toMatchObject({ burst: 12, top_network: 12, total: 13 });
		expect(JSON.stringify(out.q)).not.toMatch(/[0-9a-f]{64}/);
		expect(JSON.stringify(out.d)).not.toMatch(/[0-9a-f]{64}/);
		expect(out.d).toMatchObject({ need: { support_alert: { burst: 12 } } });
	});

	it('merging a need carries the networks of its supports to the kept need', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			const net = `merge ${randomUUID()}`;
			for (let i = 0; i < 10; i++) await tx.query(support, [need, ctx(`${net} ${i}`, net), true]);
			await become('owner');
			const keep = await publishedNeed(tx, `${TITLE} zachowane ${randomUUID()}`);
			await become(organizer);
			await tx.query("select public.merge_needs($1, $2, 'To samo.')", [need, keep]);
			const alerts = await tx.query<{ need_id: string; burst: number }>(
				'select need_id::text, burst from private.support_alerts(null, null) where need_id = any($1::uuid[])',
				[[need, keep]]
			);
			return { alerts, keep };
		});
		expect(out.alerts).toEqual([{ need_id: out.keep, burst: 10 }]);
	});

	it('one network holding most of the supports is flagged even when they came slowly', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			const net = `slow ${randomUUID()}`;
			for (let i = 0; i < 7; i++) await tx.query(support, [need, ctx(`${net} ${i}`, net), true]);
			for (let i = 0; i < 5; i++) {
				await tx.query(support, [need, ctx(`${net} o${i}`, `${net} other ${i}`), true]);
			}
			await become('owner');
			// Spread over days: no hour holds more than one support of a network.
			await tx.query(
				`update private.support_origins o set created_at = now() - (x.k || ' hours')::interval
				 from (select device_hash, row_number() over (order by device_hash) * 2 as k
				       from private.support_origins where need_id = $1) x
				 where o.need_id = $1 and o.device_hash = x.device_hash`,
				[need]
			);
			await become(organizer);
			return tx.query<{ burst: number | null; top_network: number; total: number }>(
				'select burst, top_network, total from private.support_alerts(null, $1)',
				[need]
			);
		});
		expect(out).toEqual([{ burst: null, top_network: 7, total: 12 }]);
	});

	it('three abuse reports from three browsers on ONE network flag the need but do not hide it', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			const results: { counted: boolean; hidden: boolean; flagged: boolean }[] = [];
			for (const d of ['a', 'b', 'c']) {
				results.push(
					(await tx.query<{ v: (typeof results)[0] }>(report, [need, ctx(d, 'flat')]))[0].v
				);
			}
			const again = (
				await tx.query<{ v: { counted: boolean } }>(report, [need, ctx('a', 'flat')])
			)[0].v;
			const stillPublic = (await publicIds(tx)).includes(need);
			await become(organizer);
			const [{ q }] = await tx.query<{
				q: { id: string; abuse_reports: number; abuse_flagged: boolean; abuse_networks: number }[];
			}>("select public.moderation_queue('kramsk', null) as q");
			return { results, again, stillPublic, queued: q.find((n) => n.id === need) };
		});
		expect(out.results.map((r) => [r.counted, r.hidden, r.flagged])).toEqual([
			[true, false, false],
			[true, false, false],
			[true, false, true]
		]);
		expect(out.again.counted).toBe(false);
		expect(out.stillPublic).toBe(true);
		expect(out.queued).toMatchObject({ abuse_reports: 3, abuse_flagged: true, abuse_networks: 1 });
	});

	it('three browsers on two networks within a day hide the need; restoring closes the reports', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			await tx.query(report, [need, ctx('a', 'home')]);
			await tx.query(report, [need, ctx('b', 'home')]);
			const third = (
				await tx.query<{ v: { hidden: boolean } }>(report, [need, ctx('c', 'mobile')])
			)[0].v;
			const hidden = !(await publicIds(tx)).includes(need);
			const fourth = await probe(tx, report, [need, ctx('d', 'office')]);
			await become(organizer);
			const [{ q }] = await tx.query<{ q: { id: string; hidden_reason: string }[] }>(
				"select public.moderation_queue('kramsk', null) as q"
			);
			await tx.query('select public.set_need_hidden($1, false)', [need]);
			const [{ open }] = await tx.query<{ open: number }>(
				'select count(*)::int as open from public.abuse_reports where need_id = $1 and reviewed_at is null',
				[need]
			);
			await become(anon);
			return {
				third,
				hidden,
				fourth,
				queued: q.find((n) => n.id === need),
				open,
				restored: (await publicIds(tx)).includes(need)
			};
		});
		expect(out).toMatchObject({
			third: { hidden: true, flagged: false },
			hidden: true,
			fourth: 'MZ404',
			queued: { hidden_reason: 'abuse_reports' },
			open: 0,
			restored: true
		});
	});

	it('reports older than a day do not count towards hiding', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			await tx.query(report, [need, ctx('a', 'home')]);
			await tx.query(report, [need, ctx('b', 'mobile')]);
			await become('owner');
			await tx.query(
				"update public.abuse_reports set created_at = now() - interval '2 days' where need_id = $1",
				[need]
			);
			await become(anon);
			return (await tx.query<{ v: unknown }>(report, [need, ctx('c', 'office')]))[0].v;
		});
		expect(out).toEqual({ reported: true, counted: true, hidden: false, flagged: true });
	});

	it('abuse reports are limited per device and per network by the stored rules (MZ429)', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			await become('owner');
			await tx.query(
				`update private.rate_rules set limits = '[{"count": 1, "seconds": 3600}]' where scope = 'abuse_ip'`
			);
			const other = await publishedNeed(tx, `${TITLE} druga ${randomUUID()}`);
			await become(anon);
			const net = `abuse ${randomUUID()}`;
			return [
				await probe(tx, report, [need, ctx(`${net} a`, net)]),
				await probe(tx, report, [other, ctx(`${net} b`, net)])
			];
		});
		expect(out).toEqual(['ok', 'MZ429']);
	});

	it('the default privacy and moderation pages state the new rules', async () => {
		const pages = await db.asUser(anon, (tx) =>
			tx.query<{ slug: string; locale: string; body: string }>(
				"select slug, locale, body from public.legal_pages where slug in ('rodo', 'zasady-moderacji')"
			)
		);
		const body = (slug: string, locale: string) =>
			pages.find((p) => p.slug === slug && p.locale === locale)?.body ?? '';
		expect(body('zasady-moderacji', 'pl')).toContain('z co najmniej dwóch sieci');
		expect(body('zasady-moderacji', 'pl')).not.toContain('Gdy nadużycie zgłoszą trzy różne');
		expect(body('zasady-moderacji', 'en')).toContain('on at least two networks');
		expect(body('rodo', 'pl')).toContain('przy pierwszym otwarciu strony aplikacji');
		expect(body('rodo', 'pl')).toContain('nigdy adresów ani skrótów');
		expect(body('rodo', 'en')).toContain('never addresses or hashes');
		expect(body('rodo', 'en')).toContain('on at least two networks');
	});
});
