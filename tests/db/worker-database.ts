import { inject } from 'vitest';

// Setup file of the database tests: this worker's own PostgreSQL database (made by
// tests/db/global-setup.ts), set before the test file imports tests/db/backends.ts. Vitest numbers
// its workers from 1 (VITEST_POOL_ID).
const databases = inject('workerDatabases');
if (databases.length > 0) {
	const worker = Number(process.env.VITEST_POOL_ID ?? '1');
	process.env.DATABASE_URL = databases[(worker - 1) % databases.length];
}
