import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, ORIGIN, type App, type Client } from './app.ts';

// Every panel form, posted with what the server refuses: the page it answers (as a browser
// without JavaScript gets it, and the same values the enhanced form keeps) shows every value as
// typed, and an error summary that names the form and takes focus.

let app: App;
let organizer: Client;
let admin: Client;
/** Records of the demo data the forms are posted about. */
let ids: { resource: string; activity: string; need: string; village: string };

const one = async (sql: string) =>
	(await app.db.asOwner((tx) => tx.query<{ id: string }>(sql)))[0].id;

beforeAll(async () => {
	app = await openApp({ staff: ['organizer', 'admin'] });
	organizer = await app.signedIn('organizer');
	admin = await app.signedIn('admin');
	ids = {
		resource: await one('select id::text as id from public.resources order by id limit 1'),
		activity: '',
		need: await one(
			`select id::text as id from public.needs where status = 'published' order by id limit 1`
		),
		village: await one(`select slug as id from public.localities where slug = 'wysokie'`)
	};
	// The demo data has no activity: one made through its own form.
	const made = await organizer.request('/panel/dzialania/nowe', {
		method: 'POST',
		form: {
			title: 'Warsztaty testowe',
			kind: 'workshop',
			programme_category: 'community_animation',
			date: '2027-03-10',
			start_time: '17:00',
			locality: ids.village,
			needs: ids.need,
			status: 'planned'
		},
		headers: { origin: ORIGIN, accept: 'text/html' }
	});
	ids.activity = /dzialania\/([0-9a-f-]{36})/.exec(made.headers.get('location') ?? '')?.[1] ?? '';
	expect(ids.activity).not.toBe('');
});
afterAll(async () => {
	await app?.close();
});

type Fields = Record<string, string | string[]>;

/** Posts `fields` to a form action and parses the page it answers with. */
async function post(client: Client, path: string, fields: Fields) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields))
		for (const item of [value].flat()) body.append(name, item);
	const response = await client.request(path, {
		method: 'POST',
		body,
		headers: { origin: ORIGIN, accept: 'text/html' },
		render: true
	});
	return { status: response.status, document: new JSDOM(await response.text()).window.document };
}

/** What a control of the page holds, as the browser would post it. */
function shown(scope: ParentNode, name: string): string[] {
	const controls = [...scope.querySelectorAll(`[name="${name}"]`)];
	return controls.flatMap((control) => {
		if (control.tagName === 'SELECT')
			return [...control.querySelectorAll('option')]
				.filter((option) => option.hasAttribute('selected'))
				.map((option) => option.getAttribute('value') ?? option.textContent ?? '');
		if (control.tagName === 'TEXTAREA') return [control.textContent ?? ''];
		const input = control as HTMLInputElement;
		if (input.type === 'checkbox' || input.type === 'radio')
			return input.hasAttribute('checked') ? [input.getAttribute('value') ?? 'on'] : [];
		return [input.getAttribute('value') ?? ''];
	});
}

/**
 * Every posted value is shown again, and one error summary names the form (its heading), says
 * `message` and takes focus on the new page.
 */
function expectKept(
	document: Document,
	fields: Fields,
	heading: string,
	message: string,
	skip: string[] = []
) {
	for (const [name, value] of Object.entries(fields)) {
		if (skip.includes(name)) continue;
		const expected = [value].flat();
		const got = shown(document, name);
		if (expected.length === 1 && got.length > 1 && !Array.isArray(value))
			expect(got, name).toContain(expected[0]);
		else expect(got.sort(), name).toEqual(expected.sort());
	}
	const summaries = [...document.querySelectorAll('.error-summary')];
	expect(summaries.map((s) => s.querySelector('h2')?.textContent)).toEqual([heading]);
	expect(summaries[0].hasAttribute('autofocus')).toBe(true);
	expect(summaries[0].textContent).toContain(message);
}

describe('a refused panel form shows what was typed and says why', () => {
	it('new resource with a point outside the gmina', async () => {
		const fields = {
			name: 'Świetlica testowa',
			category: 'osp',
			description: 'Opis do zachowania',
			status: 'published',
			address: 'Daleko 1',
			lat: '51.759',
			lon: '19.456',
			contact_email: 'a@example.org',
			contact_phone: '600 100 200',
			website: 'https://example.org',
			owner_org: 'OSP',
			capacity: '40',
			step_free: 'yes',
			amenities: ['kitchen', 'wifi'],
			availability: 'Po uzgodnieniu',
			opening_hours: 'pn-pt 8-16'
		};
		const { status, document } = await post(organizer, '/panel/zasoby/nowy?/save', fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie zapisano zasobu', 'Punkt leży poza granicą gminy Kramsk.');
	});

	it('a resource edited with a malformed e-mail', async () => {
		const fields = {
			name: 'Remiza po zmianie',
			category: 'osp',
			description: 'Nowy opis',
			status: 'draft',
			address: 'Kramsk 1',
			lat: '52.265',
			lon: '18.4267',
			contact_email: 'nie-e-mail',
			contact_phone: '',
			website: '',
			owner_org: 'Gmina',
			capacity: '25',
			step_free: 'partly',
			amenities: ['projector'],
			availability: 'Wieczorami',
			opening_hours: 'sb 10-14'
		};
		const path = `/panel/zasoby/${ids.resource}?/save`;
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie zapisano zasobu', 'Popraw');
	});

	const activity = () => ({
		title: 'Spotkanie sołeckie',
		description: 'O świetlicy',
		kind: 'workshop',
		programme_category: 'community_animation',
		goals: ['social_bonds', 'interests'],
		date: '2027-03-10',
		start_time: '18:00',
		end_time: '17:00',
		locality: ids.village,
		localities: ['kramsk'],
		venue_id: ids.resource,
		needs: [ids.need],
		status: 'planned',
		published: 'on'
	});

	it('a new activity ending before it starts', async () => {
		const fields = activity();
		const { status, document } = await post(organizer, '/panel/dzialania/nowe', fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie zapisano działania', 'Godzina zakończenia');
	});

	it('an edited activity ending before it starts', async () => {
		const fields = { ...activity(), published: [] };
		const path = `/panel/dzialania/${ids.activity}?/save`;
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie zapisano działania', 'Godzina zakończenia');
	});

	it("an activity's outcome with a negative count", async () => {
		const fields = { participants: '-3', notes: 'Było zimno', close_needs: 'on' };
		const path = `/panel/dzialania/${ids.activity}?/outcome`;
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie zapisano efektów działania', 'uczestników', ['close_needs']);
	});

	it('cancelling an activity without the tick', async () => {
		const path = `/panel/dzialania/${ids.activity}?/cancel`;
		const { status, document } = await post(organizer, path, {});
		expect(status).toBe(422);
		expectKept(document, {}, 'Nie odwołano działania', 'Zaznacz');
	});

	it('a status change with a note over the limit', async () => {
		const fields = { status: 'in_progress', note: 'x'.repeat(2001), note_public: [] };
		const path = `/panel/moderacja/${ids.need}?/status`;
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(400);
		expectKept(document, fields, 'Nie zapisano decyzji', '');
	});

	it('a rejection without a reason', async () => {
		const fields = { reason: '', confirm: 'on' };
		const path = `/panel/moderacja/${ids.need}?/reject`;
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(400);
		expectKept(document, fields, 'Nie zapisano decyzji', '');
	});

	it('a merge without the tick', async () => {
		// A need with a possible duplicate nearby: the page offers the merge form only then.
		const all = await app.db.asOwner((tx) =>
			tx.query<{ id: string }>(
				`select id::text as id from public.needs where status <> 'done' order by id`
			)
		);
		let pair: [string, string] | undefined;
		for (const { id } of all) {
			const data = await (await organizer.request(`/panel/moderacja/${id}/__data.json`)).json();
			if (data.similar?.length) {
				pair = [id, data.similar[0].id];
				break;
			}
		}
		if (!pair) throw new Error('the demo data has no possible duplicates');
		const fields = { keep: pair[1], note: 'To samo miejsce' };
		const path = `/panel/moderacja/${pair[0]}?/merge`;
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(400);
		expectKept(document, fields, 'Nie połączono zgłoszeń', '');
	});

	it('a text edit with too short a title', async () => {
		const fields = { title: 'ab', description: 'Nowy opis bez danych osobowych' };
		const path = `/panel/moderacja/${ids.need}?/edit`;
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(400);
		expectKept(document, fields, 'Nie zapisano poprawek', '');
	});

	it('an assisted report with contact details but no consent', async () => {
		const fields = {
			kind: 'idea',
			category: 'seniorzy',
			title: 'Ławka przy przystanku',
			description: 'Zgłoszone telefonicznie',
			village: ids.village,
			contact_email: 'mieszkanka@example.org',
			contact_phone: '600 100 200',
			publish: 'on'
		};
		const { status, document } = await post(organizer, '/panel/moderacja/nowe', fields);
		expect(status).toBe(400);
		expectKept(document, fields, 'Nie zapisano zgłoszenia', '');
	});

	it('an official reply that is empty', async () => {
		// A comment waiting for approval puts its need on the page's reply list.
		await app.db.asOwner((tx) =>
			tx.query(`insert into public.need_comments (need_id, body) values ($1, 'Czekam')`, [ids.need])
		);
		const fields = { need: ids.need, body: '  ' };
		const path = '/panel/moderacja/komentarze?/reply';
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(422);
		expect(document.querySelector(`#reply-${ids.need}`)).not.toBeNull();
		expectKept(document, {}, 'Nie wysłano odpowiedzi', '');
	});

	it('a consultation that ends before it starts', async () => {
		const fields = {
			question: 'Gdzie brakuje ławek?',
			area: '',
			starts_at: '2027-03-10T18:00',
			ends_at: '2027-03-10T17:00',
			hold: 'on'
		};
		const { status, document } = await post(organizer, '/panel/konsultacje?/create', fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie utworzono konsultacji', '');
	});

	it('closing a consultation without the tick', async () => {
		const made = await organizer.request('/panel/konsultacje?/create', {
			method: 'POST',
			form: {
				question: 'Gdzie brakuje ławek?',
				area: '',
				starts_at: '2026-01-01T10:00',
				ends_at: '2036-01-01T10:00'
			},
			headers: { origin: ORIGIN, accept: 'text/html' }
		});
		const code = /konsultacje\/([A-Z0-9]+)/.exec(made.headers.get('location') ?? '')?.[1];
		expect(code).toBeTruthy();
		const path = `/panel/konsultacje/${code}?/close`;
		const { status, document } = await post(organizer, path, {});
		expect(status).toBe(422);
		expectKept(document, {}, 'Nie zamknięto konsultacji', '');
		expect(document.querySelector('.error-summary a')?.getAttribute('href')).toBe('#close-confirm');
	});

	it('resending a message that is not in the outbox', async () => {
		const { status, document } = await post(admin, '/panel/poczta?/resend', { id: '999999' });
		expect(status).toBe(404);
		expectKept(document, {}, 'Nie wysłano ponownie wiadomości', '');
	});

	it('a new sołectwo under a name that is taken', async () => {
		const fields = { name: await one('select name as id from public.solectwa limit 1') };
		const { status, document } = await post(admin, '/panel/obszar?/create', fields);
		expect(status).toBe(409);
		expectKept(document, fields, 'Nie zapisano zmian obszaru', '');
	});

	it('a sołectwo renamed to a name that is taken', async () => {
		const [first, second] = await app.db.asOwner((tx) =>
			tx.query<{ id: string; name: string }>(
				'select id::text as id, name from public.solectwa order by id limit 2'
			)
		);
		const page = await admin.request(`/panel/obszar?solectwo=${first.id}`, { render: true });
		const action = new JSDOM(await page.text()).window.document
			.querySelector('#edit form')
			?.getAttribute('action');
		const fields = {
			id: first.id,
			name: second.name,
			soltys: 'Jan Kowalski',
			soltys_since: '2024-05-01',
			population: '321',
			population_year: '2024',
			population_source: 'Urząd'
		};
		const { status, document } = await post(admin, `/panel/obszar${action}`, fields);
		expect(status).toBe(409);
		expectKept(document, fields, 'Nie zapisano zmian obszaru', '');
	});

	it('a diagnosis published without the tick', async () => {
		const fields = { scope: 'wysokie', body: 'Wnioski z diagnozy.' };
		const path = '/panel/diagnozy?obszar=wysokie&/publish';
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie zapisano wniosków', '', ['scope']);
	});

	it('a diagnosis published empty, with the tick', async () => {
		const fields = { scope: 'wysokie', body: '', confirm: 'on' };
		const path = '/panel/diagnozy?obszar=wysokie&/publish';
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie zapisano wniosków', '', ['scope']);
		// The next post stays with this area's page.
		const actions = [...document.querySelectorAll('form[method="POST"]')].map((form) =>
			form.getAttribute('action')
		);
		expect(actions).toContain('?obszar=wysokie&/save');
	});

	it('a plan with a target that is not a whole number', async () => {
		const fields = { body: 'Plan pracy.', target_participants: '2,5', note_interests: 'Koła' };
		const path = '/panel/plany?obszar=wysokie&/save';
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie zapisano planu', '');
	});

	it('a report with a hand-entered figure that is not a number', async () => {
		await post(organizer, '/panel/plany?obszar=wysokie&/save', { body: 'Plan pracy.' });
		const fields = { report_body: 'Rok pracy.', figure_label_0: 'Koszty', figure_value_0: 'dużo' };
		const path = '/panel/plany?obszar=wysokie&/saveReport';
		const { status, document } = await post(organizer, path, fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie zapisano sprawozdania', '');
	});

	it('a new account with too short a password', async () => {
		const fields = { email: 'nowa@kramsk.test', role: 'council', password: 'krotkie' };
		const { status, document } = await post(admin, '/panel/uzytkownicy?/create', fields);
		expect(status).toBe(400);
		// A password is never sent back (OWASP ASVS 2.1: it travels only when typed).
		expectKept(
			document,
			{ email: fields.email, role: fields.role },
			'Nie zapisano zmian konta',
			'12'
		);
	});

	it('a legal page saved without a title', async () => {
		const fields = { slug: 'rodo', locale: 'pl', title: '', body: 'Treść' };
		const path = '/panel/strony?strona=rodo&jezyk=pl&/save';
		const { status, document } = await post(admin, path, fields);
		expect(status).toBe(400);
		expectKept(document, fields, 'Nie zapisano strony', '');
	});

	it("a village's population that is not a number", async () => {
		const fields = {
			locality: await one(`select id::text as id from public.localities where slug = 'wysokie'`),
			population: 'dużo',
			population_year: '2024',
			population_source: 'GUS'
		};
		const { status, document } = await post(admin, '/panel/obszar?/population', fields);
		expect(status).toBe(400);
		expectKept(document, fields, 'Nie zapisano zmian obszaru', '');
	});

	it('a boundary upload without a file', async () => {
		const fields = { level: 'solectwo', note: 'Z geoportalu', confirm: 'yes', intent: 'apply' };
		const { status, document } = await post(admin, '/panel/obszar?/upload', fields);
		expect(status).toBe(400);
		expectKept(document, fields, 'Nie zapisano zmian obszaru', '', ['intent']);
	});

	it('a resource import without a file', async () => {
		const fields = { partial: 'on', publish: 'on' };
		const { status, document } = await post(organizer, '/panel/zasoby/import', fields);
		expect(status).toBe(400);
		expectKept(document, fields, 'Nie zaimportowano zasobów', '');
	});
});

describe('the panel leaves checking to the server', () => {
	it("every form that posts skips the browser's own checks, whose refusal no summary would show", async () => {
		const pages = [
			'/panel/zasoby/nowy',
			`/panel/zasoby/${ids.resource}`,
			'/panel/zasoby/import',
			'/panel/dzialania/nowe',
			`/panel/dzialania/${ids.activity}`,
			'/panel/moderacja',
			`/panel/moderacja/${ids.need}`,
			'/panel/moderacja/komentarze',
			'/panel/moderacja/nowe',
			'/panel/diagnozy',
			'/panel/fundusz',
			'/panel/plany?obszar=wysokie',
			'/panel/uzytkownicy',
			'/panel/poczta',
			'/panel/obszar',
			'/panel/strony',
			'/panel/konsultacje'
		];
		let checked = 0;
		for (const path of pages) {
			const page = await admin.request(path, { headers: { accept: 'text/html' }, render: true });
			expect(page.status, path).toBe(200);
			const { document } = new JSDOM(await page.text()).window;
			const forms = [...document.querySelectorAll('form[method="POST"]')].filter(
				(form) => form.getAttribute('action') !== '/wyloguj'
			);
			checked += forms.length;
			for (const form of forms)
				expect(form.hasAttribute('novalidate'), `${path} ${form.getAttribute('action')}`).toBe(
					true
				);
		}
		expect(checked).toBeGreaterThan(20);
	});
});

describe("a resident's refused report shows what was typed and says why", () => {
	it('a report with too short a title', async () => {
		const fields = {
			kind: 'idea',
			category: 'seniorzy',
			title: 'ab',
			description: 'Przy szkole',
			village: ids.village,
			lon: '18.4267',
			lat: '52.265',
			contact: 'ja@example.org',
			contact_consent: 'on',
			idempotency_key: 'form-failures-000001'
		};
		const { status, document } = await post(app.browser(), '/zglos', fields);
		expect(status).toBe(422);
		expectKept(document, fields, 'Nie wysłano zgłoszenia', '', ['idempotency_key']);
	});
});
