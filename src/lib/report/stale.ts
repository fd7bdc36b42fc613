import type { FieldErrors, ReportField, ReportFields } from './types';

/** Errors that a change of a field makes outdated; the consent error is about the contact too. */
const CLEARED_BY: Partial<Record<keyof ReportFields, readonly ReportField[]>> = {
	kind: ['kind'],
	category: ['category'],
	title: ['title'],
	description: ['description'],
	contact: ['contact', 'contact_consent'],
	contact_consent: ['contact_consent']
};

/**
 * The errors still worth showing after the resident edited the form: a field's error goes as soon
 * as its value changes, so a fixed field no longer says it is wrong (it is checked again on
 * submit). Returns `errors` itself when nothing changed, so callers can skip an update.
 */
export function withoutStaleErrors(
	errors: FieldErrors,
	before: ReportFields,
	after: ReportFields
): FieldErrors {
	const stale = new Set<ReportField>();
	for (const [field, cleared] of Object.entries(CLEARED_BY) as [
		keyof ReportFields,
		readonly ReportField[]
	][]) {
		if (before[field] !== after[field]) for (const name of cleared) stale.add(name);
	}
	if (![...stale].some((name) => errors[name])) return errors;
	const next: FieldErrors = { ...errors };
	for (const name of stale) delete next[name];
	return next;
}
