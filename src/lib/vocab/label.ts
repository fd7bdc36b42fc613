import type { Locale } from '../paraglide/runtime.js';

// The vocabulary modules beside this file each hold one closed list of stored codes (the values a
// database CHECK constraint allows) and the Paraglide message that names each code. Relative
// imports, like the mail renderer's, so they resolve without Vite's `$lib` alias too.

/** A Paraglide message without inputs; `locale` names another language than the request's (mail). */
export type Label = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

/** Is `value` one of `values`? Narrows a string read from a form, a URL or a row. */
export function isOneOf<const T extends string>(values: readonly T[], value: unknown): value is T {
	return (values as readonly unknown[]).includes(value);
}

function hasLabel<T extends string>(labels: Readonly<Record<T, Label>>, value: string): value is T {
	return Object.hasOwn(labels, value);
}

/**
 * The label of a stored code, in `locale` or the request's language. A code the app does not know
 * (a newer database, a stale page) is shown as stored rather than hidden.
 */
export function labelOf<T extends string>(
	labels: Readonly<Record<T, Label>>,
	value: string,
	locale?: Locale
): string {
	return hasLabel(labels, value) ? labels[value]({}, { locale }) : value;
}

/**
 * One vocabulary from the table that names its codes, as `[codes, labels, label]`: the codes in
 * the table's order (the order forms list them in), the table itself, and the name of a stored
 * code in the request's language (one argument, so it can be given to `map`). A vocabulary module
 * destructures the three under its own names in one statement, so it states only its codes and
 * their messages; each code is written once, as the table's key, so a code cannot lack a label
 * nor a label its code.
 */
export function defineVocab<const T extends string>(labels: Readonly<Record<T, Label>>) {
	// Object.keys keeps the insertion order of string keys (ECMA-262 OrdinaryOwnPropertyKeys).
	const values: readonly T[] = Object.keys(labels).filter((key) => hasLabel(labels, key));
	const label = (value: string) => labelOf(labels, value);
	return [values, labels, label] as const;
}
