import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requirePermission } from '$lib/server/auth/permissions';
import { getEnv } from '$lib/server/db';
import { DEFAULT_MAX_ATTEMPTS, pokeMailer } from '$lib/server/mail/mailer';
import { listOutbox, requeue } from '$lib/server/mail/outbox';

// The outbox of status e-mails: admins only (RLS on public.mail_outbox too).
export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'read_outbox');
	const messages = await event.locals.db((tx) => listOutbox(tx));
	return {
		messages,
		smtp: getEnv().mail.smtp !== undefined,
		maxAttempts: DEFAULT_MAX_ATTEMPTS
	};
};

const ResendForm = v.object({ id: v.pipe(v.string(), v.regex(/^\d{1,18}$/)) });

export const actions = {
	resend: async (event) => {
		requirePermission(event, 'read_outbox');
		const form = Object.fromEntries(await event.request.formData());
		const parsed = v.safeParse(ResendForm, form);
		if (!parsed.success) return fail(400, { message: m.mail_resend_missing() });
		const id = parsed.output.id;
		const done = await event.locals.db((tx) => requeue(tx, id));
		if (!done) return fail(404, { message: m.mail_resend_missing() });
		pokeMailer();
		return { resent: id };
	}
} satisfies Actions;
