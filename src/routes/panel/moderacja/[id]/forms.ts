import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { NeedFields } from '$lib/server/reports/input';
import { FreeText } from '$lib/text';
import { SETTABLE_NEED_STATUSES } from '$lib/vocab/need-status';
import { NOTE_MAX } from '$lib/moderation/limits';

// Posted fields of the moderation forms; messages in the page's language.

const text = FreeText;
const note = v.optional(
	v.pipe(
		text,
		v.maxLength(NOTE_MAX, () => m.mod_error_note_long())
	),
	''
);
const confirmed = v.literal('on', () => m.mod_error_confirm());

export const Reject = v.object({
	reason: v.pipe(
		text,
		v.nonEmpty(() => m.mod_error_reason()),
		v.maxLength(NOTE_MAX, () => m.mod_error_note_long())
	),
	confirm: confirmed
});

export const StatusChange = v.object({
	status: v.picklist(SETTABLE_NEED_STATUSES, () => m.mod_error_status()),
	note,
	note_public: v.optional(v.string())
});

export const Merge = v.object({
	keep: v.pipe(
		v.string(),
		v.uuid(() => m.mod_error_merge())
	),
	note,
	confirm: confirmed
});

export const Edit = v.object({ title: NeedFields.title, description: NeedFields.description });

export const Toggle = v.object({ on: v.picklist(['true', 'false']) });
