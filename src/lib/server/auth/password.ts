import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { PASSWORD_LENGTH } from './local';

/**
 * The form rules of staff accounts, one for every form that takes them (a new account, the first
 * admin, a new password): functions, so each request gets its messages in its own language.
 */
export const staffEmail = () =>
	v.pipe(v.string(), v.trim(), v.email(m.users_error_email()), v.maxLength(254));

export const newPassword = () =>
	v.pipe(
		v.string(),
		v.minLength(PASSWORD_LENGTH.min, m.users_error_password()),
		v.maxLength(PASSWORD_LENGTH.max, m.users_error_password())
	);
