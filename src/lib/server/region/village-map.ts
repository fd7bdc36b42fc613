import type { VillagesSvg } from '$lib/types';
import { cachedAnalysis } from '../cache/analysis.ts';
import type { Tx } from '../db/types.ts';
import { villagesSvg } from './queries.ts';

// The home page's static village map changes only with the village areas, but its label points
// (the largest inscribed circle of every area) cost tens of milliseconds per drawing. It is kept
// in memory per region and data version, like the other analysis results, so a page load reads
// one number instead. Village areas are public to everyone: one copy serves every audience.

/** The region's villages as a static SVG map, drawn again only after the data changed. */
export const villageMap = (tx: Tx, region: string): Promise<VillagesSvg | null> =>
	cachedAnalysis(tx, region, ['villages_svg'], () => villagesSvg(tx, region));
