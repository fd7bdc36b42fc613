import * as m from '$lib/paraglide/messages';
import { freeText } from '$lib/text';
import { isUuid } from '$lib/uuid';
import { FIGURE_ROWS, FIGURE_ROWS_SHOWN, INDICATORS, type Indicator } from '$lib/plans/types';
import { ACTIVITY_GOALS, type ActivityGoal } from '$lib/vocab/activity-programme';
import { formText } from '../forms/text.ts';
import type { PlanInput, ReportInput } from './queries.ts';

// The panel's plan and report forms: what was posted, kept as typed for a refused form, and the
// input of public.save_plan / public.save_plan_report once every field passes.

const MAX_BODY = 20000;
const MAX_NOTE = 2000;
const MAX_TARGET = 1_000_000;

export interface PlanFormValues {
	body: string;
	targets: Record<Indicator, string>;
	goals: ActivityGoal[];
	notes: Partial<Record<ActivityGoal, string>>;
	needs: Partial<Record<ActivityGoal, string[]>>;
}

type Errors = Record<string, string>;

/** The body of a narrative: its text, or an error (a NUL character, or over the limit). */
function body(form: FormData, name: string, errors: Errors): string {
	const text = freeText(form.get(name));
	if (text === null) errors[name] = m.auth_text_nul();
	else if (text.length > MAX_BODY) errors[name] = m.diag_err_body();
	return text ?? formText(form, name);
}

export function readPlanForm(form: FormData) {
	const errors: Errors = {};
	const values: PlanFormValues = {
		body: body(form, 'body', errors),
		targets: Object.fromEntries(
			INDICATORS.map((i) => [i, formText(form, `target_${i}`).trim()])
		) as Record<Indicator, string>,
		goals: ACTIVITY_GOALS.filter((g) => form.getAll('goals').includes(g)),
		notes: {},
		needs: {}
	};
	const targets: Record<string, number | null> = {};
	for (const i of INDICATORS) {
		const raw = values.targets[i];
		const n = raw === '' ? null : Number(raw);
		if (n !== null && (!Number.isInteger(n) || n < 0 || n > MAX_TARGET))
			errors[`target_${i}`] = m.plans_err_target();
		targets[i] = n;
	}
	for (const g of ACTIVITY_GOALS) {
		const note = freeText(form.get(`note_${g}`));
		values.notes[g] = note ?? formText(form, `note_${g}`);
		values.needs[g] = form.getAll(`needs_${g}`).filter((x): x is string => typeof x === 'string');
		if (note === null) errors[`note_${g}`] = m.auth_text_nul();
		else if (note.length > MAX_NOTE) errors[`note_${g}`] = m.plans_err_note({ max: MAX_NOTE });
		if (!values.needs[g].every(isUuid)) errors[`needs_${g}`] = m.plans_err_needs();
	}
	const input: PlanInput = {
		body: values.body,
		targets,
		goals: values.goals.map((g) => ({
			goal: g,
			note: values.notes[g] ?? '',
			needs: values.needs[g] ?? []
		}))
	};
	return { values, errors, input };
}

export interface ReportFormValues {
	report_body: string;
	figures: { label: string; value: string; unit: string }[];
}

/** A number as Polish or English write it: "1 200,50", "1200.5". */
function parseAmount(text: string): number | null {
	const cleaned = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
	const n = Number(cleaned);
	return Number.isFinite(n) && Math.abs(n) < 1e12 ? n : null;
}

export function readReportForm(form: FormData) {
	const errors: Errors = {};
	const values: ReportFormValues = { report_body: body(form, 'report_body', errors), figures: [] };
	const figures: NonNullable<ReportInput['manual_figures']> = [];
	for (let i = 0; i < FIGURE_ROWS; i++) {
		const row = {
			label: formText(form, `figure_label_${i}`).trim(),
			value: formText(form, `figure_value_${i}`).trim(),
			unit: formText(form, `figure_unit_${i}`).trim()
		};
		values.figures.push(row);
		if (row.label === '' && row.value === '' && row.unit === '') continue;
		const amount = parseAmount(row.value);
		const label = freeText(row.label);
		if (!label || label.length > 200 || amount === null || row.unit.length > 20) {
			errors[`figure_value_${i}`] = m.plans_err_figure({ n: i + 1 });
			continue;
		}
		figures.push({ label, value: amount, ...(row.unit ? { unit: row.unit } : {}) });
	}
	// A refused form shows the rows typed and a few empty ones, not all thirty.
	const used = values.figures.findLastIndex(
		(f) => f.label !== '' || f.value !== '' || f.unit !== ''
	);
	values.figures = values.figures.slice(0, Math.min(used + 1 + FIGURE_ROWS_SHOWN, FIGURE_ROWS));
	return {
		values,
		errors,
		input: { body: values.report_body, manual_figures: figures } satisfies ReportInput
	};
}
