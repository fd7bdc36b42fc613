import { getContext, setContext } from 'svelte';

/**
 * What a form tells its fields and its error summary once, instead of on every field: the
 * errors of its last failed submit, the values to show again, and where each field's control is.
 * Functions, so that fields follow a new failed submit.
 */
export interface FormFields {
	/** One message per field name. */
	errors: () => Readonly<Record<string, string | undefined>>;
	/** The values to fill the fields with (what was typed before a failed submit). */
	values?: () => object | null | undefined;
	/** The id of a field's control; the field's name by default. */
	id?: (name: string) => string;
}

const KEY = Symbol('form-fields');

/** Called in a form's component: its Field and ErrorSummary components read from it. */
export function setFormFields(fields: FormFields): void {
	setContext(KEY, fields);
}

export function getFormFields(): FormFields | undefined {
	return getContext<FormFields | undefined>(KEY);
}
