import * as v from 'valibot';
import { StartupError } from './db/types.ts';

/**
 * Environment variables, validated once at start-up (DEVELOPERS.md, habit 2). Read from
 * process.env directly so the CLI scripts (db:migrate, db:seed) share the same rules.
 * Every variable is documented in README.md.
 */
const Flag = v.optional(
	v.picklist(['0', '1', 'true', 'false'], 'DEMO przyjmuje 1 (włączone) albo 0 (wyłączone)')
);

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
	RATE_LIMIT_REPORTS: v.optional(
		v.pipe(
			v.string(),
			v.regex(
				/^(off|\d+\/\d+[smhd](,\d+\/\d+[smhd])*)$/,
				'RATE_LIMIT_REPORTS ma postać np. 5/10m,20/1d albo off'
			)
		),
		'5/10m,20/1d'
	),
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
	)
});

export interface AppEnv {
	databaseUrl: string | undefined;
	dataDir: string;
	/** Load the fictional demo data set: default on for the embedded database only. */
	demo: boolean;
	region: string;
	basemapStyleUrl: string;
	/** Sliding windows for public reports, per device and per IP; empty = off (issue #3). */
	reportLimits: RateLimit[];
	/** Supabase project (photos in Storage when the service key is set; sign-in in issue #4). */
	supabase:
		| {
				url: string;
				serviceRoleKey: string | undefined;
				photoBucket: string;
				/** With the anon key, sign-in goes through Supabase Auth (issue #4). */
				anonKey: string | undefined;
				/** HS256 projects; without it tokens are checked against the project's JWKS. */
				jwtSecret: string | undefined;
		  }
		| undefined;
}

export interface RateLimit {
	count: number;
	seconds: number;
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
		reportLimits: parseRateLimits(env.RATE_LIMIT_REPORTS),
		supabase: env.PUBLIC_SUPABASE_URL
			? {
					url: env.PUBLIC_SUPABASE_URL,
					serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
					photoBucket: env.SUPABASE_PHOTO_BUCKET,
					anonKey: env.PUBLIC_SUPABASE_ANON_KEY,
					jwtSecret: env.SUPABASE_JWT_SECRET
				}
			: undefined
	};
}
