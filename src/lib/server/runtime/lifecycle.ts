import { startupFailureLine } from '../db/errors.ts';

/**
 * Start-up and shutdown of the production server (adapter-node), kept out of the hooks file.
 *
 * Start-up: every fault before the server listens (unreachable DATABASE_URL, read-only or locked
 * DATA_DIR, failing migration, port in use …) prints one line and exits 1, so a supervisor's log
 * says what to fix and its restart policy takes over.
 */
export function exitOnStartupFailure(e: unknown): never {
	console.error(startupFailureLine(e));
	if (process.env.DEBUG) console.error(e);
	process.exit(1);
}

/** True for the error Node.js throws when the HTTP server cannot listen (EADDRINUSE, EACCES …). */
function isListenError(e: unknown): e is NodeJS.ErrnoException {
	return e instanceof Error && (e as NodeJS.ErrnoException).syscall === 'listen';
}

/**
 * adapter-node listens after the init hook, and a failing listen is an unhandled 'error' event.
 * That one becomes a one-line message too; any other uncaught exception still ends the process
 * with its stack trace, as Node.js does by default.
 */
export function reportListenFailures(): void {
	process.on('uncaughtException', (e) => {
		if (isListenError(e)) {
			const address = `${process.env.HOST ?? '0.0.0.0'}:${process.env.PORT ?? '3000'}`;
			exitOnStartupFailure(
				new Error(
					`Nie można nasłuchiwać na ${address} (${e.code}). ` +
						'Zatrzymaj proces, który używa tego portu, albo ustaw inny PORT.'
				)
			);
		}
		console.error(e);
		process.exit(1);
	});
}

/** Function properties, not methods: each step is called on its own, without `this`. */
export interface ShutdownSteps {
	/** At the signal: end streams that never end by themselves (SSE), with a reconnect hint. */
	streams: () => Promise<void>;
	/** After the last request: background work (the mailer). */
	background: () => Promise<void>;
	/** Last: the database (postgres.js pool, or PGlite and its directory lock). */
	database: () => Promise<void>;
	log: (line: string) => void;
}

/**
 * Graceful shutdown on SIGTERM (systemd, Docker) and SIGINT (Ctrl-C). adapter-node stops
 * accepting connections, lets requests in flight finish (at most SHUTDOWN_TIMEOUT seconds, 30 by
 * default) and then emits 'sveltekit:shutdown'. Open SSE streams would hold it for that whole
 * time, so they are ended at the signal; the database closes after the last request.
 */
export function installShutdown(steps: ShutdownSteps): void {
	let stopping = false;
	const onSignal = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		steps.log(`${signal}: zatrzymywanie serwera — kończenie trwających żądań…`);
		steps.streams().catch((e: unknown) => steps.log(`zamykanie strumieni: ${String(e)}`));
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGINT', onSignal);
	process.once('sveltekit:shutdown', () => {
		void (async () => {
			for (const [name, step] of [
				['zadania w tle', steps.background],
				['baza danych', steps.database]
			] as const) {
				try {
					await step();
				} catch (e) {
					steps.log(`zamykanie (${name}): ${e instanceof Error ? e.message : String(e)}`);
				}
			}
			steps.log('Serwer zatrzymany.');
			// Nothing should be left running; if a library keeps a handle open, do not hang the
			// supervisor until it sends SIGKILL.
			setTimeout(() => process.exit(0), 2_000).unref();
		})();
	});
}
