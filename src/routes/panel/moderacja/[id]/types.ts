/** The result of a moderation form action, as the page receives it. */
export type ActionForm =
	| {
			action?: string;
			done?: boolean;
			message?: string;
			keptRef?: string;
			values?: Record<string, unknown>;
			errors?: Record<string, string>;
	  }
	| null
	| undefined;

/** The errors and message of a failed `action`, for its form's error summary; none otherwise. */
export function failureOf(
	form: ActionForm,
	action: string
): { errors: Record<string, string>; message: string } {
	if (!form || form.action !== action || form.done) return { errors: {}, message: '' };
	return { errors: form.errors ?? {}, message: form.message ?? '' };
}
