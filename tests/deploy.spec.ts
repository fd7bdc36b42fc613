import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'ini';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HEALTH_PATHS } from '../src/lib/server/runtime/health.ts';

// The supervised production run shipped in the repo (README, "Running in production"): Docker
// cannot run on CI, so these check what can be checked without it — the files parse, name what
// exists in the repo, and start the app the way `npm start` does (node build, from build/).
const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Dockerfile instructions with their continuation lines joined, comments dropped. */
function instructions(dockerfile: string): { op: string; args: string }[] {
	return dockerfile
		.replace(/\\\n/g, ' ')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#'))
		.map((line) => {
			const [op, ...rest] = line.split(/\s+/);
			return { op: op.toUpperCase(), args: rest.join(' ') };
		});
}

describe('Dockerfile', () => {
	const steps = instructions(read('Dockerfile'));
	const stages = steps.filter((s) => s.op === 'FROM');

	it('builds in a Node 24 stage and runs in another, as a non-root user', () => {
		expect(stages).toHaveLength(2);
		for (const stage of stages) expect(stage.args).toMatch(/^node:24[-.\w]*/);
		expect(stages[0].args).toMatch(/ AS build$/i);
		const user = steps.filter((s) => s.op === 'USER').at(-1);
		expect(user?.args).toBe('node');
		const run = steps.filter((s) => s.op === 'RUN').map((s) => s.args);
		expect(run).toContain('npm ci --no-audit --no-fund');
		expect(run.some((r) => r.includes('npm run build') && r.includes('npm prune --omit=dev'))).toBe(
			true
		);
	});

	it('copies only sources that exist in the repo and are not excluded by .dockerignore', () => {
		const ignored = read('.dockerignore')
			.split('\n')
			.map((l) => l.trim())
			.filter((l) => l && !l.startsWith('#'));
		const copies = steps.filter((s) => s.op === 'COPY' && !s.args.startsWith('--from'));
		expect(copies.length).toBeGreaterThan(2);
		for (const copy of copies) {
			const parts = copy.args.split(/\s+/).filter((p) => !p.startsWith('--'));
			for (const source of parts.slice(0, -1)) {
				if (source === '.') continue;
				expect(existsSync(join(root, source)), source).toBe(true);
				expect(ignored, source).not.toContain(source);
			}
		}
		// The build needs these, so they must reach the build context.
		for (const needed of ['src', 'static', 'messages', 'supabase', 'data', 'package-lock.json'])
			expect(ignored).not.toContain(needed);
	});

	it('takes from the build stage what the build makes or the repo has', () => {
		const outDir = /adapter\(\{\s*out:\s*process\.env\.BUILD_DIR \?\? '([^']+)'/.exec(
			read('svelte.config.js')
		)?.[1];
		expect(outDir).toBe('build');
		const fromBuild = steps.filter((s) => s.op === 'COPY' && s.args.startsWith('--from=build'));
		for (const copy of fromBuild) {
			const sources = copy.args.split(/\s+/).slice(1, -1);
			for (const source of sources) {
				const path = source.replace(/^\/app\//, '');
				const made = path === outDir || path === 'node_modules';
				expect(made || existsSync(join(root, path)), source).toBe(true);
			}
		}
	});

	it('starts the server as npm start does, with its body limit, and checks /healthz', () => {
		const cmd = steps.filter((s) => s.op === 'CMD').at(-1);
		expect(JSON.parse(cmd?.args ?? '[]')).toEqual(['node', 'build']);
		// scripts/start.ts imports build/index.js after setting the same default body limit.
		const start = read('scripts/start.ts');
		expect(start).toContain("join(root, 'build', 'index.js')");
		expect(start).toContain("BODY_SIZE_LIMIT ??= '12M'");
		const env = steps
			.filter((s) => s.op === 'ENV')
			.map((s) => s.args)
			.join(' ');
		expect(env).toContain('BODY_SIZE_LIMIT=12M');
		expect(env).toContain('DATA_DIR=/data');
		expect(steps.some((s) => s.op === 'VOLUME' && s.args === '/data')).toBe(true);
		const health = steps.find((s) => s.op === 'HEALTHCHECK')?.args ?? '';
		const path = /\/(healthz|readyz)/.exec(health)?.[0];
		expect(path && HEALTH_PATHS.has(path)).toBe(true);
	});
});

describe('compose.yaml', () => {
	interface Service {
		image?: string;
		build?: unknown;
		restart?: string;
		healthcheck?: { test: string[] | string };
		depends_on?: Record<string, { condition: string }>;
		environment?: Record<string, string>;
		volumes?: string[];
		stop_grace_period?: string;
	}
	const compose = parse(read('compose.yaml')) as {
		services: Record<string, Service>;
		volumes: Record<string, unknown>;
	};

	it('runs the app and PostgreSQL + PostGIS, both restarted and health-checked', () => {
		const { app, db } = compose.services;
		expect(db.image).toMatch(/^postgis\/postgis:15-3\.\d+$/);
		expect(app.build).toBe('.');
		for (const service of [app, db]) {
			expect(['always', 'unless-stopped']).toContain(service.restart);
			expect(service.healthcheck?.test).toBeTruthy();
		}
		expect(JSON.stringify(app.healthcheck?.test)).toContain('/readyz');
		expect(JSON.stringify(db.healthcheck?.test)).toContain('pg_isready');
		expect(app.depends_on?.db.condition).toBe('service_healthy');
	});

	it('points the app at the db service and keeps both data folders in named volumes', () => {
		const { app, db } = compose.services;
		expect(app.environment?.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@db:5432\/mapa$/);
		const named = (volumes: string[] = []) =>
			volumes.map((v) => v.split(':')).filter(([source]) => !source.startsWith('.'));
		expect(named(app.volumes)).toContainEqual(['app-data', '/data']);
		expect(named(db.volumes)).toContainEqual(['db-data', '/var/lib/postgresql/data']);
		expect(Object.keys(compose.volumes).sort()).toEqual(['app-data', 'db-data']);
		// Bind-mounted files come from the repo.
		for (const volume of db.volumes ?? []) {
			const [source] = volume.split(':');
			if (source.startsWith('.')) expect(statSync(join(root, source)).isFile()).toBe(true);
		}
		// docker stop must wait longer than adapter-node's SHUTDOWN_TIMEOUT (30 s).
		expect(Number.parseInt(app.stop_grace_period ?? '10', 10)).toBeGreaterThan(30);
	});
});

describe('deploy/mapa.service', () => {
	const unit = decode(read('deploy/mapa.service')) as Record<string, Record<string, string>>;

	it('is restarted always and never gives up', () => {
		expect(unit.Service.Restart).toBe('always');
		expect(unit.Unit.StartLimitIntervalSec).toBe('0');
		expect(unit.Install.WantedBy).toBe('multi-user.target');
	});

	it('runs node build from the app folder as its own user, with an EnvironmentFile', () => {
		expect(unit.Service.ExecStart).toMatch(/^\/usr\/bin\/node build$/);
		expect(unit.Service.WorkingDirectory).toBe('/opt/mapa');
		expect(unit.Service.User).toBe('mapa');
		expect(unit.Service.EnvironmentFile).toBe('/etc/mapa/mapa.env');
		expect(existsSync(join(root, 'deploy', 'mapa.env.example'))).toBe(true);
	});

	it('stops gracefully: SIGTERM, and longer than SHUTDOWN_TIMEOUT before SIGKILL', () => {
		expect(unit.Service.KillSignal).toBe('SIGTERM');
		expect(Number(unit.Service.TimeoutStopSec)).toBeGreaterThan(30);
	});

	it('is hardened', () => {
		for (const [key, value] of Object.entries({
			NoNewPrivileges: 'yes',
			ProtectSystem: 'strict',
			ProtectHome: 'yes',
			PrivateTmp: 'yes',
			StateDirectory: 'mapa'
		})) {
			expect(unit.Service[key], key).toBe(value);
		}
		// V8's JIT and WebAssembly need writable executable memory.
		expect(unit.Service.MemoryDenyWriteExecute).toBeUndefined();
	});
});
