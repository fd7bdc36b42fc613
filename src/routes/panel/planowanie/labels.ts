import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** Label in the page's language from a row carrying both (categories come from the DB). */
export const label = (row: { label_pl: string; label_en: string }) =>
	getLocale() === 'en' ? row.label_en : row.label_pl;

export const kindLabel = (kind: string) =>
	kind === 'pomysl' ? m.plan_kind_idea() : m.plan_kind_need();

export const stepFreeLabel = (value: string | null) =>
	value === 'yes'
		? m.plan_step_free_yes()
		: value === 'partly'
			? m.plan_step_free_partly()
			: value === 'no'
				? m.plan_step_free_no()
				: m.plan_unknown();

export const statusLabel = (status: string) =>
	({
		nowe: m.plan_status_nowe(),
		opublikowane: m.plan_status_opublikowane(),
		w_analizie: m.plan_status_w_analizie(),
		zaplanowane: m.plan_status_zaplanowane(),
		w_realizacji: m.plan_status_w_realizacji(),
		zrealizowane: m.plan_status_zrealizowane(),
		draft: m.plan_status_draft(),
		published: m.plan_status_published()
	})[status] ?? status;

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
