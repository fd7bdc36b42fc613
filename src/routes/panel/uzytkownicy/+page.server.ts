import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors } from '$lib/server/forms/field-errors';
import * as m from '$lib/paraglide/messages';
import { requirePermission } from '$lib/server/auth/permissions';
import { AccountExistsError, createLocalAccount } from '$lib/server/auth/local';
import { newPassword, staffEmail } from '$lib/server/auth/password';
import { sendPasswordReset } from '$lib/server/auth/reset';
import { getDatabase, getEnv, getSecrets } from '$lib/server/db';
import { pokeMailer } from '$lib/server/mail/mailer';
import { getLocale, localizeUrl } from '$lib/paraglide/runtime';
import { UUID } from '$lib/uuid';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';
import { STAFF_ROLES } from '$lib/roles';
import type { StaffRole } from '$lib/types';
import type { Actions, PageServerLoad } from './$types';
import { formText } from '$lib/server/forms/text';

interface UserRow {
	id: string;
	email: string | null;
	role: StaffRole | null;
	disabled: boolean;
}

// Admins only: they manage users and settings. Reads go through RLS: profiles are
// readable by admins, account e-mails through a function that checks the admin role itself.
export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'manage_users');
	const users = await event.locals.db((tx) =>
		tx.query<UserRow>(
			`select coalesce(a.id, p.id) as id, a.email, p.role, coalesce(a.disabled, false) as disabled
			 from private.local_account_emails() a
			 full join public.profiles p on p.id = a.id
			 order by a.email nulls last, p.id`
		)
	);
	return { users, supabase: Boolean(getEnv().supabase?.anonKey) };
};

const NewUser = () =>
	v.object({
		email: staffEmail(),
		role: v.picklist(STAFF_ROLES, m.users_error_role()),
		password: newPassword()
	});

// The role form: one of the staff roles, or the empty choice, which takes the role away.
const RoleChoice = v.union([
	v.picklist(STAFF_ROLES),
	v.pipe(
		v.literal(''),
		v.transform(() => null)
	)
]);

export const actions = {
	create: async (event) => {
		requirePermission(event, 'manage_users');
		const form = await event.request.formData();
		const values = { email: formText(form, 'email'), role: formText(form, 'role') };
		const parsed = v.safeParse(NewUser(), {
			...values,
			password: formText(form, 'password')
		});
		if (!parsed.success)
			return fail(400, { values, errors: fieldErrors(parsed.issues), message: '' });
		try {
			await createLocalAccount(await getDatabase(), parsed.output);
		} catch (e) {
			if (e instanceof AccountExistsError)
				return fail(409, { values, errors: { email: m.users_error_exists() }, message: '' });
			throw e;
		}
		return { created: parsed.output.email };
	},
	role: async (event) => {
		const me = requirePermission(event, 'manage_users');
		const form = await event.request.formData();
		const id = formText(form, 'id');
		if (id === me.id) return fail(400, { message: m.users_error_self() });
		const choice = v.safeParse(RoleChoice, form.get('role') ?? '');
		if (!choice.success) return fail(400, { message: m.users_error_role() });
		const role = choice.output;
		await event.locals.db(async (tx) => {
			if (!role) await tx.query('delete from public.profiles where id = $1', [id]);
			else
				await tx.query(
					'insert into public.profiles (id, role) values ($1, $2) on conflict (id) do update set role = excluded.role',
					[id, role]
				);
		});
		return { saved: true };
	},
	disable: async (event) => {
		const me = requirePermission(event, 'manage_users');
		const form = await event.request.formData();
		const id = formText(form, 'id');
		const disabled = form.get('disabled') === 'true';
		if (id === me.id) return fail(400, { message: m.users_error_self() });
		await event.locals.db((tx) =>
			tx.query('select private.set_local_account_disabled($1, $2)', [id, disabled])
		);
		return { saved: true };
	},
	/**
	 * "Wyślij link do zmiany hasła": a reset link to a local account, by mail through the outbox.
	 * Without a mail server the message is only held there, so the admin sees the link once, here,
	 * to pass it on; it is not kept anywhere it could be read again.
	 */
	reset: async (event) => {
		requirePermission(event, 'manage_users');
		const form = await event.request.formData();
		const id = formText(form, 'id');
		if (!UUID.test(id)) return fail(400, { message: m.setup_users_reset_unknown() });
		const { hmac } = await getSecrets();
		let sent: { path: string; email: string };
		try {
			sent = await event.locals.db((tx) => sendPasswordReset(tx, hmac, id, getLocale()));
		} catch (e) {
			if (sqlstateOf(e) === SQLSTATE.notFound)
				return fail(404, { message: m.setup_users_reset_unknown() });
			throw e;
		}
		const env = getEnv();
		if (env.mail.smtp) {
			pokeMailer();
			return { resetSent: sent.email };
		}
		const link = localizeUrl(new URL(sent.path, `${env.mail.baseUrl}/`)).href;
		return { resetSent: sent.email, resetLink: link };
	}
} satisfies Actions;
