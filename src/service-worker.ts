/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
// Makes the app installable and the report form usable without a connection.
// Reports themselves never go through here: the page queues them in IndexedDB and sends them.
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const APP_CACHE = `app-${version}`;
const RUNTIME_CACHE = `runtime-${version}`;

/** Code, styles, glyphs and icons: everything the built app needs, fetched once per version. */
const ASSETS = [...build, ...files.filter((path) => !/\.(md|txt)$/.test(path))];
const ASSET_SET = new Set(ASSETS);

/**
 * Pages and data worth having before the first offline moment: the report form, the map page
 * and the boundary the form checks points against. Best effort: the shell must not depend on them.
 */
const WARM = ['/zglos', '/', '/api/region.geojson'];

/**
 * What is worth keeping for offline use besides the assets: pages (and their data) and the map's
 * GeoJSON. Searches and hints change with every keystroke and would only fill the cache.
 */
function keepsOffline(request: Request, url: URL): boolean {
	return (
		request.mode === 'navigate' ||
		url.pathname.endsWith('/__data.json') ||
		url.pathname.endsWith('.geojson') ||
		url.pathname === '/api/categories'
	);
}

/** On a weak line a cached page now beats a fresh one much later. */
const NETWORK_TIMEOUT_MS = 6000;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(APP_CACHE);
			await cache.addAll(ASSETS);
			await Promise.all(WARM.map((path) => cache.add(path).catch(() => undefined)));
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys())
				if (key !== APP_CACHE && key !== RUNTIME_CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

function cacheable(response: Response): boolean {
	const control = response.headers.get('cache-control') ?? '';
	return response.status === 200 && response.type === 'basic' && !/no-store|private/.test(control);
}

/** SvelteKit asks for page data with a changing ?x-sveltekit-invalidated=… suffix. */
function matchOptions(url: URL, request: Request): CacheQueryOptions {
	return { ignoreSearch: request.mode === 'navigate' || url.pathname.endsWith('/__data.json') };
}

async function cached(request: Request, url: URL): Promise<Response | undefined> {
	const options = matchOptions(url, request);
	const runtime = await caches.open(RUNTIME_CACHE);
	return (await runtime.match(request, options)) ?? (await caches.match(request, options));
}

function offlinePage(): Response {
	const html = `<!doctype html><html lang="pl"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Brak połączenia — Mapa Zasobów i Potrzeb</title>
<body style="font-family: system-ui, sans-serif; font-size: 1.1rem; line-height: 1.5; padding: 1rem; max-width: 40rem; margin: 0 auto">
<h1>Brak połączenia z internetem</h1>
<p>Tej strony nie ma jeszcze w pamięci urządzenia. Zgłoszenie możesz wypełnić także bez zasięgu — wyśle się samo, gdy wróci internet.</p>
<p><a href="/zglos">Zgłoś potrzebę lub pomysł</a></p>
<p lang="en">You are offline. You can still <a href="/zglos">report a need or idea</a>; it is sent when the connection returns.</p>
</body></html>`;
	return new Response(html, {
		status: 503,
		headers: { 'content-type': 'text/html; charset=utf-8' }
	});
}

/**
 * Network first, so residents see current data; the cached copy when the network fails or is
 * too slow, while the network answer still refreshes the cache in the background.
 */
async function networkFirst(event: FetchEvent, url: URL): Promise<Response> {
	const { request } = event;
	const network = fetch(request).then(async (response) => {
		if (cacheable(response)) {
			const cache = await caches.open(RUNTIME_CACHE);
			await cache.put(request, response.clone());
		}
		return response;
	});
	event.waitUntil(network.then(() => undefined).catch(() => undefined));
	const fallback = await cached(request, url);
	if (!fallback) {
		try {
			return await network;
		} catch {
			return request.mode === 'navigate' ? offlinePage() : Response.error();
		}
	}
	const timeout = new Promise<Response>((resolve) =>
		setTimeout(() => resolve(fallback), NETWORK_TIMEOUT_MS)
	);
	return Promise.race([network.catch(() => fallback), timeout]);
}

async function cacheFirst(request: Request): Promise<Response> {
	const hit = await caches.match(request);
	if (hit) return hit;
	const response = await fetch(request);
	if (cacheable(response)) {
		const cache = await caches.open(APP_CACHE);
		await cache.put(request, response.clone());
	}
	return response;
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	// Reports (POST), support clicks and other writes go straight to the server.
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	// Basemap tiles and other hosts: left to the browser and their own caching rules.
	if (url.origin !== sw.location.origin) return;
	// Private status links and their photos are answered with no-store: never kept here.
	if (url.pathname.startsWith('/zgloszenie/') || url.pathname.startsWith('/media/')) return;
	if (ASSET_SET.has(url.pathname)) {
		event.respondWith(cacheFirst(request));
		return;
	}
	if (keepsOffline(request, url)) event.respondWith(networkFirst(event, url));
});
