import { expect, type Page, type Request, type Response } from '@playwright/test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Map as MapLibreMap } from 'maplibre-gl';

/** The test build exposes the MapLibre map as window.__map (import.meta.env.MODE === 'test'). */
export type TestWindow = Window & { __map?: MapLibreMap };

export type BBox = [number, number, number, number];

interface VillageFeature {
	id: number;
	properties: { name: string; slug: string };
	geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** Waits until the map has its village areas drawn and nothing is loading or moving. */
export async function waitForMapIdle(page: Page, layerId = 'villages-fill'): Promise<void> {
	await page.waitForFunction(
		(layer) => {
			const map = (window as TestWindow).__map;
			// The home page shows a static map first and loads MapLibre only when it is wanted
			// ($lib/map/lazy.ts), by itself only seconds after the page is idle: the test asks for
			// it as a person does, by pointing at the map (until the page's listeners are on).
			if (!map)
				for (const view of document.querySelectorAll('.map-view'))
					view.dispatchEvent(new PointerEvent('pointerenter'));
			// Ready as a person sees it: the static map has made way for MapLibre's canvas.
			const covered = document.querySelector('.map-placeholder') !== null;
			return Boolean(map && map.getLayer(layer) && map.loaded() && !map.isMoving() && !covered);
		},
		layerId,
		{ timeout: 45_000 }
	);
	// One more 'idle' after the check above, so symbols placed in the last frame count as rendered.
	await page.evaluate(
		() =>
			new Promise<void>((resolve) => {
				const map = (window as TestWindow).__map;
				if (!map) return resolve();
				map.once('idle', () => resolve());
				map.triggerRepaint();
			})
	);
}

export async function mapCenter(page: Page): Promise<{ lng: number; lat: number }> {
	return page.evaluate(() => {
		const map = (window as TestWindow).__map;
		if (!map) throw new Error('window.__map is missing: is this the test build?');
		const { lng, lat } = map.getCenter();
		return { lng, lat };
	});
}

/** Great-circle distance in metres. */
export function distanceMetres(a: { lng: number; lat: number }, b: { lng: number; lat: number }) {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLng = (b.lng - a.lng) * rad;
	const h =
		Math.sin(dLat / 2) ** 2 +
		Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
	return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export function inside(point: { lng: number; lat: number }, [w, s, e, n]: BBox): boolean {
	return point.lng >= w && point.lng <= e && point.lat >= s && point.lat <= n;
}

/** Village areas as the API serves them, with each area's bounding box. */
export async function fetchVillages(page: Page) {
	const response = await page.request.get('/api/villages.geojson');
	expect(response.ok()).toBe(true);
	const collection: { features: VillageFeature[] } = await response.json();
	return collection.features.map((feature) => {
		const coordinates = feature.geometry.coordinates.flat(2);
		const lngs = coordinates.map(([lng]) => lng);
		const lats = coordinates.map(([, lat]) => lat);
		const bbox: BBox = [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
		return { id: feature.id, name: feature.properties.name, slug: feature.properties.slug, bbox };
	});
}

/** Collects page errors and CSP violations; the list must stay empty. */
export function collectProblems(page: Page): string[] {
	const problems: string[] = [];
	page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
	page.on('console', (message) => {
		if (message.type() === 'error' && /content security policy/i.test(message.text()))
			problems.push(`csp: ${message.text()}`);
	});
	return problems;
}

/** How long the network must stay quiet before a page counts as settled. */
const QUIET_MS = 150;

/**
 * Opens `url` and waits until the page has settled: no request of its own in flight for
 * QUIET_MS (module chunks, and the data lists and maps fetch after them; live event streams,
 * which never end, left out), then until the app has hydrated and, where the page has a map, the
 * map has loaded its sources and stands still. Playwright's 'networkidle' waits a fixed 500 ms of silence
 * instead, which on pages without client-side data was most of a page visit.
 */
export async function gotoSettled(page: Page, url: string): Promise<Response | null> {
	const inflight = new Set<Request>();
	let changed = Date.now();
	const started = (request: Request) => {
		if (request.headers()['accept'] === 'text/event-stream') return;
		inflight.add(request);
		changed = Date.now();
	};
	const ended = (request: Request) => {
		if (inflight.delete(request)) changed = Date.now();
	};
	page.on('request', started);
	page.on('requestfinished', ended);
	page.on('requestfailed', ended);
	try {
		const response = await page.goto(url);
		const deadline = Date.now() + 30_000;
		while ((inflight.size > 0 || Date.now() - changed < QUIET_MS) && Date.now() < deadline)
			await sleep(25);
		// SvelteKit's inline start script defines `__sveltekit_<version>`; without it the page's
		// JavaScript is off (a no-JS test): no app starts and no map loads.
		const scripted = await page.evaluate(() =>
			Object.keys(window).some((key) => key.startsWith('__sveltekit_'))
		);
		if (scripted)
			await page.waitForFunction(
				() => {
					// Set by the root layout of the test build once the app has hydrated.
					if (!('started' in document.documentElement.dataset)) return false;
					if (!document.querySelector('.map-canvas')) return true;
					const map = (window as TestWindow).__map;
					// A lazily loaded map is asked for as waitForMapIdle does.
					if (!map)
						for (const view of document.querySelectorAll('.map-view'))
							view.dispatchEvent(new PointerEvent('pointerenter'));
					return Boolean(map && map.loaded() && !map.isMoving());
				},
				undefined,
				{ timeout: 45_000 }
			);
		return response;
	} finally {
		page.off('request', started);
		page.off('requestfinished', ended);
		page.off('requestfailed', ended);
	}
}
