import * as m from '../paraglide/messages.js';
import { defineVocab } from './label.ts';

// The programme's own classification of an activity: one category and any number of goals (the
// `activities.programme_category` and `activities.goals` CHECK constraints).

export const [PROGRAMME_CATEGORIES, PROGRAMME_CATEGORY_LABELS, programmeCategoryLabel] =
	defineVocab({
		community_animation: m.act_cat_animacja,
		community_education: m.act_cat_edukacja,
		civic_activation: m.act_cat_aktywizacja
	});
export type ProgrammeCategory = (typeof PROGRAMME_CATEGORIES)[number];

export const [ACTIVITY_GOALS, ACTIVITY_GOAL_LABELS, activityGoalLabel] = defineVocab({
	social_bonds: m.act_goal_wiezi,
	service_promotion: m.act_goal_uslugi,
	cultural_heritage: m.act_goal_dziedzictwo,
	interests: m.act_goal_zainteresowania,
	cultural_activity: m.act_goal_kultura,
	entrepreneurship: m.act_goal_przedsiebiorczosc,
	social_campaigns: m.act_goal_kampanie
});
export type ActivityGoal = (typeof ACTIVITY_GOALS)[number];
