import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App, type Client } from './app.ts';

// The panel's start page: what waits for the signed-in person, as counts with links, by what
// their role may do. The counts come from the database under RLS; the test compares them with
// the same rows counted by the owner.

let app: App;
const HTML = { accept: 'text/html' };

interface TodoItem {
	key: string;
	count: number;
	path: string;
}

/** A count of rows in Kramsk, as the owner (no RLS). */
async function ownerCount(sql: string): Promise<number> {
	const [{ n }] = await app.db.asOwner((tx) => tx.query<{ n: number }>(sql));
	return n;
}

const todoOf = async (client: Client): Promise<TodoItem[]> => {
	const res = await client.request('/panel/__data.json');
	expect(res.status).toBe(200);
	return (await res.json()).todo;
};

beforeAll(async () => {
	app = await openApp({ staff: ['organizer', 'council', 'admin'] });
	// One unsent e-mail and one comment to approve, so the counts have something to show.
	await app.db.asOwner(async (tx) => {
		const [{ id }] = await tx.query<{ id: string }>(
			"select id::text as id from public.needs where status = 'published' limit 1"
		);
		await tx.query(
			"insert into public.mail_outbox (need_id, to_email, need_status) values ($1, 'x@example.org', 'published')",
			[id]
		);
		await tx.query("insert into public.need_comments (need_id, body) values ($1, 'Czekam')", [id]);
	});
});
afterAll(async () => {
	await app?.close();
});

describe('the panel start page', () => {
	it('sends a visitor without a session to the login page', async () => {
		const res = await app.request('/panel/__data.json');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/logowanie\?next=/);
	});

	it('shows an organizer the moderation counts and upcoming activities, not the outbox', async () => {
		const todo = await todoOf(await app.signedIn('organizer'));
		expect(todo.map((i) => i.key)).toEqual([
			'new_reports',
			'abuse_flags',
			'pending_comments',
			'upcoming_activities'
		]);
		const byKey = Object.fromEntries(todo.map((i) => [i.key, i]));
		expect(byKey.new_reports).toEqual({
			key: 'new_reports',
			path: '/panel/moderacja',
			count: await ownerCount(
				"select count(*)::int as n from public.needs n join public.regions r on r.id = n.region_id where r.slug = 'kramsk' and n.status = 'new'"
			)
		});
		expect(byKey.pending_comments.count).toBe(
			await ownerCount(
				'select count(*)::int as n from public.need_comments where approved_at is null and hidden_at is null'
			)
		);
		expect(byKey.pending_comments.count).toBeGreaterThan(0);
		expect(byKey.upcoming_activities.path).toBe('/panel/dzialania');
	});

	it('shows a council member only what is theirs: no moderation tasks, no outbox', async () => {
		const council = await app.signedIn('council');
		const todo = await todoOf(council);
		expect(todo.map((i) => i.key)).toEqual(['upcoming_activities']);
		// Rendered without JavaScript: a link per item, none to act on the moderation queue.
		const html = await (await council.request('/panel', { headers: HTML, render: true })).text();
		expect(html).toContain('data-todo="upcoming_activities"');
		expect(html).not.toContain('data-todo="new_reports"');
	});

	it('shows an admin everything, the unsent mail counted from the outbox', async () => {
		const admin = await app.signedIn('admin');
		const todo = await todoOf(admin);
		expect(todo.map((i) => i.key)).toContain('new_reports');
		const mail = todo.find((i) => i.key === 'unsent_mail');
		const unsent = await ownerCount(
			"select count(*)::int as n from public.mail_outbox where state in ('pending', 'sending', 'failed', 'held')"
		);
		expect(unsent).toBeGreaterThan(0);
		expect(mail).toEqual({ key: 'unsent_mail', path: '/panel/poczta', count: unsent });
		const html = await (await admin.request('/en/panel', { headers: HTML, render: true })).text();
		expect(html).toMatch(/href="\/en\/panel\/poczta" data-todo="unsent_mail"/);
		expect(html).toContain('Unsent e-mails');
	});
});
