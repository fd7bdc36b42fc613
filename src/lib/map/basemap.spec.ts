import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { bringInBasemap } from './basemap';

// The basemap comes in behind the offline style: a stand-in map records the switch, and a
// stand-in fetch plays the basemap server (answering, refusing, hanging).

const URL = 'https://tiles.example/styles/positron';
const STYLE = { version: 8, name: 'positron', sources: {}, layers: [] };

function fakeMap() {
	const setStyle = vi.fn();
	return { map: { setStyle } as unknown as MapLibreMap, setStyle };
}

/** A fetch that answers `respond()` once `release` is called (never, for a hanging server). */
function serve(respond: () => Response) {
	let release: () => void = () => {};
	const fetch = vi.fn(
		(_url: string, init?: RequestInit) =>
			new Promise<Response>((resolve, reject) => {
				release = () => resolve(respond());
				init?.signal?.addEventListener('abort', () =>
					reject(new DOMException('aborted', 'AbortError'))
				);
			})
	);
	vi.stubGlobal('fetch', fetch);
	return { fetch, release: () => release() };
}

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('bringInBasemap', () => {
	it('switches to the basemap by its URL once a style document arrives', async () => {
		const { map, setStyle } = fakeMap();
		const server = serve(() => Response.json(STYLE));
		const unavailable = vi.fn();
		bringInBasemap(map, URL, 8000, unavailable);
		expect(setStyle).not.toHaveBeenCalled();
		server.release();
		await vi.runAllTimersAsync();
		expect(setStyle).toHaveBeenCalledWith(URL, { diff: false });
		expect(unavailable).not.toHaveBeenCalled();
	});

	it('keeps the offline style for a refusing server or a document that is not a style', async () => {
		for (const respond of [
			() => new Response('nope', { status: 503 }),
			() => Response.json({ hello: 'world' }),
			() => new Response('<html>', { status: 200 })
		]) {
			const { map, setStyle } = fakeMap();
			const server = serve(respond);
			const unavailable = vi.fn();
			bringInBasemap(map, URL, 8000, unavailable);
			server.release();
			await vi.runAllTimersAsync();
			expect(setStyle).not.toHaveBeenCalled();
			expect(unavailable).toHaveBeenCalledOnce();
		}
	});

	it('gives up on a hanging server after the timeout, and ignores a late answer', async () => {
		const { map, setStyle } = fakeMap();
		const server = serve(() => Response.json(STYLE));
		const unavailable = vi.fn();
		bringInBasemap(map, URL, 8000, unavailable);
		await vi.advanceTimersByTimeAsync(7999);
		expect(unavailable).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(1);
		await vi.advanceTimersByTimeAsync(0);
		expect(unavailable).toHaveBeenCalledOnce();
		server.release();
		await vi.runAllTimersAsync();
		expect(setStyle).not.toHaveBeenCalled();
	});

	it('does nothing after its teardown (the map was removed)', async () => {
		const { map, setStyle } = fakeMap();
		const server = serve(() => Response.json(STYLE));
		const unavailable = vi.fn();
		const stop = bringInBasemap(map, URL, 8000, unavailable);
		stop();
		server.release();
		await vi.runAllTimersAsync();
		expect(setStyle).not.toHaveBeenCalled();
		expect(unavailable).not.toHaveBeenCalled();
	});
});
