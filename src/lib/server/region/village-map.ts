import type { VillagesSvg } from '$lib/types';
import { dataVersion } from '../cache/documents.ts';
import type { Tx } from '../db/types.ts';
import { villagesSvg } from './queries.ts';

// The home page's static village map changes only with the village areas, but its label points
// (the largest inscribed circle of every area) cost tens of milliseconds per drawing. It is kept
// in memory per region and data version (private.data_version, which every write to the shown
// data moves in its own transaction), so a page load reads one number instead. Village areas are
// public to everyone: one copy serves every audience.

const drawn = new Map<string, { version: string; map: VillagesSvg | null }>();

/** The region's villages as a static SVG map, drawn again only after the data changed. */
export async function villageMap(tx: Tx, region: string): Promise<VillagesSvg | null> {
	const version = await dataVersion(tx, region);
	const kept = drawn.get(region);
	if (kept?.version === version) return kept.map;
	const map = await villagesSvg(tx, region);
	drawn.set(region, { version, map });
	return map;
}
