// npm run db:migrate — applies the local bootstrap (outside Supabase) and pending migrations.
import { migrate } from '../src/lib/server/db/migrate.ts';
import { openDatabase } from '../src/lib/server/db/start.ts';
import { readEnv } from '../src/lib/server/env.ts';
import { readSqlFiles } from './sql-files.ts';
import { runCli } from './cli.ts';

await runCli(async () => {
	const env = readEnv();
	const { migrations, bootstrap } = readSqlFiles();
	const db = await openDatabase(env);
	try {
		const applied = await migrate(db, migrations, bootstrap, (line) => console.log(line));
		console.log(
			applied.length ? `Zastosowano migracji: ${applied.length}.` : 'Baza jest aktualna.'
		);
	} finally {
		await db.close();
	}
});
