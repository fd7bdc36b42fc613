// npm start — builds the app when the build is missing or older than the sources, then serves it
// with adapter-node (PORT, HOST, DATA_DIR, DATABASE_URL …: see README). The server migrates and
// seeds the database before it listens and prints its URL.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const entry = join(root, 'build', 'index.js');

function newestMtime(path: string): number {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const name of readdirSync(path)) {
		if (name === 'paraglide' || name.startsWith('.')) continue;
		newest = Math.max(newest, newestMtime(join(path, name)));
	}
	return newest;
}

const sources = [
	'src',
	'static',
	'messages',
	'supabase',
	'package.json',
	'svelte.config.js',
	'vite.config.ts'
]
	.map((p) => join(root, p))
	.filter(existsSync);
const stale = !existsSync(entry) || Math.max(...sources.map(newestMtime)) > statSync(entry).mtimeMs;

if (stale) {
	console.log('Budowanie aplikacji (npm run build)…');
	const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

// Report photos may be up to 10 MB; adapter-node's default body limit is 512 kB.
process.env.BODY_SIZE_LIMIT ??= '12M';
process.chdir(root);
await import(entry);
