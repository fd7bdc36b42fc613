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

/** A form posted with what the server refuses, and how the page answers. */
interface Refusal {
	/** The form and what is wrong with the post. */
	name: string;
	/** Who posts: the organizer unless said. */
	as?: 'admin' | 'resident';
	/** The action and the fields posted; async where records must be found or made first. */
	post: () => { path: string; fields: Fields } | Promise<{ path: string; fields: Fields }>;
	status: number;
	/** The error summary's heading, and a part of its message. */
	heading: string;
	message?: string;
	/** Posted fields the page need not show again; it shows all the others as typed. */
	skip?: string[];
	/** What else the answer holds. */
	also?: (document: Document) => void;
}

/** Posts the refusal's fields as its client and checks the page it answers with. */
async function refused(c: Refusal) {
	const client = c.as === 'admin' ? admin : c.as === 'resident' ? app.browser() : organizer;
	const { path, fields } = await c.post();
	const { status, document } = await post(client, path, fields);
	expect(status).toBe(c.status);
	expectKept(document, fields, c.heading, c.message ?? '', c.skip);
	c.also?.(document);
}

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

/** A need with a possible duplicate nearby (the page offers the merge form only then), and it. */
async function duplicatePair(): Promise<[string, string]> {
	const all = await app.db.asOwner((tx) =>
		tx.query<{ id: string }>(
			`select id::text as id from public.needs where status <> 'done' order by id`
		)
	);
	for (const { id } of all) {
		const data = await (await organizer.request(`/panel/moderacja/${id}/__data.json`)).json();
		if (data.similar?.length) return [id, data.similar[0].id];
	}
	throw new Error('the demo data has no possible duplicates');
}

const PANEL_REFUSALS: Refusal[] = [
	{
		name: 'new resource with a point outside the gmina',
		post: () => ({
			path: '/panel/zasoby/nowy?/save',
			fields: {
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
			}
		}),
		status: 422,
		heading: 'Nie zapisano zasobu',
		message: 'Punkt leży poza granicą gminy Kramsk.'
	},
	{
		name: 'a resource edited with a malformed e-mail',
		post: () => ({
			path: `/panel/zasoby/${ids.resource}?/save`,
			fields: {
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
			}
		}),
		status: 422,
		heading: 'Nie zapisano zasobu',
		message: 'Popraw'
	},
	{
		name: 'a new activity ending before it starts',
		post: () => ({ path: '/panel/dzialania/nowe', fields: activity() }),
		status: 422,
		heading: 'Nie zapisano działania',
		message: 'Godzina zakończenia'
	},
	{
		name: 'an edited activity ending before it starts',
		post: () => ({
			path: `/panel/dzialania/${ids.activity}?/save`,
			fields: { ...activity(), published: [] }
		}),
		status: 422,
		heading: 'Nie zapisano działania',
		message: 'Godzina zakończenia'
	},
	{
		name: "an activity's outcome with a negative count",
		post: () => ({
			path: `/panel/dzialania/${ids.activity}?/outcome`,
			fields: { participants: '-3', notes: 'Było zimno', close_needs: 'on' }
		}),
		status: 422,
		heading: 'Nie zapisano efektów działania',
		message: 'uczestników',
		skip: ['close_needs']
	},
	{
		name: 'cancelling an activity without the tick',
		post: () => ({ path: `/panel/dzialania/${ids.activity}?/cancel`, fields: {} }),
		status: 422,
		heading: 'Nie odwołano działania',
		message: 'Zaznacz'
	},
	{
		name: 'a status change with a note over the limit',
		post: () => ({
			path: `/panel/moderacja/${ids.need}?/status`,
			fields: { status: 'in_progress', note: 'x'.repeat(2001), note_public: [] }
		}),
		status: 400,
		heading: 'Nie zapisano decyzji'
	},
	{
		name: 'a rejection without a reason',
		post: () => ({
			path: `/panel/moderacja/${ids.need}?/reject`,
			fields: { reason: '', confirm: 'on' }
		}),
		status: 400,
		heading: 'Nie zapisano decyzji'
	},
	{
		name: 'a merge without the tick',
		post: async () => {
			const [need, keep] = await duplicatePair();
			return { path: `/panel/moderacja/${need}?/merge`, fields: { keep, note: 'To samo miejsce' } };
		},
		status: 400,
		heading: 'Nie połączono zgłoszeń'
	},
	{
		name: 'a text edit with too short a title',
		post: () => ({
			path: `/panel/moderacja/${ids.need}?/edit`,
			fields: { title: 'ab', description: 'Nowy opis bez danych osobowych' }
		}),
		status: 400,
		heading: 'Nie zapisano poprawek'
	},
	{
		name: 'an assisted report with contact details but no consent',
		post: () => ({
			path: '/panel/moderacja/nowe',
			fields: {
				kind: 'idea',
				category: 'seniorzy',
				title: 'Ławka przy przystanku',
				description: 'Zgłoszone telefonicznie',
				village: ids.village,
				contact_email: 'mieszkanka@example.org',
				contact_phone: '600 100 200',
				publish: 'on'
			}
		}),
		status: 400,
		heading: 'Nie zapisano zgłoszenia'
	},
	{
		name: 'an official reply that is empty',
		post: async () => {
			// A comment waiting for approval puts its need on the page's reply list.
			await app.db.asOwner((tx) =>
				tx.query(`insert into public.need_comments (need_id, body) values ($1, 'Czekam')`, [
					ids.need
				])
			);
			return { path: '/panel/moderacja/komentarze?/reply', fields: { need: ids.need, body: '  ' } };
		},
		status: 422,
		heading: 'Nie wysłano odpowiedzi',
		skip: ['need', 'body'],
		also: (document) => expect(document.querySelector(`#reply-${ids.need}`)).not.toBeNull()
	},
	{
		name: 'a consultation that ends before it starts',
		post: () => ({
			path: '/panel/konsultacje?/create',
			fields: {
				question: 'Gdzie brakuje ławek?',
				area: '',
				starts_at: '2027-03-10T18:00',
				ends_at: '2027-03-10T17:00',
				hold: 'on'
			}
		}),
		status: 422,
		heading: 'Nie utworzono konsultacji'
	},
	{
		name: 'closing a consultation without the tick',
		post: async () => {
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
			return { path: `/panel/konsultacje/${code}?/close`, fields: {} };
		},
		status: 422,
		heading: 'Nie zamknięto konsultacji',
		also: (document) =>
			expect(document.querySelector('.error-summary a')?.getAttribute('href')).toBe(
				'#close-confirm'
			)
	},
	{
		name: 'resending a message that is not in the outbox',
		as: 'admin',
		post: () => ({ path: '/panel/poczta?/resend', fields: { id: '999999' } }),
		status: 404,
		heading: 'Nie wysłano ponownie wiadomości',
		skip: ['id']
	},
	{
		name: 'a new sołectwo under a name that is taken',
		as: 'admin',
		post: async () => ({
			path: '/panel/obszar?/create',
			fields: { name: await one('select name as id from public.solectwa limit 1') }
		}),
		status: 409,
		heading: 'Nie zapisano zmian obszaru'
	},
	{
		name: 'a sołectwo renamed to a name that is taken',
		as: 'admin',
		post: async () => {
			const [first, second] = await app.db.asOwner((tx) =>
				tx.query<{ id: string; name: string }>(
					'select id::text as id, name from public.solectwa order by id limit 2'
				)
			);
			const page = await admin.request(`/panel/obszar?solectwo=${first.id}`, { render: true });
			const action = new JSDOM(await page.text()).window.document
				.querySelector('#edit form')
				?.getAttribute('action');
			return {
				path: `/panel/obszar${action}`,
				fields: {
					id: first.id,
					name: second.name,
					soltys: 'Jan Kowalski',
					soltys_since: '2024-05-01',
					population: '321',
					population_year: '2024',
					population_source: 'Urząd'
				}
			};
		},
		status: 409,
		heading: 'Nie zapisano zmian obszaru'
	},
	{
		name: 'a diagnosis published without the tick',
		post: () => ({
			path: '/panel/diagnozy?obszar=wysokie&/publish',
			fields: { scope: 'wysokie', body: 'Wnioski z diagnozy.' }
		}),
		status: 422,
		heading: 'Nie zapisano wniosków',
		skip: ['scope']
	},
	{
		name: 'a diagnosis published empty, with the tick',
		post: () => ({
			path: '/panel/diagnozy?obszar=wysokie&/publish',
			fields: { scope: 'wysokie', body: '', confirm: 'on' }
		}),
		status: 422,
		heading: 'Nie zapisano wniosków',
		skip: ['scope'],
		// The next post stays with this area's page.
		also: (document) =>
			expect(
				[...document.querySelectorAll('form[method="POST"]')].map((form) =>
					form.getAttribute('action')
				)
			).toContain('?obszar=wysokie&/save')
	},
	{
		name: 'a plan with a target that is not a whole number',
		post: () => ({
			path: '/panel/plany?obszar=wysokie&/save',
			fields: { body: 'Plan pracy.', target_participants: '2,5', note_interests: 'Koła' }
		}),
		status: 422,
		heading: 'Nie zapisano planu'
	},
	{
		name: 'a report with a hand-entered figure that is not a number',
		post: async () => {
			await post(organizer, '/panel/plany?obszar=wysokie&/save', { body: 'Plan pracy.' });
			return {
				path: '/panel/plany?obszar=wysokie&/saveReport',
				fields: { report_body: 'Rok pracy.', figure_label_0: 'Koszty', figure_value_0: 'dużo' }
			};
		},
		status: 422,
		heading: 'Nie zapisano sprawozdania'
	},
	{
		name: 'a new account with too short a password',
		as: 'admin',
		post: () => ({
			path: '/panel/uzytkownicy?/create',
			fields: { email: 'nowa@kramsk.test', role: 'council', password: 'krotkie' }
		}),
		status: 400,
		heading: 'Nie zapisano zmian konta',
		message: '12',
		// A password is never sent back (OWASP ASVS 2.1: it travels only when typed).
		skip: ['password']
	},
	{
		name: 'a legal page saved without a title',
		as: 'admin',
		post: () => ({
			path: '/panel/strony?strona=rodo&jezyk=pl&/save',
			fields: { slug: 'rodo', locale: 'pl', title: '', body: 'Treść' }
		}),
		status: 400,
		heading: 'Nie zapisano strony'
	},
	{
		name: "a village's population that is not a number",
		as: 'admin',
		post: async () => ({
			path: '/panel/obszar?/population',
			fields: {
				locality: await one(`select id::text as id from public.localities where slug = 'wysokie'`),
				population: 'dużo',
				population_year: '2024',
				population_source: 'GUS'
			}
		}),
		status: 400,
		heading: 'Nie zapisano zmian obszaru'
	},
	{
		name: 'a boundary upload without a file',
		as: 'admin',
		post: () => ({
			path: '/panel/obszar?/upload',
			fields: { level: 'solectwo', note: 'Z geoportalu', confirm: 'yes', intent: 'apply' }
		}),
		status: 400,
		heading: 'Nie zapisano zmian obszaru',
		skip: ['intent']
	},
	{
		name: 'a resource import without a file',
		post: () => ({ path: '/panel/zasoby/import', fields: { partial: 'on', publish: 'on' } }),
		status: 400,
		heading: 'Nie zaimportowano zasobów'
	}
];

describe('a refused panel form shows what was typed and says why', () => {
	for (const refusal of PANEL_REFUSALS) it(refusal.name, () => refused(refusal));
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

const RESIDENT_REFUSALS: Refusal[] = [
	{
		name: 'a report with too short a title',
		as: 'resident',
		post: () => ({
			path: '/zglos',
			fields: {
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
			}
		}),
		status: 422,
		heading: 'Nie wysłano zgłoszenia',
		skip: ['idempotency_key']
	}
];

describe("a resident's refused report shows what was typed and says why", () => {
	for (const refusal of RESIDENT_REFUSALS) it(refusal.name, () => refused(refusal));
});
