// npm run db:restore -- FILE — restores a db:backup file into an EMPTY database (DATABASE_URL) or
// an empty DATA_DIR, photos included. `--check FILE` only verifies the file (README, „Kopie
// zapasowe”).
import { parseArgs } from 'node:util';
import { checkBackup, restoreBackup } from '../src/lib/server/backup/restore.ts';
import { formatCounts } from '../src/lib/server/backup/manifest.ts';
import { readEnv } from '../src/lib/server/env.ts';
import { runCli } from './cli.ts';

await runCli(async () => {
	const { values, positionals } = parseArgs({
		options: { check: { type: 'boolean' } },
		allowPositionals: true
	});
	if (positionals.length !== 1)
		throw new Error('Podaj jeden plik kopii: npm run db:restore -- [--check] PLIK');
	const [file] = positionals;
	if (values.check) {
		const { manifest, counts, opened } = await checkBackup(file);
		console.log(`Kopia z ${manifest.created_at} (${manifest.backend}) jest kompletna i czytelna.`);
		console.log(
			`${opened ? 'Baza otwarta na próbę' : 'Stan w manifeście'}: ${formatCounts(counts)}; ` +
				`zdjęcia w pliku: ${manifest.uploads.files.length}.`
		);
		return;
	}
	const env = readEnv();
	const { info, photos } = await restoreBackup(env, file, { log: (line) => console.log(line) });
	console.log(`Odtworzono bazę: ${formatCounts(info.counts)}; zdjęcia: ${photos}.`);
	console.log('Uruchom aplikację (npm start) z tymi samymi DATABASE_URL / DATA_DIR.');
});
