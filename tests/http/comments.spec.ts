import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, openApp, type App, type Client } from './app.ts';

// The comment form of a need without JavaScript, request by request through the hooks and the
// form actions: a plain POST to /potrzeby/<ref>/komentarz, clear 4xx answers that give back what
// was typed, and in the default mode a comment that the need's page shows only after an editor
// approves it in /panel/moderacja/komentarze.

let app: App;
let ref: string;
beforeAll(async () => {
	app = await openApp({ staff: ['organizer'] });
	const rows = await app.db.asOwner((tx) =>
		tx.query<{ ref: string }>(
			`insert into public.needs (region_id, kind, category, title, point, status)
			 select r.id, 'need', 'seniorzy', 'Test komentarzy HTTP',
			   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326), 'published'
			 from public.regions r where r.slug = 'kramsk' returning ref`
		)
	);
	ref = rows[0].ref;
});
afterAll(async () => {
	await app?.close();
});

const fromHere = { origin: ORIGIN, accept: 'text/html' };
const fields = (over: Record<string, string> = {}) => ({
	nickname: 'Sąsiadka',
	body: 'Chodzę tędy codziennie z wnukiem.',
	idempotency_key: randomUUID(),
	website: '',
	...over
});
const post = (client: Client, form: Record<string, string>, path = `/potrzeby/${ref}/komentarz`) =>
	client.request(path, { method: 'POST', form, headers: fromHere });

/** The comments the need's public page shows a visitor without an account (its server load). */
const publicBodies = async () => {
	const page = await app.request(`/potrzeby/${ref}/__data.json`);
	expect(page.status).toBe(200);
	const data = (await page.json()) as { comments: { comments: { body: string }[] } };
	return data.comments.comments.map((c) => c.body);
};

describe('the comment form without JavaScript', () => {
	it('a valid comment redirects back to the need, waiting for approval; it is public only after an editor approves it', async () => {
		const resident = app.browser();
		const body = `Komentarz do zatwierdzenia ${randomUUID()}`;
		const sent = await post(resident, fields({ body }));
		expect(sent.status).toBe(303);
		const location = sent.headers.get('location') ?? '';
		expect(location).toBe(`/potrzeby/${ref}?komentarz=oczekuje#komentarze`);
		expect(await publicBodies()).not.toContain(body);

		const organizer = await app.signedIn('organizer');
		const queued = await app.db.asOwner((tx) =>
			tx.query<{ id: string }>('select id::text as id from public.need_comments where body = $1', [
				body
			])
		);
		const approve = await organizer.request('/panel/moderacja/komentarze?/approve', {
			method: 'POST',
			form: { id: queued[0].id },
			headers: fromHere
		});
		expect(approve.status).toBe(200);
		expect(await publicBodies()).toContain(body);
	});

	it('a resident cannot approve: the panel action sends a visitor without a session to sign in', async () => {
		const response = await app.request('/panel/moderacja/komentarze?/approve', {
			method: 'POST',
			form: { id: '1' },
			headers: fromHere
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/logowanie/);
	});

	it('an empty or too long comment is a 422 that keeps what was typed (never the honeypot)', async () => {
		const client = app.browser();
		const empty = await post(client, fields({ body: '   ', nickname: 'Jan' }));
		expect(empty.status).toBe(422);
		const data = await empty.json();
		expect(data.errors.body).toMatch(/treść/);
		expect(data.values.nickname).toBe('Jan');
		expect(data.values).not.toHaveProperty('website');

		const long = await post(client, fields({ body: 'a'.repeat(1001) }));
		expect(long.status).toBe(422);
		expect((await long.json()).errors.body).toMatch(/1000/);
	});

	it('the honeypot is a 400 and stores nothing; a replayed form is one comment; another text under its key is 409', async () => {
		const client = app.browser();
		const count = async () =>
			(
				await app.db.asOwner((tx) =>
					tx.query<{ n: number }>(
						'select count(*)::integer as n from public.need_comments c join public.needs n on n.id = c.need_id where n.ref = $1',
						[ref]
					)
				)
			)[0].n;
		const before = await count();
		const bot = await post(client, fields({ website: 'https://spam.example' }));
		expect(bot.status).toBe(400);
		expect(await count()).toBe(before);

		const form = fields();
		expect((await post(client, form)).status).toBe(303);
		expect((await post(client, form)).status).toBe(303);
		expect(await count()).toBe(before + 1);
		const changed = await post(client, { ...form, body: 'Inna treść' });
		expect(changed.status).toBe(409);
		expect((await changed.json()).values.body).toBe('Inna treść');
	});

	it('a need that is not public gives 404', async () => {
		const response = await post(app.browser(), fields(), '/potrzeby/KR-1999-0001/komentarz');
		expect(response.status).toBe(404);
	});

	it('"Zgłoś nadużycie" on a comment without a device cookie asks to reload (403); with one it redirects back', async () => {
		const [{ id }] = await app.db.asOwner((tx) =>
			tx.query<{ id: string }>(
				`insert into public.need_comments (need_id, body, approved_at)
				 select n.id, 'Do zgłoszenia', now() from public.needs n where n.ref = $1
				 returning id::text as id`,
				[ref]
			)
		);
		const script = await app.request(`/potrzeby/${ref}/komentarz?/zglos`, {
			method: 'POST',
			form: { comment: id, reason: 'spam' },
			headers: fromHere
		});
		expect(script.status).toBe(403);

		const resident = app.browser();
		// A comment sent from this browser gave it its device cookie, as a page of the app does.
		await post(resident, fields());
		const reported = await post(
			resident,
			{ comment: id, reason: 'offensive' },
			`/potrzeby/${ref}/komentarz?/zglos`
		);
		expect(reported.status).toBe(303);
		expect(reported.headers.get('location')).toBe(
			`/potrzeby/${ref}?komentarz=zgloszony#komentarze`
		);
	});
});
