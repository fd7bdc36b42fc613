import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { dev } from '$app/environment';
import { getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDatabase, getEnv } from '$lib/server/db';
import { MigrationError } from '$lib/server/db/migrate';
import { resolveAuth } from '$lib/server/auth/session';
import { StartupError } from '$lib/server/db/types';
import { startMailer } from '$lib/server/mail/mailer';
import { serveSnapshotRequests } from '$lib/server/backup/snapshot';
import { isSameSite } from '$lib/server/origin';
import { kitErrorMessage } from '$lib/server/http';
import { handleSecurityHeaders } from '$lib/server/http/headers';
import { handleInvalidInput, handleNulInUrl } from '$lib/server/http/invalid-input';
import { proxyCheck } from '$lib/server/http/proxy';
import { handleDeviceCookie } from '$lib/server/guard/device-cookie';

/**
 * Opens, migrates and seeds the database before the server accepts requests. Known start-up
 * failures (unreachable DATABASE_URL, locked or corrupt DATA_DIR, failing migration) print one
 * line and exit non-zero — no stack trace, no crash loop (issue #2, "Bad input and faults").
 */
export const init: ServerInit = async () => {
	try {
		getEnv();
		await getDatabase();
	} catch (e) {
		if (e instanceof StartupError || e instanceof MigrationError) {
			console.error(`Błąd: ${e.message}`);
			process.exit(1);
		}
		throw e;
	}
	// Status e-mails (issue #4, item 7): drains the outbox in the background.
	const stopMailer = startMailer(await getDatabase(), getEnv().mail);
	serveSnapshotRequests(await getDatabase(), getEnv().dataDir);
	// adapter-node emits this after closing the HTTP server on SIGTERM/SIGINT; an open
	// postgres.js pool or PGlite instance would otherwise keep the process alive.
	process.once('sveltekit:shutdown', () => {
		void stopMailer()
			.then(() => getDatabase())
			.then((db) => db.close());
	});
	if (!dev) {
		const host =
			process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
		console.log(`Mapa Zasobów i Potrzeb: http://${host}:${process.env.PORT ?? '3000'}/`);
	}
};

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * SvelteKit's CSRF rule, minus the public write API: a form post to a page (form actions, later
 * the organizer panel with its session cookie) must come from this origin. /api/* is open to
 * other clients and relies on no ambient authority: the device cookie and the staff session cookie
 * are SameSite=Lax, so a cross-site POST carries neither (issue #4).
 */
const handleCsrf: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	const unsafe = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method);
	if (unsafe && FORM_TYPES.includes(type) && !url.pathname.startsWith('/api/')) {
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
	const { claims, user } = await resolveAuth(db, event.cookies, supabaseAuth);
	event.locals.claims = claims;
	event.locals.user = user;
	event.locals.region = env.region;
	event.locals.db = (fn) => db.asUser(claims, fn);
	return resolve(event);
};

export const handle: Handle = sequence(
	handleSecurityHeaders,
	proxyCheck(() => getEnv().proxy),
	handleCsrf,
	handleDeviceCookie,
	handleParaglide,
	handleNulInUrl,
	handleDatabase,
	handleInvalidInput
);

/**
 * Logs unexpected errors with their stack and the client's own errors (404, 413 …) as one line,
 * and gives errors SvelteKit raises itself a Polish message (a body over BODY_SIZE_LIMIT: 413
 * from any form action).
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const line = `[${status}] ${event.request.method} ${event.url.pathname}`;
	if (status >= 500) console.error(line, error);
	else console.error(`${line}: ${message}`);
	return { message: kitErrorMessage(status) ?? message };
};
