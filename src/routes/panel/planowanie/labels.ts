import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export const stepFreeLabel = (value: string | null) =>
	value === 'yes'
		? m.plan_step_free_yes()
		: value === 'partly'
			? m.plan_step_free_partly()
			: value === 'no'
				? m.plan_step_free_no()
				: m.plan_unknown();

export const percent = (share: number | null) =>
	share === null
		? '—'
		: new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(
				share
			);

export const metres = (value: number) =>
	value >= 1000
		? m.plan_km({
				km: new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 2 }).format(value / 1000)
			})
		: m.plan_m({ m: String(value) });
