import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { stepFreeLabel as stepFreeBase } from '$lib/vocab/step-free';

/** Step-free access of a venue; "brak danych" when nobody has checked. */
export const stepFreeLabel = (value: string | null) => stepFreeBase(value, m.plan_unknown);

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
