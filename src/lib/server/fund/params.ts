// The route parameters of the village fund pages and documents: a budget year and a sołectwo slug
// (the `solectwa.slug` CHECK pattern). Anything else is answered 404 without reading.

export const SOLECTWO_SLUG = /^[a-z0-9-]{1,80}$/;

/** A budget year the schema allows (2015–2100), or null. */
export function parseFundYear(text: string): number | null {
	if (!/^\d{4}$/.test(text)) return null;
	const year = Number(text);
	return year >= 2015 && year <= 2100 ? year : null;
}
