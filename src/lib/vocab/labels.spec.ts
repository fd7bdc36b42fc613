import { describe, expect, it } from 'vitest';
import { locales } from '../paraglide/runtime.js';
import { ABUSE_REASONS, ABUSE_REASON_LABELS, abuseReasonLabel } from './abuse-reason.ts';
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS } from './activity-kind.ts';
import {
	ACTIVITY_GOALS,
	ACTIVITY_GOAL_LABELS,
	PROGRAMME_CATEGORIES,
	PROGRAMME_CATEGORY_LABELS
} from './activity-programme.ts';
import { ACTIVITY_STATUSES, ACTIVITY_STATUS_LABELS } from './activity-status.ts';
import { DIAGNOSIS_STATUSES, DIAGNOSIS_STATUS_LABELS } from './diagnosis-status.ts';
import type { Label } from './label.ts';
import { MAIL_STATES, MAIL_STATE_LABELS } from './mail-state.ts';
import { NEED_KINDS, NEED_KIND_LABELS, NEED_KIND_PLANNING_LABELS } from './need-kind.ts';
import {
	NEED_STATUSES,
	NEED_STATUS_EXPLANATIONS,
	NEED_STATUS_LABELS,
	NEED_STATUS_PICKER_LABELS,
	NEED_STATUS_PLANNING_LABELS,
	SETTABLE_NEED_STATUSES,
	needStatusExplanation,
	needStatusLabel
} from './need-status.ts';
import { AMENITIES, AMENITY_LABELS } from './resource-amenity.ts';
import {
	RESOURCE_STATUSES,
	RESOURCE_STATUS_LABELS,
	RESOURCE_STATUS_PLANNING_LABELS
} from './resource-status.ts';
import { STEP_FREE, STEP_FREE_LABELS } from './step-free.ts';

/** Each label table with the values it must name: all of a vocabulary, or the subset a screen shows. */
const TABLES: [string, readonly string[], Readonly<Record<string, Label>>][] = [
	['need status', NEED_STATUSES, NEED_STATUS_LABELS],
	['need status explanation', NEED_STATUSES, NEED_STATUS_EXPLANATIONS],
	['need status (planning)', SETTABLE_NEED_STATUSES, NEED_STATUS_PLANNING_LABELS],
	['need status (need picker)', SETTABLE_NEED_STATUSES, NEED_STATUS_PICKER_LABELS],
	['need kind', NEED_KINDS, NEED_KIND_LABELS],
	['need kind (planning)', NEED_KINDS, NEED_KIND_PLANNING_LABELS],
	['resource status', RESOURCE_STATUSES, RESOURCE_STATUS_LABELS],
	['resource status (planning)', ['draft', 'published'], RESOURCE_STATUS_PLANNING_LABELS],
	['amenity', AMENITIES, AMENITY_LABELS],
	['step-free access', STEP_FREE, STEP_FREE_LABELS],
	['activity status', ACTIVITY_STATUSES, ACTIVITY_STATUS_LABELS],
	['activity kind', ACTIVITY_KINDS, ACTIVITY_KIND_LABELS],
	['programme category', PROGRAMME_CATEGORIES, PROGRAMME_CATEGORY_LABELS],
	['activity goal', ACTIVITY_GOALS, ACTIVITY_GOAL_LABELS],
	['abuse reason', ABUSE_REASONS, ABUSE_REASON_LABELS],
	['diagnosis status', DIAGNOSIS_STATUSES, DIAGNOSIS_STATUS_LABELS],
	['mail state', MAIL_STATES, MAIL_STATE_LABELS]
];

describe('vocabulary labels', () => {
	it.each(TABLES)(
		'%s: every value, and only those, has a label in each language',
		(_, values, labels) => {
			expect(Object.keys(labels).sort()).toEqual([...values].sort());
			for (const value of values)
				for (const locale of locales)
					expect(labels[value]({}, { locale }).trim(), `${value} ${locale}`).not.toBe('');
		}
	);

	it('the locale argument picks the language: a mail goes out in the reporter’s', () => {
		expect(needStatusLabel('in_analysis', 'pl')).toBe('W analizie');
		expect(needStatusLabel('in_analysis', 'en')).toBe('Under review');
	});

	it('an unknown code is shown as stored; an unknown abuse reason reads as "other"', () => {
		expect(needStatusLabel('zawieszone', 'pl')).toBe('zawieszone');
		expect(needStatusExplanation('zawieszone', 'pl')).toBe('');
		expect(abuseReasonLabel('zawieszone')).toBe(abuseReasonLabel('other'));
	});
});
