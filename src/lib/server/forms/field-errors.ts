import type * as v from 'valibot';

/** One message per field, keyed by the field's name; `form` holds what concerns the whole form. */
export type FieldErrorMap = Record<string, string>;

export type FieldErrorOptions = {
	/**
	 * Key by the top-level field only (`goals` for an issue at `goals.2`), for forms whose list
	 * fields show one message; otherwise the whole dotted path (`contact.email`).
	 */
	topLevel?: boolean;
	/** Errors found before (by hand-written checks): kept, the schema's message is not added. */
	into?: FieldErrorMap;
};

/**
 * Turns valibot issues into the errors a form action returns: the first message per field
 * (valibot reports issues in schema order, so that is the field's first rule that failed), and
 * an issue with no path (a check of the whole object) under `form`.
 */
export function fieldErrors(
	issues: readonly v.BaseIssue<unknown>[],
	options: FieldErrorOptions = {}
): FieldErrorMap {
	const errors = options.into ?? {};
	for (const issue of issues) {
		const path = issue.path?.map((item) => String(item.key));
		const key = path ? (options.topLevel ? path[0] : path.join('.')) : 'form';
		errors[key] ??= issue.message;
	}
	return errors;
}
