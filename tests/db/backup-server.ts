// A stand-in for the running server in tests/db/backup.spec.ts: holds the data directory's lock,
// answers snapshot requests exactly as hooks.server.ts registers them, and keeps writing meanwhile.
import { openPglite } from '../../src/lib/server/db/pglite.ts';
import { serveSnapshotRequests } from '../../src/lib/server/backup/snapshot.ts';

const dir = process.argv[2];
const db = await openPglite(dir);
serveSnapshotRequests(db, dir);
await db.asOwner((tx) => tx.exec('create table if not exists public.backup_probe (n int)'));
let n = 0;
const writer = setInterval(() => {
	void db.asOwner((tx) => tx.query('insert into public.backup_probe values ($1)', [++n]));
}, 10);
process.on('SIGTERM', () => {
	clearInterval(writer);
	void db.close().then(() => process.exit(0));
});
process.stdout.write('ready\n');
