import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';

/**
 * Free text typed by people (titles, descriptions, notes, names, page bodies): one rule for every
 * form and API of the app, in the browser and on the server.
 *
 * Leading and trailing characters that show nothing are removed before any length check, so a
 * title of zero-width spaces is empty, not three characters long. "Shows nothing" is Unicode's
 * White_Space, the format characters (General_Category Cf: U+200B ZERO WIDTH SPACE, U+200C/D
 * ZWNJ/ZWJ, U+2060 WORD JOINER, U+FEFF BOM, U+00AD SOFT HYPHEN, bidi controls …), the
 * Default_Ignorable_Code_Point set (variation selectors, Hangul fillers U+3164/U+FFA0 …) and
 * U+2800 BRAILLE PATTERN BLANK (UAX #44; Unicode §5.21 "Ignoring Characters in Processing").
 * Trimming works on whole grapheme clusters (UAX #29, Intl.Segmenter), so an emoji sequence that
 * ends in such a character — ❤️ (U+FE0F), a subdivision flag (tag characters) — stays whole.
 *
 * NUL (U+0000) is refused: PostgreSQL cannot store it in text or jsonb (SQLSTATE 22021/22P05).
 */
const INVISIBLE = '\\p{White_Space}\\p{Cf}\\p{Default_Ignorable_Code_Point}\\u2800';
const ONLY_INVISIBLE = new RegExp(`^[${INVISIBLE}]+$`, 'u');
const INVISIBLE_AT_EDGE = new RegExp(`^[${INVISIBLE}]|[${INVISIBLE}]$`, 'u');
const INVISIBLE_EDGES = new RegExp(`^[${INVISIBLE}]+|[${INVISIBLE}]+$`, 'gu');

const graphemes =
	typeof Intl !== 'undefined' && 'Segmenter' in Intl
		? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
		: null;

/** The text without the invisible characters at its start and end (see above). */
export function trimInvisible(text: string): string {
	if (!INVISIBLE_AT_EDGE.test(text)) return text;
	if (!graphemes) return text.replace(INVISIBLE_EDGES, '');
	const parts = [...graphemes.segment(text)];
	let start = 0;
	let end = parts.length;
	while (start < end && ONLY_INVISIBLE.test(parts[start].segment)) start++;
	while (end > start && ONLY_INVISIBLE.test(parts[end - 1].segment)) end--;
	if (start === end) return '';
	const last = parts[end - 1];
	return text.slice(parts[start].index, last.index + last.segment.length);
}

/** Whether a value holds a NUL character (refused everywhere: PostgreSQL cannot store it). */
export const hasNul = (text: string) => text.includes('\u0000');

/**
 * The valibot schema of free text: a string without NUL, trimmed as above. Chain the length
 * checks after it: `v.pipe(FreeText, v.minLength(3, …), v.maxLength(120, …))`.
 */
export const FreeText = v.pipe(
	v.string(),
	v.check(
		(text) => !hasNul(text),
		() => m.auth_text_nul()
	),
	v.transform(trimInvisible)
);

/** The same for code that reads fields by hand: the trimmed text, or null when it holds NUL. */
export function freeText(raw: unknown): string | null {
	const result = v.safeParse(FreeText, typeof raw === 'string' ? raw : '');
	return result.success ? result.output : null;
}

/**
 * A value shown as text: a string as it is, a number or boolean as written, anything else
 * (null, a file, an object) empty. For values that come back untyped — a form's values returned
 * by a failed action, GeoJSON properties — where `String()` would print "[object Object]".
 */
export function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
