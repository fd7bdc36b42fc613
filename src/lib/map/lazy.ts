// When a page that shows a static map first is to bring in MapLibre (about 440 KB gzipped, and
// seconds of main-thread work on a slow phone). The first screen is complete without it, so it
// loads only once it is wanted:
// - at once when the person turns to the map: points at it, touches it, scrolls it or moves
//   the keyboard focus into it;
// - otherwise once the map is in view and the page has loaded and been idle for a while, so the
//   page's own scripts, styles and data come first (requestIdleCallback, W3C Cooperative
//   Scheduling of Background Tasks);
// - never by itself on a touch-first device (its primary pointer is coarse, Media Queries
//   Level 4 `pointer`), when the person asked to save data (the Save-Data client hint, exposed
//   as navigator.connection.saveData, Network Information API) or on a 2G connection: there the
//   static map is the map until it is touched. A phone is where MapLibre's download and its
//   seconds of main-thread work cost most, and where the static map's village links already do
//   what most visitors came for; the first touch brings the interactive map.

/** What the person does that means they want the map now. */
const INTENT_EVENTS = ['pointerenter', 'pointerdown', 'touchstart', 'wheel', 'focusin'] as const;

/** After the load event, this long before the browser's next idle period is used. */
export const IDLE_DELAY_MS = 2000;
/** requestIdleCallback's deadline: a busy page still gets its map. */
const IDLE_TIMEOUT_MS = 3000;

interface NetworkInformation {
	saveData?: boolean;
	effectiveType?: string;
}

/** True where the map should wait to be touched: Save-Data, or a 2G connection. */
export function savesData(nav: Navigator = navigator): boolean {
	const connection = (nav as Navigator & { connection?: NetworkInformation }).connection;
	if (!connection) return false;
	return connection.saveData === true || /(^|-)2g$/.test(connection.effectiveType ?? '');
}

/** True where the map loads only when touched: a touch-first device, or one that saves data. */
export function waitsForTouch(nav: Navigator = navigator, win: Window = window): boolean {
	const coarse =
		typeof win.matchMedia === 'function' && win.matchMedia('(pointer: coarse)').matches;
	return coarse || savesData(nav);
}

/**
 * Calls `start` once, when the map in `element` is wanted (see above); returns the cleanup,
 * which also cancels a start not yet made.
 */
export function whenWanted(element: HTMLElement, start: () => void): () => void {
	let done = false;
	const cleanups: (() => void)[] = [];
	const cleanup = () => {
		done = true;
		for (const undo of cleanups.splice(0)) undo();
	};
	const go = () => {
		if (done) return;
		cleanup();
		start();
	};

	for (const type of INTENT_EVENTS) {
		element.addEventListener(type, go, { passive: true });
		cleanups.push(() => element.removeEventListener(type, go));
	}
	if (waitsForTouch()) return cleanup;

	const whenIdle = () => {
		if (done) return;
		const delay = setTimeout(() => {
			if (typeof requestIdleCallback === 'function') {
				const idle = requestIdleCallback(go, { timeout: IDLE_TIMEOUT_MS });
				cleanups.push(() => cancelIdleCallback(idle));
			} else go();
		}, IDLE_DELAY_MS);
		cleanups.push(() => clearTimeout(delay));
	};
	const afterLoad = () => {
		if (document.readyState === 'complete') whenIdle();
		else {
			window.addEventListener('load', whenIdle, { once: true });
			cleanups.push(() => window.removeEventListener('load', whenIdle));
		}
	};
	if (typeof IntersectionObserver === 'function') {
		const observer = new IntersectionObserver((entries) => {
			if (!entries.some((entry) => entry.isIntersecting)) return;
			observer.disconnect();
			afterLoad();
		});
		observer.observe(element);
		cleanups.push(() => observer.disconnect());
	} else afterLoad();
	return cleanup;
}
