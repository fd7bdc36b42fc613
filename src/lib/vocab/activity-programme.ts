import * as m from '../paraglide/messages.js';
import { labelOf, type Label } from './label.ts';

// The programme's own classification of an activity: one category and any number of goals (the
// `activities.programme_category` and `activities.goals` CHECK constraints).

export const PROGRAMME_CATEGORIES = [
	'community_animation',
	'community_education',
	'civic_activation'
] as const;
export type ProgrammeCategory = (typeof PROGRAMME_CATEGORIES)[number];

export const ACTIVITY_GOALS = [
	'social_bonds',
	'service_promotion',
	'cultural_heritage',
	'interests',
	'cultural_activity',
	'entrepreneurship',
	'social_campaigns'
] as const;
export type ActivityGoal = (typeof ACTIVITY_GOALS)[number];

export const PROGRAMME_CATEGORY_LABELS: Readonly<Record<ProgrammeCategory, Label>> = {
	community_animation: m.act_cat_animacja,
	community_education: m.act_cat_edukacja,
	civic_activation: m.act_cat_aktywizacja
};

export const ACTIVITY_GOAL_LABELS: Readonly<Record<ActivityGoal, Label>> = {
	social_bonds: m.act_goal_wiezi,
	service_promotion: m.act_goal_uslugi,
	cultural_heritage: m.act_goal_dziedzictwo,
	interests: m.act_goal_zainteresowania,
	cultural_activity: m.act_goal_kultura,
	entrepreneurship: m.act_goal_przedsiebiorczosc,
	social_campaigns: m.act_goal_kampanie
};

export const programmeCategoryLabel = (category: string) =>
	labelOf(PROGRAMME_CATEGORY_LABELS, category);

export const activityGoalLabel = (goal: string) => labelOf(ACTIVITY_GOAL_LABELS, goal);
