import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalInput } from '../../src/lib/live/time.ts';
import { ORIGIN, openApp, type App, type Client } from './app.ts';

// The short answer form of a live consultation, /k/<code>, request by request: a post as a
// browser without JavaScript sends it (village only, or a point from the map), the 200-character
// limit, the session's categories, what the page says about the moderation hold, the offline
// queue's later POST /api/needs keeping the tag, and the per-session rate limit.

let app: App;
beforeAll(async () => {
	app = await openApp({ staff: ['organizer'] });
});
afterAll(async () => {
	await app?.close();
});

/** A session open now, inserted as the owner: its code. */
async function session(over: { hold?: boolean; category?: string; choices?: string[] } = {}) {
	const code = `K${randomUUID()
		.replace(/[^A-HJKMNP-Z2-9]/gi, '')
		.toUpperCase()}`.slice(0, 6);
	await app.db.asOwner((tx) =>
		tx.query(
			`insert into public.consultations (region_id, code, question, starts_at, ends_at, hold,
			   category, choices)
			 select id, $1, 'Gdzie brakuje ławek?', now() - interval '1 hour', now() + interval '1 hour',
			   $2, $3, $4 from public.regions where slug = 'kramsk'`,
			[code, over.hold ?? false, over.category ?? 'seniorzy', over.choices ?? []]
		)
	);
	return code;
}

interface Answer {
	ref?: string;
	status_url?: string;
	values?: Record<string, string>;
	errors?: Record<string, string>;
	message?: string;
}

/** A no-JS form post from `client` (same origin, as a browser sends it). */
async function post(client: Client, code: string, form: Record<string, string>) {
	const response = await client.request(`/k/${code}`, {
		method: 'POST',
		form: { idempotency_key: randomUUID(), website: '', ...form },
		headers: { origin: ORIGIN, accept: 'text/html' }
	});
	return { status: response.status, body: (await response.json()) as Answer };
}

async function needOf(ref: string) {
	const [row] = await app.db.asOwner((tx) =>
		tx.query<{
			title: string;
			description: string;
			category: string;
			status: string;
			code: string | null;
			lon: number;
			lat: number;
		}>(
			`select n.title, n.description, n.category, n.status, c.code,
			   extensions.st_x(n.point) as lon, extensions.st_y(n.point) as lat
			 from public.needs n left join public.consultations c on c.id = n.consultation_id
			 where n.ref = $1`,
			[ref]
		)
	);
	return row;
}

describe('/k/<code> without JavaScript', () => {
	it('a village alone is an answer: tagged, in the session’s category, on the screen at once', async () => {
		const code = await session({ category: 'seniorzy' });
		const { status, body } = await post(app.browser(), code, { village: 'wysokie' });
		expect(status).toBe(200);
		expect(body.ref).toMatch(/^KR-\d{4}-\d{4}$/);
		const need = await needOf(body.ref as string);
		expect(need).toEqual(
			expect.objectContaining({
				code,
				category: 'seniorzy',
				status: 'published',
				title: 'Miejsce wskazane na mapie',
				description: ''
			})
		);
	});

	it('a point from the map with a short text: the text is the title, the point is kept', async () => {
		const code = await session();
		const { status, body } = await post(app.browser(), code, {
			lon: '18.4267',
			lat: '52.265',
			answer: '  Ławka przy przystanku  '
		});
		expect(status).toBe(200);
		const need = await needOf(body.ref as string);
		expect(need.title).toBe('Ławka przy przystanku');
		expect(need.lon).toBeCloseTo(18.4267, 4);
		expect(need.lat).toBeCloseTo(52.265, 4);
	});

	it('over 200 characters: 422 with a Polish message, everything typed comes back, nothing is stored', async () => {
		const code = await session();
		const text = 'Ł'.repeat(201);
		const key = randomUUID();
		const { status, body } = await post(app.browser(), code, {
			village: 'kramsk',
			answer: text,
			idempotency_key: key
		});
		expect(status).toBe(422);
		expect(body.errors?.answer).toBe(
			'Odpowiedź może mieć najwyżej 200 znaków (teraz: 201). Skróć ją.'
		);
		expect(body.values).toEqual(
			expect.objectContaining({ answer: text, village: 'kramsk', idempotency_key: key })
		);
		expect(body.values).not.toHaveProperty('website');
		// Exactly 200 is fine; it is kept whole as the description behind a shortened title.
		const fits = await post(app.browser(), code, { village: 'kramsk', answer: 'a'.repeat(200) });
		expect(fits.status).toBe(200);
		const need = await needOf(fits.body.ref as string);
		expect(need.description).toBe('a'.repeat(200));
		expect(need.title).toBe(`${'a'.repeat(119)}…`);
	});

	it('no place: 422 naming the map and the village list, with the text kept', async () => {
		const code = await session();
		const { status, body } = await post(app.browser(), code, { answer: 'Tu brakuje ławki' });
		expect(status).toBe(422);
		expect(body.errors?.place).toBe('Stuknij miejsce na mapie albo wybierz miejscowość z listy.');
		expect(body.values?.answer).toBe('Tu brakuje ławki');
	});

	it('with the organizer’s choices the resident picks one; another category is refused', async () => {
		const code = await session({ category: 'seniorzy', choices: ['transport', 'srodowisko'] });
		const none = await post(app.browser(), code, { village: 'kramsk' });
		expect(none.status).toBe(422);
		expect(none.body.errors?.category).toBe('Wybierz kategorię odpowiedzi z listy.');
		const other = await post(app.browser(), code, { village: 'kramsk', category: 'kultura' });
		expect(other.status).toBe(422);
		const picked = await post(app.browser(), code, { village: 'kramsk', category: 'transport' });
		expect(picked.status).toBe(200);
		expect((await needOf(picked.body.ref as string)).category).toBe('transport');
		// Without choices a posted category is ignored: the session's own is used.
		const own = await session({ category: 'edukacja' });
		const ignored = await post(app.browser(), own, { village: 'kramsk', category: 'kultura' });
		expect((await needOf(ignored.body.ref as string)).category).toBe('edukacja');
	});

	it('the page says what happens: on the screen at once without the hold, after a check with it', async () => {
		const live = await session({ hold: false });
		const held = await session({ hold: true });
		const page = async (code: string) =>
			(await app.request(`/k/${code}`, { render: true, headers: { accept: 'text/html' } })).text();
		const livePage = await page(live);
		expect(livePage).toContain('po wysłaniu Twoja odpowiedź od razu pojawi się na ekranie');
		expect(livePage).not.toContain('gdy organizator ją sprawdzi');
		const heldPage = await page(held);
		expect(heldPage).toContain(
			'Twoja odpowiedź pojawi się na ekranie, gdy organizator ją sprawdzi'
		);
		expect(heldPage).not.toContain('od razu pojawi się na ekranie');
		// The short form: no title, type or contact fields, the village list works without the map.
		expect(heldPage).toContain('name="village"');
		expect(heldPage).toContain('name="answer"');
		expect(heldPage).not.toContain('name="title"');
		expect(heldPage).not.toContain('name="kind"');
		// The projector says the same.
		const projector = async (code: string) =>
			(
				await app.request(`/konsultacje/${code}`, {
					render: true,
					headers: { accept: 'text/html' }
				})
			).text();
		expect(await projector(live)).toContain('Odpowiedzi pojawiają się na ekranie od razu.');
		expect(await projector(held)).toContain('Odpowiedzi pojawiają się po sprawdzeniu.');
		// In English too.
		const english = await (
			await app.request(`/en/k/${live}`, { render: true, headers: { accept: 'text/html' } })
		).text();
		expect(english).toContain('once sent, your answer appears on the screen at once');
		expect(english).toContain('>Send<');
		// A held answer is stored, not shown.
		const { body } = await post(app.browser(), held, { village: 'kramsk' });
		expect((await needOf(body.ref as string)).status).toBe('new');
	});

	it('an answer sent later by the offline queue (POST /api/needs) keeps its tag; a replay is one answer', async () => {
		const code = await session();
		const phone = app.browser();
		const key = randomUUID();
		const first = await post(phone, code, {
			village: 'kramsk',
			answer: 'Ławka',
			idempotency_key: key
		});
		// The queue's upload of the same answer (the fields of $lib/live/answer): the same answer.
		const fields = {
			kind: 'need',
			category: 'seniorzy',
			title: 'Ławka',
			description: '',
			lon: '',
			lat: '',
			village: 'kramsk',
			contact: '',
			idempotency_key: key,
			website: '',
			consultation: code
		};
		const replay = await phone.request('/api/needs', { method: 'POST', form: fields });
		expect(replay.status).toBe(201);
		expect((await replay.json()).ref).toBe(first.body.ref);
		const queued = await phone.request('/api/needs', {
			method: 'POST',
			form: { ...fields, idempotency_key: randomUUID(), title: 'Ławka z kolejki' }
		});
		expect(queued.status).toBe(201);
		const need = await needOf((await queued.json()).ref);
		expect(need).toEqual(expect.objectContaining({ code, status: 'published' }));
		// A closed or unknown session refuses a late answer instead of keeping it untagged.
		const late = await phone.request('/api/needs', {
			method: 'POST',
			form: { ...fields, idempotency_key: randomUUID(), consultation: 'ZZZZZZ' }
		});
		expect(late.status).toBe(409);
	});

	it('one phone is limited per session (RATE_LIMIT_CONSULTATION, 10 per 10 min): 429, text kept', async () => {
		const code = await session();
		const phone = app.browser();
		for (let i = 0; i < 10; i += 1)
			expect((await post(phone, code, { village: 'kramsk' })).status).toBe(200);
		const limited = await post(phone, code, { village: 'kramsk', answer: 'Jeszcze jedna' });
		expect(limited.status).toBe(429);
		expect(limited.body.message).toMatch(/min/);
		expect(limited.body.values?.answer).toBe('Jeszcze jedna');
	});
});

describe('the panel’s new session form', () => {
	const form = (category: string, choices: string[]) => {
		const body = new URLSearchParams({
			question: 'Którędy do szkoły?',
			area: '',
			starts_at: toLocalInput(new Date(Date.now() - 60_000)),
			ends_at: toLocalInput(new Date(Date.now() + 3600_000)),
			category
		});
		for (const choice of choices) body.append('choices', choice);
		return body;
	};

	it('sets the answers’ category and the choices residents pick from; an unknown one is a 422', async () => {
		const organizer = await app.signedIn('organizer');
		const create = (body: URLSearchParams) =>
			organizer.request('/panel/konsultacje?/create', {
				method: 'POST',
				body,
				headers: { origin: ORIGIN, accept: 'text/html' }
			});
		const saved = await create(form('transport', ['transport', 'bezpieczenstwo']));
		expect(saved.status).toBe(303);
		const code = /\/panel\/konsultacje\/([A-Z0-9]{6})$/.exec(
			saved.headers.get('location') ?? ''
		)?.[1];
		const data = await (await app.request(`/k/${code}/__data.json`)).json();
		expect(data.consultation).toEqual(
			expect.objectContaining({ category: 'transport', choices: ['transport', 'bezpieczenstwo'] })
		);
		// No category chosen (a script posting the old form): the session asks about public space.
		const plain = await create(form('', []));
		const plainCode = /([A-Z0-9]{6})$/.exec(plain.headers.get('location') ?? '')?.[1];
		const plainData = await (await app.request(`/k/${plainCode}/__data.json`)).json();
		expect(plainData.consultation).toEqual(
			expect.objectContaining({ category: 'przestrzen-publiczna', choices: [] })
		);

		const refused = await create(form('transport', ['transport', 'nie-ma-takiej']));
		expect(refused.status).toBe(422);
		const body = await refused.json();
		expect(body.errors.category).toBe('Wybierz kategorię z listy.');
		expect(body.values.choices).toEqual(['transport', 'nie-ma-takiej']);
		expect(body.values.question).toBe('Którędy do szkoły?');
	});
});
