import { error, fail, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ANSWER_MAX, answerCategory, answerReport, type AnswerFields } from '$lib/live/answer';
import { trimInvisible } from '$lib/text';
import { submitReport } from '../reports/submit.ts';
import { consultationByCode } from './queries.ts';

// The action of /k/<code>: a resident's answer to a live consultation. The answer becomes a
// report (see $lib/live/answer) and takes the one write path of every report, submitReport →
// private.submit_need, with its validation, rate limits (consultation_device, consultation_ip)
// and idempotency key. On failure everything typed comes back, so nothing is lost.

/** The answer form's fields as posted; a missing one is empty. */
export function answerValues(form: FormData): AnswerFields & { website: string } {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		answer: text('answer'),
		category: text('category'),
		lon: text('lon'),
		lat: text('lat'),
		village: text('village'),
		idempotency_key: text('idempotency_key'),
		website: text('website')
	};
}

/** Where a report field's message belongs on the answer form. */
const FIELD_OF: Record<string, string> = {
	title: 'answer',
	description: 'answer',
	lon: 'place',
	lat: 'place',
	village: 'village',
	category: 'category'
};

function answerErrors(fields: Record<string, string>): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const [name, message] of Object.entries(fields))
		errors[FIELD_OF[name] ?? 'form'] ??= message;
	// The report's "show the place" message names tools this form does not have.
	if (fields.lat === m.api_place_missing()) errors.place = m.kconsult_error_place();
	return errors;
}

export async function answerAction(event: RequestEvent, code: string) {
	const values = answerValues(await event.request.formData());
	const { website: _honeypot, ...shown } = values;
	void _honeypot;
	const session = await event.locals.db((tx) => consultationByCode(tx, event.locals.region, code));
	if (!session) error(404, m.live_not_found());

	const errors: Record<string, string> = {};
	const length = trimInvisible(values.answer).length;
	if (length > ANSWER_MAX)
		errors.answer = m.kconsult_error_answer_long({ max: ANSWER_MAX, length });
	const category = answerCategory(session, values.category);
	if (!category) errors.category = m.kconsult_error_category();
	if (!category || errors.answer)
		return fail(422, { values: shown, errors, message: m.api_invalid(), retryAfter: null });

	const report = answerReport(values, category);
	const result = await submitReport(event, { ...report, website: values.website }, null, {
		consultation: code
	});
	if (result.status === 201) return { ref: result.ref, status_url: result.status_url };
	return fail(result.status, {
		values: shown,
		errors: answerErrors(result.fields ?? {}),
		message: result.error,
		retryAfter: result.retryAfter ?? null
	});
}
