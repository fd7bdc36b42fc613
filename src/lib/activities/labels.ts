import * as m from '$lib/paraglide/messages';
import type { ActivityGoal, ActivityKind, ActivityStatus, ProgrammeCategory } from './types';

// Human labels of the activity enums, through Paraglide (Polish and English).

const KIND: Record<ActivityKind, () => string> = {
	'spotkanie-obywatelskie': m.act_kind_spotkanie,
	'partnerstwo-lokalne': m.act_kind_partnerstwo,
	'wydarzenie-spoleczne': m.act_kind_wydarzenie,
	wolontariat: m.act_kind_wolontariat,
	'grupa-samopomocowa': m.act_kind_samopomoc,
	'konsultacje-spoleczne': m.act_kind_konsultacje,
	warsztaty: m.act_kind_warsztaty,
	'kampania-spoleczna': m.act_kind_kampania
};

const CATEGORY: Record<ProgrammeCategory, () => string> = {
	'animacja-lokalna': m.act_cat_animacja,
	'edukacja-srodowiskowa': m.act_cat_edukacja,
	'dzialania-aktywizujace': m.act_cat_aktywizacja
};

const GOAL: Record<ActivityGoal, () => string> = {
	'wiezi-i-integracja': m.act_goal_wiezi,
	'promocja-uslug': m.act_goal_uslugi,
	'dziedzictwo-kulturowe': m.act_goal_dziedzictwo,
	'rozwoj-zainteresowan': m.act_goal_zainteresowania,
	'dzialalnosc-kulturalna': m.act_goal_kultura,
	przedsiebiorczosc: m.act_goal_przedsiebiorczosc,
	'kampanie-spoleczne': m.act_goal_kampanie
};

const STATUS: Record<ActivityStatus, () => string> = {
	planowane: m.act_status_planowane,
	potwierdzone: m.act_status_potwierdzone,
	'odbylo-sie': m.act_status_odbylo,
	odwolane: m.act_status_odwolane
};

export const kindLabel = (k: ActivityKind) => KIND[k]?.() ?? k;
export const categoryLabel = (c: ProgrammeCategory) => CATEGORY[c]?.() ?? c;
export const goalLabel = (g: ActivityGoal) => GOAL[g]?.() ?? g;
export const statusLabel = (s: ActivityStatus) => STATUS[s]?.() ?? s;

export function stepFreeLabel(value: 'yes' | 'no' | 'partly' | null): string {
	if (value === 'yes') return m.act_step_free_yes();
	if (value === 'partly') return m.act_step_free_partly();
	if (value === 'no') return m.act_step_free_no();
	return m.act_step_free_unknown();
}

/** "5 grudnia 2026, 17:00–19:30" in the page's language; from PostgreSQL's local strings. */
export function whenLabel(
	a: { date: string | null; start_time: string | null; end_time: string | null },
	locale: string
): string {
	if (!a.date) return m.act_when_unknown();
	const [y, mo, d] = a.date.split('-').map(Number);
	const day = new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		weekday: 'long',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(y, mo - 1, d)));
	const time = a.start_time ? (a.end_time ? `${a.start_time}–${a.end_time}` : a.start_time) : '';
	return time ? `${day}, ${time}` : day;
}
