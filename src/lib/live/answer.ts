// A live consultation answer: a place (a tap on the map or a village), an optional short text
// and, when the organizer listed some, a category. It is stored as a need tagged with the session,
// so it becomes the report fields of POST /api/needs here — one rule for the page's action and
// for an answer that waited offline in the report queue, so both send the same request (and a
// replay with the same idempotency key matches).
import * as m from '$lib/paraglide/messages';
import { TITLE_MAX, TITLE_MIN } from '$lib/report/limits';
import type { ReportFields } from '$lib/report/types';
import { trimInvisible } from '$lib/text';

/** The longest answer text: a short remark read from a projector, not a report. */
export const ANSWER_MAX = 200;

/** What the answer form sends. */
export interface AnswerFields {
	answer: string;
	category: string;
	lon: string;
	lat: string;
	village: string;
	idempotency_key: string;
}

/** The categories an answer may take: the organizer's choices, else the session's own. */
export function answerCategories(session: { category: string; choices: readonly string[] }) {
	return session.choices.length > 0 ? [...session.choices] : [session.category];
}

/**
 * The answer's category: the one chosen when it is allowed; with a single allowed category that
 * one whatever was sent; null when the resident still has to choose.
 */
export function answerCategory(
	session: { category: string; choices: readonly string[] },
	chosen: string
): string | null {
	const allowed = answerCategories(session);
	if (allowed.includes(chosen)) return chosen;
	return allowed.length === 1 ? allowed[0] : null;
}

/**
 * The report an answer is stored as. The text becomes the title (cut to the title's limit, the
 * whole text then kept as the description); a text shorter than a title may be, or none, gives a
 * fixed title in Polish, the language of the gmina's data, whatever the page's language.
 */
export function answerReport(fields: AnswerFields, category: string): ReportFields {
	const text = trimInvisible(fields.answer);
	let title: string;
	let description = '';
	if (text.length < TITLE_MIN) {
		title = m.kconsult_untitled({}, { locale: 'pl' });
		description = text;
	} else if (text.length > TITLE_MAX) {
		// Whole code points (never half an emoji), in UTF-16 units as the title's rule counts.
		let cut = '';
		for (const char of text) {
			if (cut.length + char.length > TITLE_MAX - 1) break;
			cut += char;
		}
		title = `${cut.trimEnd()}…`;
		description = text;
	} else title = text;
	return {
		kind: 'need',
		category,
		title,
		description,
		lon: fields.lon,
		lat: fields.lat,
		village: fields.village,
		contact: '',
		contact_consent: false,
		idempotency_key: fields.idempotency_key
	};
}
