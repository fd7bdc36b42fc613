/**
 * The key of a list's item for Svelte's keyed each: its `id` where it has one, else its place.
 * Lists of records (DataTable, CardList) use it unless the page names another key.
 */
export function idOrIndex(item: unknown, index: number): unknown {
	return typeof item === 'object' && item !== null && 'id' in item ? item.id : index;
}
