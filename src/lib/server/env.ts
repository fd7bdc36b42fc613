import * as v from 'valibot';
import { StartupError } from './db/types.ts';
import { IntegerText } from './http/params.ts';

/**
 * Environment variables, validated once at start-up (DEVELOPERS.md, habit 2). Read from
 * process.env directly so the CLI scripts (db:migrate, db:seed) share the same rules.
 * Every variable is documented in README.md.
 */
const Flag = v.optional(
	v.picklist(['0', '1', 'true', 'false'], 'DEMO przyjmuje 1 (włączone) albo 0 (wyłączone)')
);

/** A RATE_LIMIT_* variable: comma-separated `count/window` (s, m, h, d), or `off`. */
function limitSpec(name: string, fallback: string) {
	return v.optional(
		v.pipe(
			v.string(),
			v.regex(
				/^(off|\d+\/\d+[smhd](,\d+\/\d+[smhd])*)$/,
				`${name} ma postać np. ${fallback} albo off`
			)
		),
		fallback
	);
}

const EnvSchema = v.object({
	DATABASE_URL: v.optional(
		v.pipe(
			v.string(),
			v.regex(
				/^postgres(ql)?:\/\//,
				'DATABASE_URL musi zaczynać się od postgres:// lub postgresql://'
			)
		)
	),
	DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), '.data'),
	DEMO: Flag,
	REGION: v.optional(
		v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,60}$/, 'REGION to nazwa katalogu w data/regions')),
		'kramsk'
	),
	// Limits of the guarded public writes, copied into private.rate_rules at start.
	RATE_LIMIT_REPORTS: limitSpec('RATE_LIMIT_REPORTS', '5/10m,20/1d'),
	RATE_LIMIT_REPORTS_IP: limitSpec('RATE_LIMIT_REPORTS_IP', '30/10m,200/1d'),
	RATE_LIMIT_CONSULTATION: limitSpec('RATE_LIMIT_CONSULTATION', '10/10m'),
	RATE_LIMIT_CONSULTATION_IP: limitSpec('RATE_LIMIT_CONSULTATION_IP', '600/10m'),
	RATE_LIMIT_NEW_DEVICES: limitSpec('RATE_LIMIT_NEW_DEVICES', '120/10m,600/1d'),
	PUBLIC_SUPABASE_URL: v.optional(
		v.pipe(v.string(), v.url('PUBLIC_SUPABASE_URL musi być adresem URL projektu Supabase'))
	),
	PUBLIC_SUPABASE_ANON_KEY: v.optional(
		v.pipe(v.string(), v.minLength(20, 'PUBLIC_SUPABASE_ANON_KEY jest za krótki'))
	),
	SUPABASE_JWT_SECRET: v.optional(
		v.pipe(v.string(), v.minLength(32, 'SUPABASE_JWT_SECRET ma co najmniej 32 znaki'))
	),
	SUPABASE_SERVICE_ROLE_KEY: v.optional(
		v.pipe(v.string(), v.minLength(20, 'SUPABASE_SERVICE_ROLE_KEY jest za krótki'))
	),
	SUPABASE_PHOTO_BUCKET: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^[a-z0-9-]{3,63}$/, 'SUPABASE_PHOTO_BUCKET to nazwa kubełka Storage')
		),
		'need-photos'
	),
	PUBLIC_BASEMAP_STYLE_URL: v.optional(
		v.union([
			v.literal('offline'),
			v.pipe(v.string(), v.url('PUBLIC_BASEMAP_STYLE_URL musi być adresem URL albo "offline"'))
		]),
		'https://tiles.openfreemap.org/styles/positron'
	),
	// Notifications. Without SMTP, messages stay in the outbox (/panel/poczta).
	SMTP_URL: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL ma postać smtp://użytkownik:hasło@host:587')
		)
	),
	SMTP_HOST: v.optional(
		v.pipe(v.string(), v.regex(/^[A-Za-z0-9.:[\]-]{1,253}$/, 'SMTP_HOST to nazwa lub adres hosta'))
	),
	SMTP_PORT: v.optional(IntegerText(1, 65535, 'SMTP_PORT to numer portu')),
	SMTP_USER: v.optional(v.string()),
	SMTP_PASSWORD: v.optional(v.string()),
	SMTP_SECURE: v.optional(
		v.picklist(['0', '1', 'true', 'false'], 'SMTP_SECURE przyjmuje 1 (TLS od początku) albo 0')
	),
	MAIL_FROM: v.optional(
		v.pipe(
			v.string(),
			v.regex(
				/^([^<>\r\n]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)$/,
				'MAIL_FROM ma postać adres@domena albo Nazwa <adres@domena>'
			)
		)
	),
	PUBLIC_BASE_URL: v.optional(
		v.pipe(v.string(), v.url('PUBLIC_BASE_URL musi być adresem URL aplikacji'))
	),
	ORIGIN: v.optional(v.pipe(v.string(), v.url('ORIGIN musi być adresem URL aplikacji'))),
	PORT: v.optional(v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'PORT to numer portu'))),
	// Behind a reverse proxy (read by adapter-node itself; validated here so a typo stops the start
	// instead of failing every request that needs the client's address).
	ADDRESS_HEADER: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^[A-Za-z0-9-]{1,64}$/, 'ADDRESS_HEADER to nazwa nagłówka, np. X-Forwarded-For')
		)
	),
	// Open311 GeoReport v2 clients: unset, POST requests.json needs no key (the spec's api_key is
	// optional); set, a POST must carry it as `api_key`.
	OPEN311_API_KEY: v.optional(
		v.pipe(v.string(), v.minLength(16, 'OPEN311_API_KEY ma co najmniej 16 znaków'))
	),
	XFF_DEPTH: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^[1-9]\d{0,1}$/, 'XFF_DEPTH to liczba zaufanych serwerów proxy (1, 2 …)'),
			v.transform(Number)
		),
		'1'
	)
});

export interface AppEnv {
	databaseUrl: string | undefined;
	dataDir: string;
	/** Load the fictional demo data set: default on for the embedded database only. */
	demo: boolean;
	region: string;
	basemapStyleUrl: string;
	/** Sliding windows of the guarded public writes (private.rate_rules); empty = off. */
	rateLimits: RateLimits;
	/** Supabase project: photos in Storage with the service key, sign-in with the anon key. */
	supabase:
		| {
				url: string;
				serviceRoleKey: string | undefined;
				photoBucket: string;
				/** With the anon key, sign-in goes through Supabase Auth. */
				anonKey: string | undefined;
				/** HS256 projects; without it tokens are checked against the project's JWKS. */
				jwtSecret: string | undefined;
		  }
		| undefined;
	/** Status e-mails to reporters. */
	mail: MailEnv;
	/** adapter-node's client-address settings behind a reverse proxy (README). */
	proxy: ProxyEnv;
	/** The key an Open311 POST must carry; undefined: none needed. */
	open311ApiKey: string | undefined;
}

export interface ProxyEnv {
	/** Lower-case header carrying the client's address; undefined: the TCP peer is the client. */
	addressHeader: string | undefined;
	/** With X-Forwarded-For: how many trusted proxies append to it (the n-th address from the right). */
	xffDepth: number;
}

export interface MailEnv {
	/** undefined: no SMTP server; messages are kept in the outbox for admins to read. */
	smtp: SmtpConfig | undefined;
	from: string;
	/** Public address of the app for links in messages, without a trailing slash. */
	baseUrl: string;
}

export type SmtpConfig =
	| { url: string }
	| { host: string; port: number; secure: boolean; user?: string; password?: string };

export interface RateLimit {
	count: number;
	seconds: number;
}

export interface RateLimits {
	/** Reports and volunteer sign-ups per browser (RATE_LIMIT_REPORTS). */
	reports: RateLimit[];
	/** The same per network address (RATE_LIMIT_REPORTS_IP). */
	reportsIp: RateLimit[];
	/** Live consultation answers per browser and session (RATE_LIMIT_CONSULTATION). */
	consultation: RateLimit[];
	/** Live consultation answers per network address and session (RATE_LIMIT_CONSULTATION_IP). */
	consultationIp: RateLimit[];
	/** New browser identities per network address (RATE_LIMIT_NEW_DEVICES). */
	newDevices: RateLimit[];
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

export function parseRateLimits(spec: string): RateLimit[] {
	if (spec === 'off') return [];
	return spec.split(',').map((part) => {
		const [count, window] = part.split('/');
		const unit = window.slice(-1) as keyof typeof UNIT_SECONDS;
		return { count: Number(count), seconds: Number(window.slice(0, -1)) * UNIT_SECONDS[unit] };
	});
}

export function readEnv(source: Record<string, string | undefined> = process.env): AppEnv {
	const blankless = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
	const result = v.safeParse(EnvSchema, blankless);
	if (!result.success) {
		const issue = result.issues[0];
		const key = issue.path?.map((p) => String(p.key)).join('.') ?? '';
		throw new StartupError(`Nieprawidłowa zmienna środowiskowa ${key}: ${issue.message}`);
	}
	const env = result.output;
	const demoFlag = env.DEMO === undefined ? undefined : env.DEMO === '1' || env.DEMO === 'true';
	return {
		databaseUrl: env.DATABASE_URL,
		dataDir: env.DATA_DIR,
		demo: demoFlag ?? env.DATABASE_URL === undefined,
		region: env.REGION,
		basemapStyleUrl: env.PUBLIC_BASEMAP_STYLE_URL,
		rateLimits: {
			reports: parseRateLimits(env.RATE_LIMIT_REPORTS),
			reportsIp: parseRateLimits(env.RATE_LIMIT_REPORTS_IP),
			consultation: parseRateLimits(env.RATE_LIMIT_CONSULTATION),
			consultationIp: parseRateLimits(env.RATE_LIMIT_CONSULTATION_IP),
			newDevices: parseRateLimits(env.RATE_LIMIT_NEW_DEVICES)
		},
		supabase: env.PUBLIC_SUPABASE_URL
			? {
					url: env.PUBLIC_SUPABASE_URL,
					serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
					photoBucket: env.SUPABASE_PHOTO_BUCKET,
					anonKey: env.PUBLIC_SUPABASE_ANON_KEY,
					jwtSecret: env.SUPABASE_JWT_SECRET
				}
			: undefined,
		mail: mailEnv(env),
		proxy: { addressHeader: env.ADDRESS_HEADER?.toLowerCase(), xffDepth: env.XFF_DEPTH },
		open311ApiKey: env.OPEN311_API_KEY
	};
}

const DEFAULT_FROM = 'Mapa Zasobów i Potrzeb <powiadomienia@localhost>';

function mailEnv(env: v.InferOutput<typeof EnvSchema>): MailEnv {
	const secure = env.SMTP_SECURE === '1' || env.SMTP_SECURE === 'true';
	const smtp: SmtpConfig | undefined = env.SMTP_URL
		? { url: env.SMTP_URL }
		: env.SMTP_HOST
			? {
					host: env.SMTP_HOST,
					port: env.SMTP_PORT ?? (secure ? 465 : 587),
					secure,
					user: env.SMTP_USER,
					password: env.SMTP_PASSWORD
				}
			: undefined;
	if (smtp && !env.MAIL_FROM) {
		throw new StartupError(
			'Brak zmiennej MAIL_FROM: ustaw adres nadawcy powiadomień, gdy podany jest serwer SMTP.'
		);
	}
	const base = env.PUBLIC_BASE_URL ?? env.ORIGIN ?? `http://localhost:${env.PORT ?? '3000'}`;
	return { smtp, from: env.MAIL_FROM ?? DEFAULT_FROM, baseUrl: base.replace(/\/+$/, '') };
}
