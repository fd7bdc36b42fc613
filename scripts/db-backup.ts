// npm run db:backup [-- --out FILE] — one file with the database and the photos (README, „Kopie
// zapasowe”). Embedded database: safe while the server runs (it is asked for a snapshot).
import { parseArgs } from 'node:util';
import { createBackup } from '../src/lib/server/backup/backup.ts';
import { formatCounts } from '../src/lib/server/backup/manifest.ts';
import { readEnv } from '../src/lib/server/env.ts';
import { runCli } from './cli.ts';

await runCli(async () => {
	const { values } = parseArgs({ options: { out: { type: 'string', short: 'o' } } });
	const env = readEnv();
	const { file, manifest } = await createBackup(env, {
		out: values.out,
		log: (line) => console.log(line)
	});
	console.log(`Zapisano kopię ${file}`);
	console.log(`Baza (${manifest.backend}): ${formatCounts(manifest.counts)}.`);
	console.log(
		manifest.uploads.location === 'included'
			? `Zdjęcia z katalogu uploads: ${manifest.uploads.files.length}.`
			: 'Zdjęcia są w Supabase Storage i nie ma ich w tym pliku: kopie kubełka robi Supabase.'
	);
});
