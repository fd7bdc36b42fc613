import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/types.ts';
import { INSERT_MISSING_LEGAL_PAGES, readLegalPages } from './legal-pages.ts';
import { readRegionFolder } from './region-folder.ts';

export interface SeedOptions {
	/** data/regions/<slug> */
	regionDir: string;
	/** data/demo/<slug>.json; loaded when `demo` is true, removed when false. */
	demoFile: string;
	/** data/regions/<slug>/legal: default legal pages, inserted where missing. */
	legalDir: string;
	demo: boolean;
	log?: (line: string) => void;
}

const REGION_LOADED = 'select exists (select 1 from public.regions where slug = $1) as loaded';

/**
 * Loads the region when it is missing (or always, with `force`), adds the default legal pages that
 * are missing, then applies the demo choice. Idempotent.
 */
export async function seed(db: Database, opts: SeedOptions & { force?: boolean }): Promise<void> {
	const log = opts.log ?? (() => {});
	const region = readRegionFolder(opts.regionDir);
	const [{ loaded }] = await db.asOwner((tx) =>
		tx.query<{ loaded: boolean }>(REGION_LOADED, [region.slug])
	);
	if (!loaded || opts.force) {
		const [{ result }] = await db.asOwner((tx) =>
			tx.query<{ result: unknown }>('select private.load_region($1::text::jsonb) as result', [
				JSON.stringify(region)
			])
		);
		log(`region ${region.slug}: ${JSON.stringify(result)}`);
	}
	const pages = readLegalPages(opts.legalDir);
	if (pages.length > 0) {
		const added = await db.asOwner((tx) =>
			tx.query(INSERT_MISSING_LEGAL_PAGES, [JSON.stringify(pages)])
		);
		if (added.length > 0) log(`strony prawne: dodano ${added.length}`);
	}
	if (opts.demo) {
		if (!existsSync(opts.demoFile))
			throw new Error(`brak pliku danych przykładowych ${opts.demoFile}`);
		const demo = readFileSync(opts.demoFile, 'utf8');
		const [{ result }] = await db.asOwner((tx) =>
			tx.query<{ result: unknown }>('select private.load_demo($1, $2::text::jsonb) as result', [
				region.slug,
				demo
			])
		);
		log(`dane przykładowe (demo): ${JSON.stringify(result)}`);
	} else {
		await db.asOwner((tx) => tx.query('select private.remove_demo()'));
	}
}

export function regionPaths(root: string, region: string) {
	return {
		regionDir: join(root, 'data', 'regions', region),
		legalDir: join(root, 'data', 'regions', region, 'legal'),
		demoFile: join(root, 'data', 'demo', `${region}.json`)
	};
}
