import * as m from '$lib/paraglide/messages';

// Labels of the register's venue access, in the page's language (coded values: $lib/vocab).

export function stepFreeLabel(value: string | null): string {
	if (value === 'yes') return m.res_step_free_yes();
	if (value === 'no') return m.res_step_free_no();
	if (value === 'partly') return m.res_step_free_partly();
	return m.res_step_free_unknown();
}
