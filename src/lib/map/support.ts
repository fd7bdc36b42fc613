import * as m from '$lib/paraglide/messages';

/** Need ids this browser supported, so "Popieram" remembers its state across popups and visits. */
export const SUPPORTED_KEY = 'mzp_supported';
/** Fired on window whenever a support changes, so every open control for that need follows. */
const CHANGE_EVENT = 'mzp-support-change';

/** Counts the server returned lately, by need id, with the time they came (ms). */
const COUNTS_KEY = 'mzp_support_counts';
/**
 * The public GeoJSON may be cached for up to max-age + stale-while-revalidate (60 s + 600 s), so
 * for that long a count the server returned to this browser is newer than the map's data.
 */
const COUNT_FRESH_MS = 11 * 60_000;

type Counts = Record<string, { count: number; at: number }>;

/** The answer of the support endpoint: the new state and count, or the sentence to show. */
export type SupportResult =
	{ ok: true; supported: boolean; count: number | null } | { ok: false; message: string };

/**
 * Adds (`on`) or withdraws this device's support of a need. A refusal carries the server's own
 * sentence (reload the page for a device cookie, wait after 429, …); a network failure throws.
 */
export async function requestSupport(needId: string, on: boolean): Promise<SupportResult> {
	const response = await fetch(`/api/needs/${encodeURIComponent(needId)}/support`, {
		method: on ? 'POST' : 'DELETE',
		headers: { accept: 'application/json' }
	});
	const body = (await response.json().catch(() => ({}))) as {
		supported?: unknown;
		support_count?: unknown;
		error?: unknown;
	};
	if (!response.ok) {
		return { ok: false, message: typeof body.error === 'string' ? body.error : m.similar_failed() };
	}
	const count = typeof body.support_count === 'number' ? body.support_count : null;
	return { ok: true, supported: body.supported === true, count };
}

function readCounts(): Counts {
	try {
		const raw: unknown = JSON.parse(window.localStorage.getItem(COUNTS_KEY) ?? '{}');
		return raw && typeof raw === 'object' ? (raw as Counts) : {};
	} catch {
		return {};
	}
}

function readSupported(): Set<string> {
	try {
		const raw: unknown = JSON.parse(window.localStorage.getItem(SUPPORTED_KEY) ?? '[]');
		return new Set(Array.isArray(raw) ? raw.filter((id) => typeof id === 'string') : []);
	} catch {
		return new Set();
	}
}

export function isSupported(needId: string): boolean {
	return readSupported().has(needId);
}

function remember(needId: string, supported: boolean, count: number): void {
	const now = Date.now();
	const counts = Object.fromEntries(
		Object.entries(readCounts()).filter(([, entry]) => now - entry.at < COUNT_FRESH_MS)
	);
	counts[needId] = { count, at: now };
	const ids = readSupported();
	if (supported) ids.add(needId);
	else ids.delete(needId);
	try {
		window.localStorage.setItem(SUPPORTED_KEY, JSON.stringify([...ids]));
		window.localStorage.setItem(COUNTS_KEY, JSON.stringify(counts));
	} catch {
		// Storage may be full or blocked; the server still counts the support once per browser.
	}
	window.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: needId }));
}

/** The latest known count: the server's recent answer, else the one from the map data. */
export function supportCount(needId: string, fromData: number): number {
	const entry = readCounts()[needId];
	const fresh = entry && typeof entry.count === 'number' && Date.now() - entry.at < COUNT_FRESH_MS;
	return fresh ? entry.count : fromData;
}

/**
 * "Popieram" for a need, in a map popup or the village list. One support per
 * browser: the server keeps an httpOnly device cookie, so pressing again on another visit cannot
 * count twice. It shows one count: the server's latest when known. Built with DOM APIs because
 * MapLibre popups live outside Svelte.
 */
export function supportControl(
	needId: string,
	initialCount: number,
	/** Id of the need's title, so each of several "Popieram" buttons says which need it is for. */
	describedBy?: string
): HTMLElement {
	let supported = isSupported(needId);
	let count = supportCount(needId, initialCount);
	let thanked = false;
	const box = document.createElement('div');
	box.className = 'map-popup__support';
	box.style.marginTop = '0.5rem';
	const status = document.createElement('p');
	status.setAttribute('role', 'status');
	const button = document.createElement('button');
	button.type = 'button';
	button.className = 'button';
	if (describedBy) button.setAttribute('aria-describedby', describedBy);
	const render = () => {
		button.textContent = supported ? m.popup_support_withdraw() : m.popup_support_button();
		status.textContent =
			supported && thanked
				? m.popup_supported({ count: String(count) })
				: m.popup_support({ count: String(count) });
	};
	render();
	const onChange = (event: Event) => {
		if (!box.isConnected) return window.removeEventListener(CHANGE_EVENT, onChange);
		if (!(event instanceof CustomEvent) || event.detail !== needId) return;
		supported = isSupported(needId);
		count = supportCount(needId, count);
		render();
	};
	window.addEventListener(CHANGE_EVENT, onChange);
	// Every failure is shown in the status line; the click handler does not wait.
	const toggleSupport = async () => {
		button.disabled = true;
		try {
			const result = await requestSupport(needId, !supported);
			if (!result.ok) {
				// The server's sentence: reload the page (no device cookie yet), wait (429), …
				status.textContent = result.message;
				return;
			}
			supported = result.supported;
			thanked = supported;
			if (result.count !== null) count = result.count;
			remember(needId, supported, count);
			render();
		} catch (error) {
			console.error(error);
			status.textContent = m.similar_failed();
		} finally {
			button.disabled = false;
		}
	};
	button.addEventListener('click', () => void toggleSupport());
	box.append(status, button);
	return box;
}
