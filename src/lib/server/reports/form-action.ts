import { fail, type RequestEvent } from '@sveltejs/kit';
import { formFields } from './input.ts';
import { submitReport } from './submit.ts';

/**
 * The report form's action of /zglos (a live consultation's /k/<code> has its own, answerAction).
 * On failure everything typed comes back, so nothing is lost.
 */
export async function reportFormAction(event: RequestEvent) {
	const form = await event.request.formData();
	const values = formFields(form);
	const file = form.get('photo');
	const result = await submitReport(event, values, file instanceof File ? file : null);
	if (result.status === 201) return { ref: result.ref, status_url: result.status_url };
	const { website: _honeypot, ...shown } = values;
	void _honeypot;
	return fail(result.status, {
		values: shown,
		errors: result.fields ?? {},
		message: result.error,
		retryAfter: result.retryAfter ?? null
	});
}
