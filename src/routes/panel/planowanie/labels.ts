import * as m from '$lib/paraglide/messages';
import { formatNumber, formatShare } from '$lib/presentation/format';
import { stepFreeLabel as stepFreeBase } from '$lib/vocab/step-free';

/** Step-free access of a venue; "brak danych" when nobody has checked. */
export const stepFreeLabel = (value: string | null) => stepFreeBase(value, m.plan_unknown);

export const percent = formatShare;

export const metres = (value: number) =>
	value >= 1000
		? m.plan_km({ km: formatNumber(value / 1000, 2) })
		: m.plan_m({ m: formatNumber(value, 0) });
