import { readFileSync } from 'node:fs';
import { error, isHttpError, type RequestEvent } from '@sveltejs/kit';
import type { Component } from 'svelte';

/**
 * A page rendered on the server as SvelteKit renders it for a browser with JavaScript off: the
 * layouts' and the page's server loads, then the layout and page components (or the error page
 * when a load throws error()) with svelte/server, into src/app.html. Only for the tests that
 * read a page's HTML (its head tags, a failed form shown again); universal `+page.ts` loads are
 * not reproduced (the app has none on the pages rendered here).
 */

/** A form action's answer, rendered as SvelteKit renders it after a post without JavaScript. */
export interface ActionAnswer {
	/** `fail()`'s data, or what the action returned. */
	form: unknown;
	/** The failure's status (200 for an action that succeeded without a redirect). */
	status: number;
}

type Load = (
	event: unknown
) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
type Module = { load?: Load };
type SvelteModule = { default: Component<Record<string, unknown>> };

const LAYOUT_LOADS = import.meta.glob<Module>('../../src/routes/**/+layout.server.ts');
const LAYOUTS = import.meta.glob<SvelteModule>('../../src/routes/**/+layout.svelte');
const PAGE_LOADS = import.meta.glob<Module>('../../src/routes/**/+page.server.ts');
const PAGES = import.meta.glob<SvelteModule>('../../src/routes/**/+page.svelte');
const ERROR_PAGE = '../../src/routes/+error.svelte';
const ERRORS = import.meta.glob<SvelteModule>('../../src/routes/+error.svelte');

const TEMPLATE = readFileSync(new URL('../../src/app.html', import.meta.url), 'utf8');

const file = (id: string, name: string) => `../../src/routes${id === '/' ? '' : id}/${name}`;

/** The route's layout ids, outermost first ('/', '/panel', ...). */
function layoutIds(routeId: string): string[] {
	const parts = routeId.split('/').filter(Boolean);
	const ids = ['/'];
	for (let i = 1; i <= parts.length; i++) ids.push(`/${parts.slice(0, i).join('/')}`);
	return ids.filter(
		(id) => LAYOUTS[file(id, '+layout.svelte')] || LAYOUT_LOADS[file(id, '+layout.server.ts')]
	);
}

export async function renderPage(
	event: RequestEvent,
	routeId: string | null,
	transform?: (input: {
		html: string;
		done: boolean;
	}) => string | undefined | Promise<string | undefined>,
	answer?: ActionAnswer
): Promise<Response> {
	const layouts: { component: SvelteModule['default']; data: unknown }[] = [];
	let merged: Record<string, unknown> = {};
	let status = answer?.status ?? 200;
	let failure: { message: string } | null = null;
	let leaf: { component: SvelteModule['default']; data: unknown };
	const loadEvent = (parentData: Record<string, unknown>) => ({
		...event,
		parent: async () => parentData,
		depends: () => {},
		untrack: <T>(fn: () => T) => fn()
	});
	try {
		for (const id of layoutIds(routeId ?? '/')) {
			const load = (await LAYOUT_LOADS[file(id, '+layout.server.ts')]?.())?.load;
			const data = { ...merged, ...((await load?.(loadEvent(merged))) ?? {}) };
			merged = data;
			const layout = await LAYOUTS[file(id, '+layout.svelte')]?.();
			if (layout) layouts.push({ component: layout.default, data });
		}
		if (routeId === null) error(404, 'Not Found');
		const load = (await PAGE_LOADS[file(routeId, '+page.server.ts')]?.())?.load;
		merged = { ...merged, ...((await load?.(loadEvent(merged))) ?? {}) };
		leaf = { component: (await PAGES[file(routeId, '+page.svelte')]()).default, data: merged };
	} catch (x) {
		if (!isHttpError(x)) throw x;
		status = x.status;
		failure = { message: x.body.message };
		// The root layout around the error page, as SvelteKit falls back to it.
		layouts.splice(1);
		leaf = { component: (await ERRORS[ERROR_PAGE]()).default, data: merged };
	}
	const page = {
		url: event.url,
		params: event.params,
		route: { id: failure ? null : routeId },
		status,
		error: failure,
		data: merged,
		form: answer?.form ?? null,
		state: {}
	};
	// Imported here, not at the top: openApp() resets the module registry, and the components
	// loaded above must share one instance of Svelte's server runtime with render().
	const { render } = await import('svelte/server');
	const { default: Root } = await import('./Root.svelte');
	const { head, body } = render(Root, {
		props: { layouts, leaf, form: failure ? null : (answer?.form ?? null) },
		context: new Map([['__request__', { page }]])
	});
	let html = TEMPLATE.replace('%sveltekit.head%', head)
		.replace('%sveltekit.body%', body)
		.replaceAll('%sveltekit.assets%', '');
	if (transform) html = (await transform({ html, done: true })) ?? html;
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
