import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { normalizeCode, type PinFeature } from '$lib/live/types';
import { pinHub } from '$lib/server/live';
import { consultationByCode, consultationPins } from '$lib/server/live/queries';

/** A comment line every 15 s keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events of a live consultation (issue #5): first `pins` with the public answers so
 * far, then one `pin` per answer that becomes public (LISTEN/NOTIFY through the process's hub).
 * Public data only, read as anon through RLS.
 */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const code = normalizeCode(params.code);
	if (!code) error(404, m.live_not_found());
	const session = await locals.db((tx) => consultationByCode(tx, locals.region, code));
	if (!session) error(404, m.live_not_found());
	const hub = await pinHub();
	const encoder = new TextEncoder();
	let stop: (() => void) | null = null;

	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			let closed = false;
			const send = (text: string) => {
				if (closed) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					stop?.();
				}
			};
			// Subscribed before the first read: a pin committed in between is in one or both, and
			// the page keeps each id once.
			const unsubscribe = await hub.subscribe(code, (pin: PinFeature) =>
				send(`event: pin\nid: ${pin.properties.id}\ndata: ${JSON.stringify(pin)}\n\n`)
			);
			const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
			stop = () => {
				if (closed) return;
				closed = true;
				clearInterval(heartbeat);
				unsubscribe();
				request.signal.removeEventListener('abort', onAbort);
				try {
					controller.close();
				} catch {
					// Already closed by the client.
				}
			};
			const onAbort = () => stop?.();
			request.signal.addEventListener('abort', onAbort);
			if (request.signal.aborted) return stop();
			try {
				const initial = await locals.db((tx) => consultationPins(tx, code, null));
				send(`retry: 2000\nevent: pins\ndata: ${JSON.stringify(initial)}\n\n`);
			} catch (e) {
				console.error('consultation stream: initial pins failed', e);
				stop();
			}
		},
		cancel() {
			stop?.();
		}
	});

	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-store, no-transform',
			// nginx and similar proxies would otherwise buffer the stream.
			'x-accel-buffering': 'no'
		}
	});
};
