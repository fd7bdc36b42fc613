/** One changed field of an audit entry, as text both sides. */
export interface Change {
	field: string;
	before: string | null;
	after: string | null;
}

// Columns that change with every write and say nothing to a reader.
const NOISE = new Set(['updated_at']);

function show(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value;
	return JSON.stringify(value);
}

/**
 * The readable diff of an audit row: for an update only the fields that changed, for an insert
 * or a delete every field of the row that was written or removed.
 */
export function diffEntry(entry: {
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
}): Change[] {
	const before = entry.before ?? {};
	const after = entry.after ?? {};
	const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
	return fields
		.filter((field) => !NOISE.has(field))
		.map((field) => ({
			field,
			before: entry.before ? show(before[field]) : null,
			after: entry.after ? show(after[field]) : null
		}))
		.filter((change) => !(entry.before && entry.after) || change.before !== change.after);
}
