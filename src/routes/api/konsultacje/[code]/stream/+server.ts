import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { normalizeCode, type PinFeature } from '$lib/live/types';
import { pinHub } from '$lib/server/live';
import { consultationByCode, consultationPins } from '$lib/server/live/queries';

/** A comment line every 15 s keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** The EventSource's reconnection delay (the `retry:` field of the SSE format, WHATWG HTML §9.2). */
const RETRY_MS = 2_000;
/** On server shutdown: reconnect after the restart a supervisor makes (systemd, Docker). */
const RESTART_RETRY_MS = 5_000;

/**
 * Server-Sent Events of a live consultation: first `pins` with the public answers so
 * far, then one `pin` per answer that becomes public (LISTEN/NOTIFY through the process's hub).
 * Public data only, read as anon through RLS. On shutdown the stream ends with a `retry:` hint,
 * so the browser's EventSource connects again to the restarted server.
 */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const code = normalizeCode(params.code);
	if (!code) error(404, m.live_not_found());
	const session = await locals.db((tx) => consultationByCode(tx, locals.region, code));
	if (!session) error(404, m.live_not_found());
	const hub = await pinHub();
	if (hub.closed) error(503, m.ops_db_unavailable());
	const encoder = new TextEncoder();

	let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
	let closed = false;
	let heartbeat: ReturnType<typeof setInterval> | undefined;
	let unsubscribe = () => {};
	const send = (text: string) => {
		if (closed || !controller) return;
		try {
			controller.enqueue(encoder.encode(text));
		} catch {
			stop();
		}
	};
	function stop() {
		if (closed) return;
		closed = true;
		clearInterval(heartbeat);
		unsubscribe();
		request.signal.removeEventListener('abort', stop);
		try {
			controller?.close();
		} catch {
			// Already closed by the client.
		}
	}

	// Subscribed before the first read: a pin committed in between is in one or both, and the page
	// keeps each id once. A failure here (database unreachable) is an ordinary 503 response.
	unsubscribe = await hub.subscribe(
		code,
		(pin: PinFeature) =>
			send(`event: pin\nid: ${pin.properties.id}\ndata: ${JSON.stringify(pin)}\n\n`),
		() => {
			send(`retry: ${RESTART_RETRY_MS}\n\n`);
			stop();
		}
	);

	const stream = new ReadableStream<Uint8Array>({
		async start(c) {
			controller = c;
			heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
			request.signal.addEventListener('abort', stop);
			if (request.signal.aborted) return stop();
			try {
				const initial = await locals.db((tx) => consultationPins(tx, code, null));
				send(`retry: ${RETRY_MS}\nevent: pins\ndata: ${JSON.stringify(initial)}\n\n`);
			} catch (e) {
				// The EventSource reconnects after `retry` and reads the pins again.
				console.error('consultation stream: initial pins failed', e);
				send(`retry: ${RESTART_RETRY_MS}\n\n`);
				stop();
			}
		},
		cancel() {
			stop();
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
