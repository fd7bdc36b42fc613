import { error, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { dev } from '$app/environment';
import * as m from '$lib/paraglide/messages';
import { getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { bundledMigrationNames, getDatabase, getEnv, getSecrets } from '$lib/server/db';
import { isDatabaseUnavailable } from '$lib/server/db/errors';
import { sqlstateOf } from '$lib/server/db/sqlstate';
import type { Database } from '$lib/server/db/types';
import { resolveAuth } from '$lib/server/auth/session';
import { announceSetupLink } from '$lib/server/auth/setup';
import {
	HEALTH_PATHS,
	migrationVersions,
	probeResponse,
	readiness
} from '$lib/server/runtime/health';
import {
	exitOnStartupFailure,
	installShutdown,
	reportListenFailures
} from '$lib/server/runtime/lifecycle';
import { closePinHub } from '$lib/server/live';
import { startMailer } from '$lib/server/mail/mailer';
import { serveSnapshotRequests } from '$lib/server/backup/snapshot';
import { isSameSite } from '$lib/server/http/origin';
import { kitErrorMessage } from '$lib/server/http/responses';
import { handleSecurityHeaders } from '$lib/server/http/headers';
import { handleInvalidInput, handleNulInUrl } from '$lib/server/http/invalid-input';
import { proxyCheck } from '$lib/server/http/proxy';
import { isApiPath } from '$lib/server/http/api-path';
import { handleCompression } from '$lib/server/http/compress';
import { handleDeviceCookie } from '$lib/server/guard/device-cookie';
import {
	finishUnavailable,
	markUnavailable,
	unavailableResponse
} from '$lib/server/runtime/unavailable';

/**
 * Opens, migrates and seeds the database before the server accepts requests. Every start-up fault
 * (unreachable DATABASE_URL, read-only, locked or corrupt DATA_DIR, failing migration, port in
 * use) prints one line and exits 1 — no stack trace, and the supervisor's restart policy decides
 * what happens next (README, "Running in production").
 */
export const init: ServerInit = async () => {
	if (!dev) reportListenFailures();
	let db: Database;
	try {
		getEnv();
		db = await getDatabase();
		// Cached for requests, so signing links needs no database round trip.
		await getSecrets();
	} catch (e) {
		exitOnStartupFailure(e);
	}
	// A new installation (local accounts, no admin yet): the link that creates the first admin.
	// A failure here leaves the app serving; the next start tries again.
	if (!getEnv().supabase?.anonKey)
		await announceSetupLink(db, getEnv().mail.baseUrl, (line) => console.log(line)).catch(
			(e: unknown) =>
				console.error(`link konfiguracji: ${e instanceof Error ? e.message : String(e)}`)
		);
	// Status e-mails: drains the outbox in the background.
	const stopMailer = startMailer(db, getEnv().mail);
	// Backups of the embedded database while it runs (npm run db:backup asks through a signal).
	serveSnapshotRequests(db, getEnv().dataDir);
	if (!dev) {
		installShutdown({
			streams: closePinHub,
			background: stopMailer,
			database: () => db.close(),
			log: (line) => console.log(line)
		});
		const host =
			process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
		console.log(`Mapa Zasobów i Potrzeb: http://${host}:${process.env.PORT ?? '3000'}/`);
	}
};

/**
 * Unexpected errors: a database that cannot be reached is logged in one line and answered with
 * 503 (the request is marked; handleDatabase rewrites the response). Other server errors are
 * logged with their stack; the client's own errors (404, 413 …) as one line, and errors SvelteKit
 * raises itself get a Polish message (a body over BODY_SIZE_LIMIT: 413 from any form action).
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const line = `[${status}] ${event.request.method} ${event.url.pathname}`;
	if (isDatabaseUnavailable(error)) {
		markUnavailable(event);
		console.error(`${line}: ${error instanceof Error ? error.message : String(error)}`);
		return { message: m.ops_db_unavailable() };
	}
	// The client went away and its request's queries were stopped: nobody reads this answer.
	if (event.request.signal.aborted) console.error(`${line}: client went away`);
	else if (status >= 500) console.error(line, error);
	else console.error(`${line}: ${message}`);
	return { message: kitErrorMessage(status) ?? message };
};

/**
 * /healthz (the process answers) and /readyz (the database answers and has every bundled
 * migration) for a supervisor or load balancer: first in the chain, so they depend on nothing
 * else — no locale, no session, no database access for /healthz.
 */
const handleHealth: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!HEALTH_PATHS.has(path)) return resolve(event);
	if (path === '/healthz') {
		return probeResponse(true, { status: 'ok', uptime_s: Math.round(process.uptime()) });
	}
	const state = await readiness(await getDatabase(), migrationVersions([...bundledMigrationNames]));
	return probeResponse(state.ready, {
		status: state.ready ? 'ok' : 'unavailable',
		database: state.database,
		pending_migrations: state.pending,
		...(state.ready
			? {}
			: {
					// Before the locale middleware: the operator's language, Polish.
					error:
						state.database === 'ok'
							? m.ops_not_ready_migrations({}, { locale: 'pl' })
							: m.ops_not_ready_database({}, { locale: 'pl' }),
					...(state.error ? { detail: state.error } : {})
				})
	});
};

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * SvelteKit's CSRF rule, minus the public write API: a form post to a page (form actions, later
 * the organizer panel with its session cookie) must come from this origin. The machine APIs
 * (/api/*, /open311/*: isApiPath) are open to other clients and rely on no ambient authority: the
 * device cookie and the staff session cookie are SameSite=Lax, so a cross-site POST carries
 * neither.
 */
const handleCsrf: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	const unsafe = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method);
	if (unsafe && FORM_TYPES.includes(type) && !isApiPath(url.pathname)) {
		if (!isSameSite(event)) {
			return new Response('Cross-site form submissions are forbidden', { status: 403 });
		}
	}
	return resolve(event);
};

const handleParaglide: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

const handleDatabase: Handle = async ({ event, resolve }) => {
	const db = await getDatabase();
	const env = getEnv();
	const supabaseAuth =
		env.supabase?.anonKey !== undefined
			? { url: env.supabase.url, anonKey: env.supabase.anonKey, jwtSecret: env.supabase.jwtSecret }
			: undefined;
	let auth: Awaited<ReturnType<typeof resolveAuth>>;
	try {
		auth = await resolveAuth(db, event.cookies, supabaseAuth);
	} catch (e) {
		// Who is asking cannot be known while the database is down: 503 for every request.
		if (isDatabaseUnavailable(e)) return unavailableResponse(event);
		throw e;
	}
	const { claims, user } = auth;
	event.locals.claims = claims;
	event.locals.user = user;
	event.locals.region = env.region;
	event.locals.db = (fn) =>
		db.asUser(claims, fn, event.request.signal).catch((e: unknown) => {
			if (isDatabaseUnavailable(e)) {
				markUnavailable(event);
				console.error(
					`${event.request.method} ${event.url.pathname}: 503, ${(e as Error).message}`
				);
				error(503, m.ops_db_unavailable());
			}
			// 57014 query_canceled: the statement timeout stopped a query (a client that went away
			// cancels its own too, but nobody reads that answer). A clear 503, not a 500.
			if (sqlstateOf(e) === '57014' && !event.request.signal.aborted) {
				console.error(`${event.request.method} ${event.url.pathname}: 503, statement timeout`);
				error(503, m.hotspots_query_timeout());
			}
			throw e;
		});
	return finishUnavailable(event, await resolve(event));
};

export const handle: Handle = sequence(
	handleCompression,
	handleSecurityHeaders,
	handleHealth,
	proxyCheck(() => getEnv().proxy),
	handleCsrf,
	handleDeviceCookie,
	handleParaglide,
	handleNulInUrl,
	handleDatabase,
	handleInvalidInput
);
