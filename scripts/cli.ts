import { startupFailureLine } from '../src/lib/server/db/errors.ts';
import { MigrationError } from '../src/lib/server/db/migrate.ts';
import { StartupError } from '../src/lib/server/db/types.ts';

/** Runs a CLI task; failures print one line (no stack trace unless DEBUG) and exit non-zero. */
export async function runCli(task: () => Promise<void>): Promise<void> {
	try {
		await task();
	} catch (e) {
		console.error(startupFailureLine(e));
		if (process.env.DEBUG && !(e instanceof StartupError || e instanceof MigrationError))
			console.error(e);
		process.exitCode = 1;
	}
}
