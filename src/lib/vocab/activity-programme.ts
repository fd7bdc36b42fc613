import * as m from '../paraglide/messages.js';
import { labelOf, type Label } from './label.ts';

// The programme's own classification of an activity: one category and any number of goals (the
// `activities.programme_category` and `activities.goals` CHECK constraints).

export const PROGRAMME_CATEGORIES = [
	'animacja-lokalna',
	'edukacja-srodowiskowa',
	'dzialania-aktywizujace'
] as const;
export type ProgrammeCategory = (typeof PROGRAMME_CATEGORIES)[number];

export const ACTIVITY_GOALS = [
	'wiezi-i-integracja',
	'promocja-uslug',
	'dziedzictwo-kulturowe',
	'rozwoj-zainteresowan',
	'dzialalnosc-kulturalna',
	'przedsiebiorczosc',
	'kampanie-spoleczne'
] as const;
export type ActivityGoal = (typeof ACTIVITY_GOALS)[number];

export const PROGRAMME_CATEGORY_LABELS: Readonly<Record<ProgrammeCategory, Label>> = {
	'animacja-lokalna': m.act_cat_animacja,
	'edukacja-srodowiskowa': m.act_cat_edukacja,
	'dzialania-aktywizujace': m.act_cat_aktywizacja
};

export const ACTIVITY_GOAL_LABELS: Readonly<Record<ActivityGoal, Label>> = {
	'wiezi-i-integracja': m.act_goal_wiezi,
	'promocja-uslug': m.act_goal_uslugi,
	'dziedzictwo-kulturowe': m.act_goal_dziedzictwo,
	'rozwoj-zainteresowan': m.act_goal_zainteresowania,
	'dzialalnosc-kulturalna': m.act_goal_kultura,
	przedsiebiorczosc: m.act_goal_przedsiebiorczosc,
	'kampanie-spoleczne': m.act_goal_kampanie
};

export const programmeCategoryLabel = (category: string) =>
	labelOf(PROGRAMME_CATEGORY_LABELS, category);

export const activityGoalLabel = (goal: string) => labelOf(ACTIVITY_GOAL_LABELS, goal);
