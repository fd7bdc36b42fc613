import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState, tryAs } from './backends.ts';

// public.panel_todo, the counts of the panel's start page, under RLS: one of each waiting thing
// (a new report with an abuse report, a comment to approve, an activity next week, an unsent
// e-mail) raises each count by one for the roles that may read that table, and not for others.
// Everything happens in one transaction that is rolled back.

const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const { anon, resident, organizer, council, admin } = claims;
type Counts = Record<
	'new_reports' | 'abuse_flags' | 'pending_comments' | 'upcoming_activities' | 'unsent_mail',
	number
>;
class Rollback extends Error {}

describe.each(backends)('panel_todo on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	/** The counts as `who`, then back to the owner (same transaction). */
	async function countsAs(tx: OwnerTx, who: Claims): Promise<Counts> {
		await enterRole(tx, who);
		const [{ v }] = await tx.query<{ v: Counts }>("select public.panel_todo('kramsk') as v");
		await tx.query("select set_config('role', 'none', true)");
		return v;
	}

	/** Counts per role before and after adding one of each waiting thing. */
	async function beforeAndAfter(roles: Claims[]): Promise<{ before: Counts[]; after: Counts[] }> {
		let out: { before: Counts[]; after: Counts[] } | undefined;
		await db
			.asOwner(async (tx) => {
				await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
				const before: Counts[] = [];
				for (const who of roles) before.push(await countsAs(tx, who));
				const [need] = await tx.query<{ id: string }>(
					`insert into public.needs (region_id, kind, category, title, point, status)
					 select r.id, 'need', 'seniorzy', 'Test panelu: nowe', ${IN_KRAMSK}, 'new'
					 from public.regions r where r.slug = 'kramsk' returning id::text as id`
				);
				const [published] = await tx.query<{ id: string }>(
					`insert into public.needs (region_id, kind, category, title, point, status)
					 select r.id, 'need', 'seniorzy', 'Test panelu: opublikowane', ${IN_KRAMSK}, 'published'
					 from public.regions r where r.slug = 'kramsk' returning id::text as id`
				);
				await tx.query(
					"insert into public.abuse_reports (need_id, device_hash) values ($1, repeat('c', 64))",
					[published.id]
				);
				await tx.query(
					"insert into public.need_comments (need_id, body) values ($1, 'Czekam na zatwierdzenie')",
					[published.id]
				);
				// A held activity in the past and a cancelled one do not count; next week's does.
				await tx.query(
					`insert into public.activities (region_id, title, programme_category, status, starts_at)
					 select r.id, t.title, 'community_animation', t.status, now() + t.shift
					 from public.regions r,
					   (values ('Test panelu: za tydzień', 'planned', interval '7 days'),
					           ('Test panelu: odbyte', 'held', interval '-7 days'),
					           ('Test panelu: odwołane', 'cancelled', interval '7 days')) t(title, status, shift)
					 where r.slug = 'kramsk'`
				);
				await tx.query(
					"insert into public.mail_outbox (need_id, to_email, need_status) values ($1, 'x@example.org', 'new')",
					[need.id]
				);
				// A sent message is not waiting.
				await tx.query(
					"insert into public.mail_outbox (need_id, to_email, need_status, state, sent_at) values ($1, 'y@example.org', 'new', 'sent', now())",
					[need.id]
				);
				const after: Counts[] = [];
				for (const who of roles) after.push(await countsAs(tx, who));
				out = { before, after };
				throw new Rollback();
			})
			.catch((e) => {
				if (!(e instanceof Rollback)) throw e;
			});
		if (!out) throw new Error('no counts');
		return out;
	}

	const delta = (before: Counts, after: Counts) =>
		Object.fromEntries(
			Object.keys(after).map((k) => [k, after[k as keyof Counts] - before[k as keyof Counts]])
		);

	it('counts each waiting thing once for editors; the outbox only for admins', async () => {
		const { before, after } = await beforeAndAfter([organizer, admin, council]);
		const all = {
			new_reports: 1,
			abuse_flags: 1,
			pending_comments: 1,
			upcoming_activities: 1,
			unsent_mail: 1
		};
		expect(delta(before[0], after[0])).toEqual({ ...all, unsent_mail: 0 });
		expect(delta(before[1], after[1])).toEqual(all);
		// Council members read every queue (the page shows them only what is theirs to act on).
		expect(delta(before[2], after[2])).toEqual({ ...all, unsent_mail: 0 });
		expect(after[0].unsent_mail).toBe(0);
		expect(after[2].unsent_mail).toBe(0);
	});

	it('shows a resident without a role nothing that is not public', async () => {
		const { after } = await beforeAndAfter([resident]);
		expect(after[0]).toMatchObject({ abuse_flags: 0, pending_comments: 0, unsent_mail: 0 });
		expect(after[0].new_reports).toBe(0);
	});

	it('is not callable by anon', async () => {
		expect(
			await sqlState(tryAs(db, anon, (tx) => tx.query("select public.panel_todo('kramsk')")))
		).toBe('42501');
	});

	it('answers null for an unknown region', async () => {
		const [{ v }] = await tryAs(db, council, (tx) =>
			tx.query<{ v: unknown }>("select public.panel_todo('nie-ma-takiej') as v")
		);
		expect(v).toBeNull();
	});
});
