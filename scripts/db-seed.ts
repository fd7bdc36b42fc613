// npm run db:seed — loads data/regions/$REGION (again, idempotently) and applies the demo choice
// (DEMO=1 loads the fictional demo data, DEMO=0 removes it; default: on only for the embedded DB).
import { migrate } from '../src/lib/server/db/migrate.ts';
import { openDatabase } from '../src/lib/server/db/start.ts';
import { readEnv } from '../src/lib/server/env.ts';
import { regionPaths, seed } from '../src/lib/server/seed/seed.ts';
import { readSqlFiles, root } from './sql-files.ts';
import { runCli } from './cli.ts';

await runCli(async () => {
	const env = readEnv();
	const { migrations, bootstrap } = readSqlFiles();
	const db = await openDatabase(env);
	try {
		await migrate(db, migrations, bootstrap, (line) => console.log(line));
		await seed(db, {
			...regionPaths(root, env.region),
			demo: env.demo,
			force: true,
			log: (line) => console.log(line)
		});
		console.log('Dane załadowane.');
	} finally {
		await db.close();
	}
});
