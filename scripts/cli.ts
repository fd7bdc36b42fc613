import { MigrationError } from '../src/lib/server/db/migrate.ts';
import { StartupError } from '../src/lib/server/db/types.ts';

/** Runs a CLI task; known failures print one line (no stack trace) and exit non-zero. */
export async function runCli(task: () => Promise<void>): Promise<void> {
	try {
		await task();
	} catch (e) {
		if (e instanceof StartupError || e instanceof MigrationError) {
			console.error(`Błąd: ${e.message}`);
		} else {
			const where = (e as { where?: string }).where?.split('\n')[0];
			console.error(
				`Błąd: ${e instanceof Error ? e.message : String(e)}${where ? ` (${where})` : ''}`
			);
			if (process.env.DEBUG) console.error(e);
		}
		process.exitCode = 1;
	}
}
