import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isActionFailure, isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { vi } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import type { StaffRole } from '../../src/lib/types.ts';
import { PASSWORD, USERS } from '../accounts.ts';
import { SCRATCH_DIR } from '../db/paths.ts';
import { copyTemplate } from '../db/template.ts';
import { CookieJar, requestCookies } from './cookies.ts';
import { renderPage, type ActionAnswer } from './render.ts';

/**
 * The app in this process, without a build or a browser: a request goes through the real hooks
 * (src/hooks.ts reroute, then every handle of src/hooks.server.ts) to the route's `+server.ts`
 * handler or `+page.server.ts` form action, on a private copy of the seeded PGlite template with
 * the demo data — the same database the browser suite's server starts with. What SvelteKit's own
 * runtime adds around a handler is reproduced only as far as these tests need it:
 *   - route matching by file name, `[param]` segments, the more specific route first;
 *   - `redirect()` → its status and Location; `error()` → its status with `{message}` as JSON when
 *     the client prefers JSON, otherwise src/error.html; another exception → handleError and a 500;
 *   - a form action's `fail()` → its status with the data as JSON; pages are not rendered: a GET
 *     to a page answers an empty HTML document, so the hooks (cookies, headers) run as for a real
 *     page load;
 *   - with `render: true`, a GET to a page answers its HTML (tests/http/render.ts), and a post to
 *     a form action answers the page drawn with the action's answer as `form`, as SvelteKit does
 *     for a browser without JavaScript (a redirect stays a redirect);
 *   - `<page>/__data.json` (the path SvelteKit's client fetches a page's data from) answers what
 *     the page's own `+page.server.ts` load returns, as plain JSON (kit uses devalue; the layout's
 *     load is left out), so what a page shows without JavaScript can be checked.
 */

const ENDPOINTS = import.meta.glob('../../src/routes/**/+server.ts');
const ACTIONS = import.meta.glob('../../src/routes/**/+page.server.ts');
const PAGES = import.meta.glob('../../src/routes/**/+page.svelte');

/** The origin the in-process app answers on (plain http on localhost: cookies are not Secure). */
export const ORIGIN = 'http://localhost';

/** Suffix of SvelteKit's data requests: the page's path, then this. */
const DATA_SUFFIX = '/__data.json';

interface Route {
	id: string;
	pattern: RegExp;
	names: string[];
	endpoint?: () => Promise<unknown>;
	actions?: () => Promise<unknown>;
	page: boolean;
}

function routeId(file: string): string {
	const id = file
		.replace('../../src/routes', '')
		.replace(/\/\+(server\.ts|page\.server\.ts|page\.svelte)$/, '');
	return id === '' ? '/' : id;
}

/** Route ids → matchers, static routes before parameters (SvelteKit's order for these routes). */
function routes(): Route[] {
	const byId = new Map<string, Route>();
	const entry = (file: string) => {
		const id = routeId(file);
		let route = byId.get(id);
		if (!route) {
			const names: string[] = [];
			const source = id
				.split('/')
				.map((segment) =>
					segment
						.split(/(\[[a-z]+\])/)
						.map((part) => {
							const param = /^\[([a-z]+)\]$/.exec(part);
							if (!param) return part.replace(/[.*+?^${}()|\\]/g, '\\$&');
							names.push(param[1]);
							return '([^/]+?)';
						})
						.join('')
				)
				.join('/');
			route = {
				id,
				pattern: new RegExp(`^${source === '' ? '/' : source}/?$`),
				names,
				page: false
			};
			byId.set(id, route);
		}
		return route;
	};
	for (const [file, load] of Object.entries(ENDPOINTS)) entry(file).endpoint = load;
	for (const [file, load] of Object.entries(ACTIONS)) entry(file).actions = load;
	for (const file of Object.keys(PAGES)) entry(file).page = true;
	return [...byId.values()].sort((a, b) => a.names.length - b.names.length);
}

export interface RequestOptions {
	method?: string;
	headers?: Record<string, string>;
	/** Sent as JSON (content-type application/json). */
	json?: unknown;
	/** Sent as multipart/form-data; File values become file parts. */
	form?: Record<string, string | File>;
	/** A raw body with its own content-type header. */
	body?: BodyInit;
	/** The client's address as adapter-node reports it (default 127.0.0.1). */
	address?: string;
	/**
	 * A GET to a page answers its HTML rendered with svelte/server (tests/http/render.ts); a post
	 * to a form action, the page rendered with the action's answer.
	 */
	render?: boolean;
}

/** SvelteKit's per-request store, which `sequence()` reads (exported by the package, untyped). */
interface RequestStore {
	with_request_store: <T>(store: unknown, fn: () => T) => T;
}
const KIT_SERVER = '@sveltejs/kit/internal/server';

interface ResolveOptions {
	transformPageChunk?: (input: {
		html: string;
		done: boolean;
	}) => string | undefined | Promise<string | undefined>;
}

type Handle = (input: {
	event: RequestEvent;
	resolve: (event: RequestEvent, opts?: ResolveOptions) => Promise<Response>;
}) => Promise<Response>;

export interface App {
	/** A request with no cookies, like a script's. */
	request(path: string, options?: RequestOptions): Promise<Response>;
	/** A client that keeps the cookies it is given, like one browser. */
	browser(): Client;
	/** A browser signed in through the login form as `role` (one of openApp's `staff`). */
	signedIn(role: StaffRole): Promise<Client>;
	/** The app's database (the same object the hooks use), for arranging and checking rows. */
	db: Database;
	dataDir: string;
	close(): Promise<void>;
}

export interface Client {
	request(path: string, options?: RequestOptions): Promise<Response>;
	cookies: CookieJar;
}

/**
 * Opens the app on a copy of the template, with the `staff` accounts of tests/accounts.ts. The environment is the browser suite's
 * (playwright.config.ts): embedded database with demo data, the same roomy rate limits.
 */
export async function openApp(options: { staff?: StaffRole[] } = {}): Promise<App> {
	mkdirSync(SCRATCH_DIR, { recursive: true });
	const dataDir = mkdtempSync(`${SCRATCH_DIR}/http-`);
	copyTemplate(dataDir);
	const env: Record<string, string> = {
		DATA_DIR: dataDir,
		DATABASE_URL: '',
		DEMO: '1',
		ORIGIN: '',
		RATE_LIMIT_REPORTS: '60/10m,600/1d',
		RATE_LIMIT_REPORTS_IP: '600/10m,6000/1d',
		RATE_LIMIT_NEW_DEVICES: '600/10m,6000/1d',
		PUBLIC_BASEMAP_STYLE_URL: 'https://basemap.invalid/style.json'
	};
	for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
	// Fresh modules: the database and secrets the app caches per process belong to this copy.
	vi.resetModules();
	const server = await import('../../src/hooks.server.ts');
	const { reroute } = await import('../../src/hooks.ts');
	const { getDatabase, getSecrets } = await import('../../src/lib/server/db/index.ts');
	const { createLocalAccount } = await import('../../src/lib/server/auth/local.ts');
	const db = await getDatabase();
	await getSecrets();
	// Only the accounts a file signs in with: each costs an Argon2 hash.
	for (const role of options.staff ?? [])
		await createLocalAccount(db, { email: USERS[role], password: PASSWORD, role });

	const { with_request_store } = (await import(/* @vite-ignore */ KIT_SERVER)) as RequestStore;
	const table = routes();
	// Called, not passed around: the hook is kit's own function, awaited here.
	const handle: Handle = async (input) => await server.handle(input);

	async function send(path: string, options: RequestOptions, jar?: CookieJar): Promise<Response> {
		const url = new URL(path, ORIGIN);
		// Like curl and Playwright's request client: Accept */* unless the test says otherwise.
		const headers = new Headers({ host: url.host, accept: '*/*', ...options.headers });
		let body = options.body;
		if (options.json !== undefined) {
			body = JSON.stringify(options.json);
			headers.set('content-type', 'application/json');
		} else if (options.form) {
			const form = new FormData();
			for (const [name, value] of Object.entries(options.form)) form.append(name, value);
			body = form;
		}
		const cookie = jar?.header();
		if (cookie) headers.set('cookie', cookie);
		const request = new Request(url, { method: options.method ?? 'GET', headers, body });
		// As in kit: the hooks and the load see the page's own URL.
		const dataRequest = url.pathname.endsWith(DATA_SUFFIX);
		if (dataRequest) url.pathname = url.pathname.slice(0, -DATA_SUFFIX.length) || '/';

		const pathname = await reroute({ url: new URL(url), fetch });
		let route: Route | undefined;
		const params: Record<string, string> = {};
		for (const candidate of table) {
			const match = candidate.pattern.exec(pathname ?? url.pathname);
			if (!match || (!candidate.endpoint && !candidate.page)) continue;
			route = candidate;
			candidate.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));
			break;
		}

		const cookies = requestCookies(request, url);
		const extra = new Headers();
		const event = {
			request,
			url,
			params,
			route: { id: route?.id ?? null },
			locals: {},
			cookies: cookies.api,
			fetch,
			getClientAddress: () => options.address ?? '127.0.0.1',
			isDataRequest: false,
			isSubRequest: false,
			isRemoteRequest: false,
			platform: undefined,
			tracing: { enabled: false, root: {}, current: {} },
			setHeaders: (h: Record<string, string>) => {
				for (const [name, value] of Object.entries(h)) extra.set(name, value);
			}
		} as unknown as RequestEvent;

		const resolve = async (e: RequestEvent, opts?: ResolveOptions): Promise<Response> => {
			try {
				const response = await (dataRequest
					? pageData(e, route)
					: options.render && e.request.method === 'GET' && (!route || route.page)
						? renderPage(e, route?.id ?? null, opts?.transformPageChunk)
						: options.render && e.request.method === 'POST' && route?.page
							? renderPage(e, route.id, opts?.transformPageChunk, await runAction(e, route))
							: dispatch(e, route));
				for (const [name, value] of extra) response.headers.set(name, value);
				return response;
			} catch (x) {
				if (isRedirect(x))
					return new Response(null, { status: x.status, headers: { location: x.location } });
				if (isHttpError(x)) return errorResponse(e.request, x.status, x.body.message);
				const status = 500;
				const handled = await server.handleError({
					error: x,
					event: e,
					status,
					message: 'Internal Error'
				});
				return errorResponse(e.request, status, handled?.message ?? 'Internal Error');
			}
		};
		let response: Response;
		try {
			// sequence() reads SvelteKit's per-request store; tracing is off, as in the built app.
			const state = {
				tracing: { record_span: ({ fn }: { fn: (span: unknown) => unknown }) => fn({}) }
			};
			response = await with_request_store({ event, state }, () => handle({ event, resolve }));
		} catch (x) {
			// A hook's own error(): answered like one from a handler.
			if (!isHttpError(x)) throw x;
			response = errorResponse(request, x.status, x.body.message);
		}
		for (const line of cookies.setCookieHeaders()) response.headers.append('set-cookie', line);
		jar?.store(response);
		return response;
	}

	function browser(): Client {
		const jar = new CookieJar();
		return { cookies: jar, request: (path, options = {}) => send(path, options, jar) };
	}

	return {
		db,
		dataDir,
		request: (path, options = {}) => send(path, options),
		browser,
		async signedIn(role) {
			const client = browser();
			const login = await client.request('/logowanie?/password', {
				method: 'POST',
				form: { email: USERS[role], password: PASSWORD, next: '/panel' },
				headers: { origin: ORIGIN, accept: 'text/html' }
			});
			if (login.status !== 303) throw new Error(`signing in as ${role}: ${login.status}`);
			return client;
		},
		async close() {
			await db.close();
			vi.unstubAllEnvs();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

const ENDPOINT_ONLY = new Set(['PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Which module answers: the endpoint unless the client asks for a page (SvelteKit's rule). */
async function dispatch(event: RequestEvent, route: Route | undefined): Promise<Response> {
	if (!route) return errorResponse(event.request, 404, 'Not Found');
	const method = event.request.method;
	const accept = event.request.headers.get('accept') ?? '*/*';
	const wantsPage =
		route.page &&
		!ENDPOINT_ONLY.has(method) &&
		accept.includes('text/html') &&
		event.request.headers.get('x-sveltekit-action') !== 'true';
	if (route.endpoint && !wantsPage) {
		const mod = (await route.endpoint()) as Record<string, (e: RequestEvent) => Promise<Response>>;
		const handler = mod[method] ?? (method === 'HEAD' ? mod.GET : undefined);
		if (!handler) return new Response(null, { status: 405 });
		return handler(event);
	}
	if (method === 'GET')
		return new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });
	if (method !== 'POST' || !route.actions) return new Response(null, { status: 405 });
	const answer = await runAction(event, route);
	if (!answer) return new Response(null, { status: 405 });
	return Response.json(answer.form, { status: answer.status });
}

/** The form action the query names (`?/save`, else `default`): its answer, or none without one. */
async function runAction(event: RequestEvent, route: Route): Promise<ActionAnswer | undefined> {
	const mod = (await route.actions?.()) as
		{ actions?: Record<string, (e: RequestEvent) => unknown> } | undefined;
	const name =
		[...event.url.searchParams.keys()].find((k) => k.startsWith('/'))?.slice(1) ?? 'default';
	const action = mod?.actions?.[name];
	if (!action) return undefined;
	const result = await action(event);
	if (isActionFailure(result)) return { form: result.data ?? null, status: result.status };
	return { form: result ?? null, status: 200 };
}

/** The page's server load result as JSON (a `<page>/__data.json` request). */
async function pageData(event: RequestEvent, route: Route | undefined): Promise<Response> {
	if (!route?.page) return errorResponse(event.request, 404, 'Not Found');
	const mod = route.actions
		? ((await route.actions()) as { load?: (e: unknown) => Promise<unknown> })
		: {};
	const data = mod.load
		? await mod.load({
				...event,
				parent: async () => ({}),
				depends: () => {},
				untrack: <T>(fn: () => T) => fn()
			})
		: null;
	return Response.json(data ?? null);
}

const ERROR_PAGE = readFileSync(new URL('../../src/error.html', import.meta.url), 'utf8');

/** The q-value the Accept header gives a media type (RFC 9110 §12.5.1), 0 when not acceptable. */
function quality(accept: string, type: string): number {
	let best = { q: 0, specificity: -1 };
	for (const part of accept.split(',')) {
		const [range, ...params] = part.trim().split(';');
		const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
		const [main, sub] = range.trim().split('/');
		const specificity =
			range.trim() === type
				? 2
				: main === type.split('/')[0] && sub === '*'
					? 1
					: range.trim() === '*/*'
						? 0
						: -1;
		if (specificity > best.specificity) best = { q, specificity };
	}
	return best.specificity < 0 ? 0 : best.q;
}

/**
 * An `error()` as SvelteKit answers it: `{message}` as JSON when the client prefers JSON to HTML
 * (ties go to JSON; no Accept header counts as text/html), otherwise the static error page.
 */
function errorResponse(request: Request, status: number, message: string): Response {
	const accept = request.headers.get('accept') || 'text/html';
	if (
		quality(accept, 'application/json') >= quality(accept, 'text/html') &&
		quality(accept, 'application/json') > 0
	)
		return Response.json({ message }, { status });
	const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
	const html = ERROR_PAGE.replaceAll('%sveltekit.status%', String(status)).replaceAll(
		'%sveltekit.error.message%',
		escaped
	);
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
