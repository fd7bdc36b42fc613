import { expect, request as requests, type APIRequestContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { signedToken, unsubscribeToken } from '../../src/lib/server/mail/tokens.ts';
import type { StaffRole } from '../../src/lib/types.ts';
import { templateSecret } from '../db/template.ts';
import { E2E_PASSWORD, USERS } from './auth-helpers.ts';

/**
 * Every page of the app, for the sweeps that must cover all of them in Polish and English
 * (axe in both languages, no Polish text under /en/). Add a route here when you add
 * one. Paths are unlocalized (the Polish URL); the sweeps prefix /en for English.
 *
 * Placeholders in paths are filled from the running app (see resolvePath): {token} = a fresh
 * report's status token, {need} = a need id, {resource} = a resource id, {activity} = a
 * published activity id, {consultation} = the code of an open live consultation, {needRef} =
 * the reference of a public need, {follow} and {unsubscribe} = the tokens of a follow
 * confirmation and a reporter's unsubscribe link, {planYear} = this year, for which Kramsk has a
 * published plan and yearly report.
 */
export interface PageEntry {
	path: string;
	/** Signed in with this role; none = an anonymous visitor. */
	role?: StaffRole;
	/** The HTTP status the page answers with (error pages), 200 by default. */
	status?: number;
}

export const PUBLIC_PAGES: PageEntry[] = [
	{ path: '/' },
	{ path: '/?wies=kramsk' },
	{ path: '/zglos' },
	{ path: '/zgloszenie/{token}' },
	{ path: '/potrzeby/{needRef}' },
	{ path: '/potrzeby/{needRef}/komentarz' },
	{ path: '/potrzeby/{needRef}/obserwuj' },
	{ path: '/dzialania' },
	{ path: '/dzialania/{activity}' },
	{ path: '/siec' },
	{ path: '/powiadomienia' },
	{ path: '/obserwuj/{follow}' },
	{ path: '/wypisz/{unsubscribe}' },
	{ path: '/logowanie' },
	{ path: '/logowanie/haslo' },
	{ path: '/wyloguj' },
	{ path: '/rodo' },
	{ path: '/deklaracja-dostepnosci' },
	{ path: '/zasady-moderacji' },
	{ path: '/prezentacja?miara=pokrycie&wies=kramsk' },
	{ path: '/diagnoza' },
	{ path: '/diagnoza/kramsk' },
	{ path: '/diagnoza/gmina' },
	{ path: '/plany' },
	{ path: '/plany/{planYear}/kramsk' },
	{ path: '/plany/{planYear}/kramsk/sprawozdanie' },
	{ path: '/konsultacje/{consultation}' },
	{ path: '/k/{consultation}' },
	{ path: '/nie-ma-takiej-strony', status: 404 }
];

export const STAFF_PAGES: PageEntry[] = [
	{ path: '/panel', role: 'admin' },
	{ path: '/panel/moderacja', role: 'admin' },
	{ path: '/panel/moderacja/nowe', role: 'admin' },
	{ path: '/panel/moderacja/komentarze', role: 'admin' },
	{ path: '/panel/moderacja/{need}', role: 'admin' },
	{ path: '/panel/zasoby', role: 'admin' },
	{ path: '/panel/zasoby/nowy', role: 'admin' },
	{ path: '/panel/zasoby/import', role: 'admin' },
	{ path: '/panel/zasoby/{resource}', role: 'admin' },
	{ path: '/panel/dzialania', role: 'admin' },
	{ path: '/panel/dzialania/nowe', role: 'admin' },
	{ path: '/panel/dzialania/{activity}', role: 'admin' },
	{ path: '/panel/siec', role: 'admin' },
	{ path: '/panel/planowanie', role: 'admin' },
	{ path: '/panel/obszar', role: 'admin' },
	{ path: '/panel/uzytkownicy', role: 'admin' },
	{ path: '/panel/poczta', role: 'admin' },
	{ path: '/panel/dziennik', role: 'admin' },
	{ path: '/panel/strony', role: 'admin' },
	{ path: '/panel/diagnozy', role: 'admin' },
	{ path: '/panel/fundusz', role: 'admin' },
	{ path: '/panel/plany', role: 'admin' },
	{ path: '/panel/konsultacje', role: 'admin' },
	{ path: '/panel/konsultacje/{consultation}', role: 'admin' },
	{ path: '/diagnoza/kramsk', role: 'council' },
	// Council is read-only: its views differ, and admin-only pages answer 403 (error page).
	{ path: '/panel/moderacja/{need}', role: 'council' },
	{ path: '/panel/dzialania/{activity}', role: 'council' },
	{ path: '/panel/strony', role: 'council', status: 403 }
];

export const ALL_PAGES: PageEntry[] = [...PUBLIC_PAGES, ...STAFF_PAGES];

/** The path under the given language: Polish unprefixed, English under /en. */
export function localized(path: string, locale: 'pl' | 'en'): string {
	if (locale === 'pl') return path;
	return path === '/' || path.startsWith('/?') ? `/en${path.slice(1)}` : `/en${path}`;
}

/** Polish content the fixtures write (user data, not UI text). */
export const FIXTURE_TEXTS = [
	'Wieczorki z grami planszowymi',
	'Raz w miesiącu w świetlicy.',
	'Wieczór gier planszowych',
	'Spotkanie w świetlicy.',
	'Gdzie brakuje ławek?',
	'Plan pracy w Kramsku.',
	'Rok pracy w Kramsku.'
];

interface Fixtures {
	token: string;
	need: string;
	needRef: string;
	resource: string;
	activity: string;
	consultation: string;
	follow: string;
	unsubscribe: string;
	planYear: string;
}
let fixtures: Promise<Fixtures> | null = null;

async function loadFixtures(request: APIRequestContext): Promise<Fixtures> {
	const created = await request.post('/api/needs', {
		data: {
			kind: 'idea',
			category: 'seniorzy',
			title: FIXTURE_TEXTS[0],
			description: FIXTURE_TEXTS[1],
			lon: 18.4267,
			lat: 52.265,
			idempotency_key: randomUUID()
		}
	});
	expect(created.status()).toBe(201);
	const { status_url } = (await created.json()) as { status_url: string };
	const needs = (await (await request.get('/api/needs.geojson')).json()) as {
		features: { properties: { id: string; ref: string } }[];
	};
	const resources = (await (await request.get('/api/resources.geojson')).json()) as {
		features: { id?: string; properties: { id?: string } }[];
	};
	const origin = new URL(created.url()).origin;
	const activity = await createActivity(origin);
	const consultation = await createConsultation(origin);
	const planYear = await createPlan(origin);
	const resource = resources.features[0];
	const fx = {
		token: new URL(status_url, 'http://x').pathname.split('/').pop() ?? '',
		need: needs.features[0]?.properties.id,
		needRef: needs.features[0]?.properties.ref,
		resource: resource?.properties.id ?? String(resource?.id ?? ''),
		activity: activity ?? '',
		consultation,
		// Links a server sends by e-mail, signed as it signs them (every copy of the template
		// shares its secret): a follow confirmation and a reporter's unsubscribe link.
		follow: signedToken(templateSecret(), 'follow-confirm', randomUUID()),
		unsubscribe: unsubscribeToken(templateSecret(), needs.features[0]?.properties.id ?? ''),
		planYear
	};
	for (const [key, value] of Object.entries(fx)) {
		if (!value) throw new Error(`pages.ts: no fixture for {${key}}`);
	}
	return fx;
}

/**
 * The demo data has no activities: an organizer creates a published one through the real
 * panel form (a request context of its own, so the visitor's session is untouched).
 */
async function organizerContext(baseURL: string): Promise<APIRequestContext> {
	const organizer = await requests.newContext({
		baseURL,
		extraHTTPHeaders: { origin: baseURL, accept: 'text/html' }
	});
	const login = await organizer.post('/logowanie?/password', {
		form: { email: USERS.organizer, password: E2E_PASSWORD, next: '/panel' },
		maxRedirects: 0
	});
	expect(login.status()).toBe(303);
	return organizer;
}

/** A live consultation open for the next two hours, opened through the panel form. */
async function createConsultation(baseURL: string): Promise<string> {
	const organizer = await organizerContext(baseURL);
	try {
		const local = (ms: number) =>
			new Intl.DateTimeFormat('sv-SE', {
				timeZone: 'Europe/Warsaw',
				dateStyle: 'short',
				timeStyle: 'short'
			})
				.format(new Date(ms))
				.replace(' ', 'T');
		const saved = await organizer.post('/panel/konsultacje?/create', {
			form: {
				question: FIXTURE_TEXTS[4],
				area: '',
				starts_at: local(Date.now() - 60_000),
				ends_at: local(Date.now() + 2 * 3600_000)
			},
			maxRedirects: 0
		});
		const code = /\/panel\/konsultacje\/([A-Z0-9]{6})/.exec(saved.headers()['location'] ?? '')?.[1];
		if (!code) throw new Error(`pages.ts: opening a consultation answered ${saved.status()}`);
		return code;
	} finally {
		await organizer.dispose();
	}
}

/** This year's plan for Kramsk and its report, written and published through the panel's form. */
async function createPlan(baseURL: string): Promise<string> {
	const organizer = await organizerContext(baseURL);
	try {
		const year = new Intl.DateTimeFormat('en', {
			year: 'numeric',
			timeZone: 'Europe/Warsaw'
		}).format();
		const at = `/panel/plany?rok=${year}&obszar=kramsk`;
		const plan = await organizer.post(`${at}&/publish`, {
			form: {
				body: FIXTURE_TEXTS[5],
				goals: 'social_bonds',
				target_participants: '40',
				confirm: 'on'
			}
		});
		const report = await organizer.post(`${at}&/publishReport`, {
			form: {
				report_body: FIXTURE_TEXTS[6],
				figure_label_0: 'Koszty',
				figure_value_0: '100',
				confirm: 'on'
			}
		});
		if (!plan.ok() || !report.ok())
			throw new Error(`pages.ts: publishing a plan answered ${plan.status()}, ${report.status()}`);
		return year;
	} finally {
		await organizer.dispose();
	}
}

async function createActivity(baseURL: string): Promise<string> {
	const organizer = await organizerContext(baseURL);
	try {
		const date = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
		const saved = await organizer.post('/panel/dzialania/nowe', {
			form: {
				title: FIXTURE_TEXTS[2],
				description: FIXTURE_TEXTS[3],
				kind: 'workshop',
				programme_category: 'community_animation',
				date,
				start_time: '17:00',
				locality: 'kramsk',
				status: 'planned',
				published: 'on'
			},
			maxRedirects: 0
		});
		const location = saved.headers()['location'] ?? '';
		const id = /\/panel\/dzialania\/([0-9a-f-]{36})/.exec(location)?.[1];
		if (!id) throw new Error(`pages.ts: creating an activity answered ${saved.status()}`);
		return id;
	} finally {
		await organizer.dispose();
	}
}

/** Fills the placeholders of a path (fixtures are created once per worker). */
export async function resolvePath(page: Page, path: string): Promise<string> {
	if (!path.includes('{')) return path;
	fixtures ??= loadFixtures(page.request);
	const fx = await fixtures;
	return path.replace(/\{(\w+)\}/g, (_, key: keyof Fixtures) => fx[key]);
}
