/**
 * The browser suite runs on E2E_SERVERS copies of the test build, each on its own port and its own
 * embedded database, one per Playwright worker: tests in different workers never share rows,
 * rate-limit counters or settings, as tests in one worker never did (they run one after another).
 * E2E_PORT (default 4173) is the first port; E2E_PORT lets parallel checkouts run side by side.
 */
export const E2E_SERVERS = Number(process.env.E2E_SERVERS ?? 2);
const FIRST_PORT = Number(process.env.E2E_PORT ?? 4173);

/** The origin of the server that Playwright worker `parallelIndex` talks to. */
export function serverUrl(parallelIndex: number): string {
	return `http://127.0.0.1:${FIRST_PORT + (parallelIndex % E2E_SERVERS)}`;
}
