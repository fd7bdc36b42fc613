/** Field names whose control ids on the area page are shorter than the name. */
const SHORT: Record<string, string> = {
	population_year: 'year',
	population_source: 'source',
	soltys_since: 'soltys-since'
};

/** The id of a field's control in the area page form whose ids start with `prefix`. */
export function areaFieldId(prefix: string, name: string): string {
	return `${prefix}-${SHORT[name] ?? name}`;
}
