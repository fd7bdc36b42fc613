import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalInput } from '../../src/lib/live/time.ts';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import { PinHub } from '../../src/lib/server/live/hub.ts';
import type { Claims, Database, Tx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState, tryAs, tryAsOwner } from './backends.ts';
import { context, hex, needReport, readSecret } from './guard-helpers.ts';

// Live consultation in SQL: sessions and their RLS per role, answers tagged with the session in
// the submit transaction, the moderation hold, NOTIFY on publication (through db.listen) and the
// snapshot frozen at closing. Sessions and answers are committed (NOTIFY needs a commit) and
// removed in afterAll. Every answer carries a context signed as the app server signs it.

const TITLE = 'KONS odpowiedź';
const QUESTION = 'KONS test: czego brakuje w Twojej okolicy?';
const { anon, resident, organizer, council, admin } = claims;
const HOUR = 3600_000;

function answer(code: string | null, over: Record<string, unknown> = {}) {
	return needReport(`${TITLE} ${randomUUID().slice(0, 8)}`, { consultation: code, ...over });
}

interface Notice {
	code: string;
	need: string;
}

/**
 * Collects NOTIFY payloads of `consultation_pins` through db.listen; `waitFor` resolves with the
 * first one `match` accepts (also one that came before the call), or null after `ms`.
 */
async function collectNotices(db: Database) {
	const seen: Notice[] = [];
	const waiters = new Set<() => void>();
	const stop = await db.listen('consultation_pins', (payload) => {
		seen.push(JSON.parse(payload) as Notice);
		for (const wake of waiters) wake();
	});
	return {
		stop,
		waitFor(match: (notice: Notice) => boolean, ms = 3000): Promise<Notice | null> {
			return new Promise((resolve) => {
				const check = () => {
					const found = seen.find(match);
					if (!found) return;
					finish(found);
				};
				const finish = (value: Notice | null) => {
					clearTimeout(timer);
					waiters.delete(check);
					resolve(value);
				};
				const timer = setTimeout(() => finish(null), ms);
				waiters.add(check);
				check();
			});
		}
	};
}

describe.each(backends)('live consultations on $name', (backend) => {
	let db: Database;
	let secret: string;
	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => {
		await db?.asOwner(async (tx) => {
			await tx.query('delete from public.needs where title like $1', [`${TITLE}%`]);
			await tx.query('delete from public.consultations where question = $1', [QUESTION]);
		});
		await db?.close();
	});

	const create = (
		who: Claims,
		over: Partial<{
			hold: boolean;
			starts: number;
			ends: number;
			locality: string;
			category: string;
			choices: string[];
		}> = {}
	) =>
		db.asUser(who, async (tx) => {
			const rows = await tx.query<{ v: { id: string; code: string } }>(
				'select public.create_consultation($1::text::jsonb) as v',
				[
					JSON.stringify({
						region: 'kramsk',
						question: QUESTION,
						locality: over.locality ?? null,
						solectwo: null,
						starts_at: toLocalInput(new Date(Date.now() + (over.starts ?? -HOUR))),
						ends_at: toLocalInput(new Date(Date.now() + (over.ends ?? HOUR))),
						hold: over.hold ?? false,
						// The answers' category (answer() sends seniorzy) unless a test names others.
						category: over.category ?? 'seniorzy',
						choices: over.choices ?? []
					})
				]
			);
			return rows[0].v;
		});
	/** As an admin (whose role lives in a profiles row): inside a rolled-back transaction. */
	const asAdmin = <T>(fn: (tx: Tx) => Promise<T>) =>
		tryAsOwner(db, async (tx) => {
			await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
			await enterRole(tx, admin);
			return fn({ query: tx.query });
		});
	const createSql = 'select public.create_consultation($1::text::jsonb) as v';
	const sessionInput = () =>
		JSON.stringify({
			region: 'kramsk',
			question: QUESTION,
			locality: null,
			solectwo: null,
			starts_at: toLocalInput(new Date(Date.now() - HOUR)),
			ends_at: toLocalInput(new Date(Date.now() + HOUR)),
			hold: false,
			category: 'seniorzy'
		});
	/** As the report form sends it: a new browser on a new network unless p.ctx says otherwise. */
	const submit = (p: Record<string, unknown>) =>
		db.asUser(anon, async (tx) => {
			const rows = await tx.query<{ v: { need_id: string; ref: string } }>(
				'select private.submit_need($1::text::jsonb) as v',
				[JSON.stringify({ ctx: context(secret), ...p })]
			);
			return rows[0].v;
		});
	const needRow = async (id: string) =>
		(
			await db.asOwner((tx) =>
				tx.query<{ status: string; consultation_id: string | null }>(
					'select status, consultation_id::text from public.needs where id = $1',
					[id]
				)
			)
		)[0];
	const pins = (who: Claims, code: string) =>
		db.asUser(who, async (tx) => {
			const rows = await tx.query<{ v: { features: { properties: Record<string, unknown> }[] } }>(
				'select public.consultation_pins($1, null) as v',
				[code]
			);
			return rows[0].v.features.map((f) => f.properties);
		});

	it('editors open sessions with a short code; council, residents and anon cannot (42501)', async () => {
		const session = await create(organizer);
		expect(session.code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
		const byAdmin = await asAdmin(
			async (tx) => (await tx.query<{ v: { code: string } }>(createSql, [sessionInput()]))[0].v
		);
		expect(byAdmin.code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
		for (const who of [council, resident, anon]) {
			expect(await sqlState(create(who))).toBe('42501');
			expect(
				await sqlState(
					tryAs(db, who, (tx) =>
						tx.query(
							"insert into public.consultations (region_id, code, question, starts_at, ends_at) select id, 'ABCDEF', 'Pytanie', now(), now() + interval '1 hour' from public.regions"
						)
					)
				)
			).toBe('42501');
		}
	});

	it('everyone reads sessions (question, times, status), but anon never reads who created one', async () => {
		const { code } = await create(organizer, { locality: 'kramsk' });
		for (const who of [anon, resident, council, organizer]) {
			const found = await tryAs(db, who, (tx) =>
				tx.query<{ v: { question: string; accepting: boolean; area: { name: string } } }>(
					"select public.consultation_by_code('kramsk', $1) as v",
					[code]
				)
			);
			expect(found[0].v.question).toBe(QUESTION);
			expect(found[0].v.accepting).toBe(true);
			expect(found[0].v.area.name).toBe('Kramsk');
		}
		expect(
			await sqlState(
				tryAs(db, anon, (tx) => tx.query('select created_by from public.consultations'))
			)
		).toBe('42501');
		const [p] = await tryAsOwner(db, (tx) =>
			tx.query<{ anon: boolean }>(
				"select has_column_privilege('anon', 'public.consultations', 'created_by', 'SELECT') as anon"
			)
		);
		expect(p.anon).toBe(false);
	});

	it('only editors close a session or edit it; council, residents and anon cannot (42501)', async () => {
		const { code } = await create(organizer);
		for (const who of [council, resident, anon]) {
			expect(
				await sqlState(
					tryAs(db, who, (tx) => tx.query('select public.close_consultation($1)', [code]))
				)
			).toBe('42501');
			const changed = await tryAs(db, who, (tx) =>
				tx
					.query<{ id: string }>(
						"update public.consultations set question = 'Zmienione' where code = $1 returning id",
						[code]
					)
					.catch((e: { code?: string }) => e.code)
			);
			expect(Array.isArray(changed) ? changed.length : changed).toSatisfy(
				(v: unknown) => v === 0 || v === '42501'
			);
		}
		expect(
			await sqlState(asAdmin((tx) => tx.query('select public.close_consultation($1)', [code])))
		).toBe('ok');
	});

	it('an answer is tagged in the submit transaction and published at once without a hold', async () => {
		const { code, id } = await create(organizer, { hold: false });
		const { need_id } = await submit(answer(code.toLowerCase()));
		expect(await needRow(need_id)).toEqual({ status: 'published', consultation_id: id });
		const seen = await pins(anon, code);
		expect(seen.map((p) => p.id)).toEqual([need_id]);
		// Public answers carry no personal data and nothing the public map does not show.
		expect(Object.keys(seen[0]).sort()).toEqual(
			[
				'category',
				'category_label',
				'category_label_en',
				'color',
				'created_at',
				'id',
				'kind',
				'locality',
				'ref',
				'title'
			].sort()
		);
		// Ordinary reports are unchanged: untagged and waiting for moderation.
		const plain = await submit(answer(null));
		expect(await needRow(plain.need_id)).toEqual({ status: 'new', consultation_id: null });
	});

	it('with the hold on, answers stay off the public pins until an editor releases them', async () => {
		const { code } = await create(organizer, { hold: true });
		const { need_id } = await submit(answer(code));
		expect((await needRow(need_id)).status).toBe('new');
		expect(await pins(anon, code)).toEqual([]);
		const held = await db.asUser(organizer, (tx) =>
			tx.query<{ v: { id: string }[] }>('select public.consultation_held($1) as v', [code])
		);
		expect(held[0].v.map((h) => h.id)).toEqual([need_id]);
		const councilHeld = await db.asUser(council, (tx) =>
			tx.query<{ v: { id: string }[] }>('select public.consultation_held($1) as v', [code])
		);
		expect(councilHeld[0].v.map((h) => h.id)).toEqual([need_id]);
		const anonHeld = await db.asUser(anon, (tx) =>
			tx
				.query<{ v: unknown[] }>('select public.consultation_held($1) as v', [code])
				.catch(() => [{ v: [] }])
		);
		expect(anonHeld[0].v).toEqual([]);
		for (const who of [council, resident, anon]) {
			expect(
				await sqlState(
					tryAs(db, who, (tx) =>
						tx.query('select public.release_consultation_answer($1, $2)', [code, need_id])
					)
				)
			).toSatisfy((s: string) => s === '42501' || s === '22023');
		}
		expect((await needRow(need_id)).status).toBe('new');
		await db.asUser(organizer, (tx) =>
			tx.query('select public.release_consultation_answer($1, $2)', [code, need_id])
		);
		expect((await pins(anon, code)).map((p) => p.id)).toEqual([need_id]);
	});

	it('a session has its own category, or the organizer’s choices; everyone reads them', async () => {
		const own = await create(organizer, { category: 'edukacja' });
		const listed = await create(organizer, {
			category: 'seniorzy',
			choices: ['transport', 'srodowisko', 'transport']
		});
		const plain = await db.asUser(organizer, async (tx) => {
			const input = { ...JSON.parse(sessionInput()), category: undefined };
			return (await tx.query<{ v: { code: string } }>(createSql, [JSON.stringify(input)]))[0].v;
		});
		const read = (who: Claims, code: string) =>
			tryAs(db, who, async (tx) => {
				const rows = await tx.query<{ v: { category: string; choices: string[] } }>(
					"select public.consultation_by_code('kramsk', $1) as v",
					[code]
				);
				return { category: rows[0].v.category, choices: rows[0].v.choices };
			});
		for (const who of [anon, resident, council, organizer]) {
			expect(await read(who, own.code)).toEqual({ category: 'edukacja', choices: [] });
			// Each choice once, in the organizer's order.
			expect(await read(who, listed.code)).toEqual({
				category: 'seniorzy',
				choices: ['transport', 'srodowisko']
			});
			const columns = await tryAs(db, who, (tx) =>
				tx.query<{ category: string; choices: string[] }>(
					'select category, choices from public.consultations where code = $1',
					[listed.code]
				)
			);
			expect(columns).toEqual([{ category: 'seniorzy', choices: ['transport', 'srodowisko'] }]);
		}
		// Without a category the session asks about public space.
		expect((await read(organizer, plain.code)).category).toBe('przestrzen-publiczna');
		// Only need categories: an unknown one is refused (MZ422), in the list or as its own.
		expect(await sqlState(create(organizer, { choices: ['seniorzy', 'nie-ma-takiej'] }))).toBe(
			'MZ422'
		);
		expect(await sqlState(create(organizer, { category: 'nie-ma-takiej' }))).toBe('MZ422');
		// Nobody but an editor changes them (the update policy lets editors only).
		for (const who of [council, resident, anon]) {
			const changed = await tryAs(db, who, (tx) =>
				tx
					.query<{ id: string }>(
						"update public.consultations set choices = '{kultura}' where code = $1 returning id",
						[listed.code]
					)
					.catch((e: { code?: string }) => e.code)
			);
			expect(Array.isArray(changed) ? changed.length : changed).toSatisfy(
				(v: unknown) => v === 0 || v === '42501'
			);
		}
	});

	it('an answer takes the session’s category or one of its choices; another is refused (MZ422)', async () => {
		const own = await create(organizer, { category: 'edukacja' });
		expect(await sqlState(submit(answer(own.code, { category: 'seniorzy' })))).toBe('MZ422');
		const { need_id } = await submit(answer(own.code, { category: 'edukacja' }));
		expect((await needRow(need_id)).status).toBe('published');

		const listed = await create(organizer, { category: 'seniorzy', choices: ['transport'] });
		expect(await sqlState(submit(answer(listed.code, { category: 'transport' })))).toBe('ok');
		expect(await sqlState(submit(answer(listed.code, { category: 'kultura' })))).toBe('MZ422');
		// An ordinary report still takes any need category.
		expect(await sqlState(submit(answer(null, { category: 'kultura' })))).toBe('ok');
	});

	it('answers are refused outside the time window and after closing (MZ410), and nothing is kept', async () => {
		const later = await create(organizer, { starts: HOUR, ends: 2 * HOUR });
		const late = answer(later.code);
		expect(await sqlState(submit(late))).toBe('MZ410');
		const closed = await create(organizer);
		await db.asUser(organizer, (tx) =>
			tx.query('select public.close_consultation($1)', [closed.code])
		);
		expect(await sqlState(submit(answer(closed.code)))).toBe('MZ410');
		expect(await sqlState(submit(answer('ZZZZZZ')))).toBe('MZ410');
		const left = await db.asOwner((tx) =>
			tx.query('select 1 from public.needs where title = $1', [late.title])
		);
		expect(left).toEqual([]);
	});

	it('NOTIFY consultation_pins fires when an answer becomes public, not while it is held', async () => {
		const notices = await collectNotices(db);
		try {
			const open = await create(organizer, { hold: false });
			const published = (await submit(answer(open.code))).need_id;
			expect(await notices.waitFor((n) => n.need === published)).toEqual(
				expect.objectContaining({ code: open.code, need: published })
			);

			const held = await create(organizer, { hold: true });
			const { need_id } = await submit(answer(held.code));
			expect(await notices.waitFor((n) => n.need === need_id, 1000)).toBeNull();

			await db.asUser(organizer, (tx) =>
				tx.query('select public.release_consultation_answer($1, $2)', [held.code, need_id])
			);
			expect(await notices.waitFor((n) => n.need === need_id)).toEqual(
				expect.objectContaining({ code: held.code, need: need_id })
			);
		} finally {
			await notices.stop();
		}
	});

	it('the hub fans one LISTEN out to subscribers of the session, with the public pin only', async () => {
		const hub = new PinHub(db);
		try {
			const { code } = await create(organizer, { hold: false });
			const other = await create(organizer, { hold: false });
			const got: string[] = [];
			const gotOther: string[] = [];
			let wake: () => void = () => {};
			const first = new Promise<void>((resolve) => (wake = resolve));
			const off = await hub.subscribe(code, (pin) => {
				got.push(pin.properties.title);
				expect(pin.properties).not.toHaveProperty('description');
				wake();
			});
			await hub.subscribe(other.code, (pin) => gotOther.push(pin.properties.title));
			expect(hub.clientCount).toBe(2);
			const p = answer(code);
			await submit(p);
			await first;
			expect(got).toEqual([p.title]);
			expect(gotOther).toEqual([]);
			off();
			expect(hub.clientCount).toBe(1);
		} finally {
			await hub.close();
		}
	});

	it('closing the hub (server shutdown) ends every subscription once and refuses new ones', async () => {
		const hub = new PinHub(db);
		const { code } = await create(organizer, { hold: false });
		const ended: string[] = [];
		await hub.subscribe(
			code,
			() => {},
			() => ended.push('a')
		);
		await hub.subscribe(
			code,
			() => {},
			() => ended.push('b')
		);
		expect(hub.clientCount).toBe(2);
		await hub.close();
		expect(ended.sort()).toEqual(['a', 'b']);
		expect(hub.clientCount).toBe(0);
		expect(hub.closed).toBe(true);
		await expect(hub.subscribe(code, () => {})).rejects.toThrow(/closed/);
		await hub.close();
		expect(ended).toHaveLength(2);
	});

	it('closing freezes the public answers as a dated snapshot; later edits do not change it', async () => {
		const { code } = await create(organizer, { hold: true, choices: ['dzieci-i-mlodziez'] });
		const shown = await submit(answer(code, { category: 'seniorzy' }));
		const held = await submit(answer(code, { category: 'dzieci-i-mlodziez' }));
		await db.asUser(organizer, (tx) =>
			tx.query('select public.release_consultation_answer($1, $2)', [code, shown.need_id])
		);
		const snapshotOf = (who: Claims) =>
			db.asUser(who, async (tx) => {
				const rows = await tx.query<{
					v: {
						taken_at: string;
						total: number;
						counts: { category: string; count: number }[];
						answers: { features: { properties: { id: string; title: string } }[] };
					} | null;
				}>('select public.consultation_snapshot($1) as v', [code]);
				return rows[0].v;
			});
		expect(await snapshotOf(organizer)).toBeNull();
		await db.asUser(organizer, (tx) => tx.query('select public.close_consultation($1)', [code]));
		const frozen = await snapshotOf(anon);
		expect(frozen?.total).toBe(1);
		expect(frozen?.counts).toEqual([expect.objectContaining({ category: 'seniorzy', count: 1 })]);
		expect(frozen?.answers.features.map((f) => f.properties.id)).toEqual([shown.need_id]);
		expect(Date.parse(frozen?.taken_at ?? '')).toBeGreaterThan(Date.now() - 60_000);

		await db.asOwner(async (tx) => {
			await tx.query('update public.needs set title = $2 where id = $1', [
				shown.need_id,
				`${TITLE} zmieniony`
			]);
			await tx.query("update public.needs set status = 'published' where id = $1", [held.need_id]);
		});
		expect(await snapshotOf(council)).toEqual(frozen);
		expect(
			await sqlState(
				tryAs(db, organizer, (tx) =>
					tx.query(
						'update public.consultation_snapshots set total = 9 where consultation_id = (select id from public.consultations where code = $1)',
						[code]
					)
				)
			)
		).toBe('42501');
		expect(
			await sqlState(
				db.asUser(organizer, (tx) => tx.query('select public.close_consultation($1)', [code]))
			)
		).toBe('22023');
	});

	it('snapshots of open sessions are hidden from the public; only editors write snapshots', async () => {
		const { id } = await create(organizer);
		const insert = `insert into public.consultation_snapshots (consultation_id, answers, counts, total)
			values ($1, '{"type":"FeatureCollection","features":[]}', '[]', 0)`;
		for (const who of [anon, resident, council]) {
			expect(await sqlState(tryAs(db, who, (tx) => tx.query(insert, [id])))).toBe('42501');
		}
		const visible = await tryAsOwner(db, async (tx) => {
			await tx.query(insert, [id]);
			await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
			const seen: Record<string, number> = {};
			for (const [name, who] of Object.entries({ anon, resident, council, organizer, admin })) {
				await enterRole(tx, who);
				seen[name] = (
					await tx.query('select 1 from public.consultation_snapshots where consultation_id = $1', [
						id
					])
				).length;
				await tx.query("select set_config('role', 'none', true)");
			}
			return seen;
		});
		expect(visible).toEqual({ anon: 0, resident: 0, council: 1, organizer: 1, admin: 1 });
		expect(await sqlState(tryAs(db, organizer, (tx) => tx.query(insert, [id])))).toBe('ok');
	});
	it('a hall on one Wi-Fi: 12 phones all answer, one phone is limited, other sessions and reports keep their own budgets', async () => {
		const hall = await create(organizer, { hold: false });
		const other = await create(organizer, { hold: false });
		const ip = hex(`hall-${randomUUID()}`);
		const phone = (n: number) => hex(`phone-${n}-${randomUUID()}`);
		const result = await tryAsOwner(db, async (tx) => {
			// Tight general limits prove that answers never spend them; 3 answers per phone.
			await tx.query(
				`update private.rate_rules set limits = case
				   when scope in ('report_device', 'report_ip') then '[{"count": 2, "seconds": 600}]'::jsonb
				   else '[{"count": 3, "seconds": 600}]'::jsonb end
				 where scope in ('report_device', 'report_ip', 'consultation_device')`
			);
			await enterRole(tx, anon);
			const send = async (p: Record<string, unknown>) => {
				await tx.query('savepoint a');
				try {
					await tx.query('select private.submit_need($1::text::jsonb)', [JSON.stringify(p)]);
					await tx.query('release savepoint a');
					return 'ok';
				} catch (e) {
					await tx.query('rollback to savepoint a');
					return (e as { code?: string }).code ?? '?';
				}
			};
			const phones = Array.from({ length: 12 }, (_, n) => phone(n));
			const hallAnswers: string[] = [];
			for (const device of phones) {
				hallAnswers.push(
					await send(answer(hall.code, { ctx: context(secret, { device, ip }), rate_limits: [] }))
				);
			}
			const busy = phones[0];
			const onePhone: string[] = [];
			for (let n = 0; n < 3; n++) {
				onePhone.push(
					await send(answer(hall.code, { ctx: context(secret, { device: busy, ip }) }))
				);
			}
			const otherSession = await send(
				answer(other.code, { ctx: context(secret, { device: busy, ip }) })
			);
			const reports: string[] = [];
			for (let n = 0; n < 3; n++) {
				reports.push(
					await send(answer(null, { ctx: context(secret, { device: phone(100 + n), ip }) }))
				);
			}
			const noDevice = await send(
				answer(hall.code, { ctx: context(secret, { device: null, ip }) })
			);
			await tx.query("select set_config('role', 'none', true)");
			const [{ registered }] = await tx.query<{ registered: number }>(
				'select count(*)::int as registered from private.devices where device_hash = any ($1)',
				[phones]
			);
			return { hallAnswers, onePhone, otherSession, reports, noDevice, registered };
		});
		expect(result.hallAnswers).toEqual(Array(12).fill('ok'));
		// The busy phone answered once above: two more, then its session budget is spent.
		expect(result.onePhone).toEqual(['ok', 'ok', 'MZ429']);
		expect(result.otherSession).toBe('ok');
		// Reports from other browsers of that network: the network limit (2 here) holds for them.
		expect(result.reports).toEqual(['ok', 'ok', 'MZ429']);
		// An answer needs a browser identity (the answer form always issues one).
		expect(result.noDevice).toBe('42501');
		expect(result.registered).toBe(12);
	});
});
