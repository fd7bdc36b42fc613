import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { FreeText } from '$lib/text';
import { fieldErrors } from '../forms/field-errors.ts';

// The "open a session" form of /panel/konsultacje, validated with valibot.

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export interface SessionValues {
	question: string;
	area: string;
	starts_at: string;
	ends_at: string;
	hold: boolean;
	/** The answers' category; `choices`: categories residents pick from (none: always `category`). */
	category: string;
	choices: string[];
}

export type SessionErrors = Partial<
	Record<'question' | 'area' | 'starts_at' | 'ends_at' | 'category' | 'choices' | 'form', string>
>;

const CATEGORY = /^[a-z0-9-]{1,40}$/;

const Schema = v.object({
	question: v.pipe(
		FreeText,
		v.minLength(3, () => m.live_error_question()),
		v.maxLength(300, () => m.live_error_question())
	),
	area: v.pipe(
		v.string(),
		v.regex(/^(|[ls]:[a-z0-9-]{1,80})$/, () => m.live_error_area())
	),
	starts_at: v.pipe(
		v.string(),
		v.regex(LOCAL_TIME, () => m.live_error_time())
	),
	ends_at: v.pipe(
		v.string(),
		v.regex(LOCAL_TIME, () => m.live_error_time())
	),
	// Empty: the session takes the schema's default category.
	category: v.union([v.literal(''), v.pipe(v.string(), v.regex(CATEGORY))], () =>
		m.kconsult_error_panel_category()
	),
	choices: v.array(
		v.pipe(
			v.string(),
			v.regex(CATEGORY, () => m.kconsult_error_panel_category())
		)
	)
});

export function sessionValues(form: FormData): SessionValues {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		question: text('question'),
		area: text('area'),
		starts_at: text('starts_at'),
		ends_at: text('ends_at'),
		hold: form.get('hold') === 'on',
		category: text('category'),
		choices: form.getAll('choices').filter((value) => typeof value === 'string')
	};
}

/** Field errors, or the parsed area (`l:` a village, `s:` a sołectwo, '' the whole gmina). */
export function parseSession(
	values: SessionValues
):
	| { ok: true; question: string; locality: string | null; solectwo: string | null }
	| { ok: false; errors: SessionErrors } {
	const parsed = v.safeParse(Schema, values);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.issues) };
	if (parsed.output.ends_at <= parsed.output.starts_at) {
		return { ok: false, errors: { ends_at: m.live_error_window() } };
	}
	const [kind, slug] = parsed.output.area.split(':');
	return {
		ok: true,
		question: parsed.output.question,
		locality: kind === 'l' ? slug : null,
		solectwo: kind === 's' ? slug : null
	};
}
