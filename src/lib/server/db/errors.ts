/**
 * The one place that decides whether a database failure means "the database is unreachable right
 * now" (answer 503 and retry later) rather than "this request is wrong" or "this is a bug".
 */

import { sqlstateOf } from './sqlstate.ts';

/** Socket errors from Node.js: the server is down, restarting or unreachable. */
const SOCKET_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN'
]);

/** postgres.js's own codes for a connection that was lost, ended or never made. */
const DRIVER_CODES = new Set([
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'QUEUE_TIMEOUT',
	'CANCEL_UNANSWERED'
]);

/**
 * SQLSTATEs (PostgreSQL manual, appendix A "Error Codes"): 57P01 admin_shutdown
 * (pg_terminate_backend, a fast shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now (the
 * server is starting up or shutting down), 53300 too_many_connections; class 08 is "connection
 * exception" as a whole.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Raised by the backends instead of a driver error when the database cannot be reached. */
export class DatabaseUnavailableError extends Error {
	override name = 'DatabaseUnavailableError';
	readonly code = 'DATABASE_UNAVAILABLE';
	constructor(cause: unknown) {
		super(
			`Baza danych jest chwilowo niedostępna (${describe(cause)}).`,
			cause === undefined ? undefined : { cause }
		);
	}
}

function describe(e: unknown): string {
	if (e instanceof Error) {
		const code = (e as { code?: unknown }).code;
		return typeof code === 'string' && !e.message.includes(code)
			? `${code}: ${e.message}`
			: e.message;
	}
	return String(e);
}

/** True when `e` (or an error it wraps as `cause`) says the database is unreachable right now. */
export function isDatabaseUnavailable(e: unknown): boolean {
	for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
		if (e instanceof DatabaseUnavailableError) return true;
		const code = sqlstateOf(e);
		if (code !== null) {
			if (SOCKET_CODES.has(code) || DRIVER_CODES.has(code) || SQLSTATES.has(code)) return true;
			if (/^08[0-9A-Z]{3}$/.test(code)) return true;
		}
		// Node.js reports a refused connection to every address of a host as one AggregateError.
		if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner)))
			return true;
		e = (e as { cause?: unknown }).cause;
	}
	return false;
}

/** Passes other errors through; turns a connection failure into a DatabaseUnavailableError. */
export function classifyDatabaseError(e: unknown): unknown {
	return !(e instanceof DatabaseUnavailableError) && isDatabaseUnavailable(e)
		? new DatabaseUnavailableError(e)
		: e;
}

/**
 * The one line an operator sees when the server or a CLI script cannot start: the message of a
 * known fault (StartupError, MigrationError), otherwise the error's message with PostgreSQL's
 * `where` when there is one. The stack trace only with DEBUG set.
 */
export function startupFailureLine(e: unknown): string {
	const message = e instanceof Error ? e.message : String(e);
	const where = (e as { where?: unknown }).where;
	const context = typeof where === 'string' && where ? ` (${where.split('\n')[0]})` : '';
	return `Błąd: ${message}${context}`.replace(/\s*\n\s*/g, ' ');
}
