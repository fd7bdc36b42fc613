import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Activity } from '$lib/activities/types';
import { formatDate } from '$lib/diagnosis/text';
import { formatCount } from '$lib/presentation/format';
import { activityKindLabel, ACTIVITY_KINDS, type ActivityKind } from '$lib/vocab/activity-kind';
import { PROGRAMME_CATEGORIES, programmeCategoryLabel } from '$lib/vocab/activity-programme';
import type { ProgrammeCategory } from '$lib/vocab/activity-programme';
import { achievedOf, INDICATORS, type Indicator, type PlanDoc } from './types';

// Texts of a plan and its yearly report shared by the pages and the documents (PDF, DOCX), in
// the request's language, built from the live figures of public.plan.

/** A label of the vocabularies (written to stand inside a sentence) as a heading or table cell. */
const capital = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);
export const categoryName = (c: ProgrammeCategory) => capital(programmeCategoryLabel(c));
export const kindName = (k: ActivityKind) => capital(activityKindLabel(k));

export const INDICATOR_LABELS: Record<Indicator, () => string> = {
	community_animation: () =>
		m.plans_ind_activities({ category: programmeCategoryLabel('community_animation') }),
	community_education: () =>
		m.plans_ind_activities({ category: programmeCategoryLabel('community_education') }),
	civic_activation: () =>
		m.plans_ind_activities({ category: programmeCategoryLabel('civic_activation') }),
	participants: m.plans_ind_participants,
	volunteers: m.plans_ind_volunteers,
	partners: m.plans_ind_partners,
	needs_done: m.plans_ind_needs_done
};

const count = (n: number | null | undefined) =>
	n === null || n === undefined ? '—' : formatCount(n);

export const planTitle = (d: PlanDoc) => m.plans_title_scope({ name: d.scope.name, year: d.year });
export const reportTitle = (d: PlanDoc) =>
	m.plans_report_title_scope({ name: d.scope.name, year: d.year });

/**
 * Under the list of needs realised in the year: how many it shows of how many there are, when
 * public.plan listed only the latest of them (it lists at most 200); null when it lists all.
 */
export function needsDoneShown(d: PlanDoc): string | null {
	const all = d.achieved.needs_done;
	return d.needs_done.length < all
		? m.plans_needs_done_partial({ shown: formatCount(d.needs_done.length), all: formatCount(all) })
		: null;
}

/** The indicators: target, achieved this year and, for the report, last year's figure. */
export function indicatorRows(d: PlanDoc) {
	return INDICATORS.map((i) => ({
		indicator: i,
		label: INDICATOR_LABELS[i](),
		target: d.plan?.targets[i] ?? null,
		achieved: achievedOf(d.achieved, i),
		previous: achievedOf(d.previous, i)
	}));
}

/** The indicator table of the plan: indicator, target, achieved so far. */
export const planIndicatorHeader = () => [
	m.plans_col_indicator(),
	m.plans_col_target(),
	m.plans_col_achieved()
];
export const planIndicatorTable = (d: PlanDoc): string[][] =>
	indicatorRows(d).map((r) => [r.label, count(r.target), count(r.achieved)]);

/** The report's table: indicator, target, achieved, previous year, change. */
export const reportIndicatorHeader = (d: PlanDoc) => [
	...planIndicatorHeader(),
	m.plans_col_previous({ year: d.previous.year }),
	m.plans_col_change()
];
export const reportIndicatorTable = (d: PlanDoc): string[][] =>
	indicatorRows(d).map((r) => [
		r.label,
		count(r.target),
		count(r.achieved),
		count(r.previous),
		signed(r.achieved - r.previous)
	]);

const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '0');

/** The activities grouped by programme category, then by kind, in the vocabularies' order. */
export function groupActivities(list: Activity[]) {
	return PROGRAMME_CATEGORIES.map((category) => ({
		category,
		label: categoryName(category),
		kinds: ACTIVITY_KINDS.map((kind) => ({
			kind,
			label: kindName(kind),
			activities: list.filter((a) => a.programme_category === category && a.kind === kind)
		})).filter((k) => k.activities.length > 0)
	}));
}

/** Where: the main village and further ones, then the venue. */
export function placeOf(a: Activity): string {
	const villages = [a.locality, ...a.localities].filter((v) => v !== null).map((v) => v.name);
	return [villages.join(', '), a.venue?.name].filter(Boolean).join(' · ') || '—';
}

/** When: the local date (and end date of a several-day activity). */
export function datesOf(a: Activity): string {
	if (!a.starts_at) return '—';
	const start = formatDate(a.starts_at);
	const end = a.ends_at && a.end_date !== a.date ? formatDate(a.ends_at) : null;
	return end ? `${start} – ${end}` : start;
}

export const partnersOf = (a: Activity) => a.partners.map((p) => p.name).join(', ') || '—';
export const needsOf = (a: Activity) => a.needs.map((n) => `${n.ref} ${n.title}`).join('; ') || '—';

/** One row of the plan's activity table. */
export const activityRow = (a: Activity): string[] => [
	a.title,
	datesOf(a),
	placeOf(a),
	partnersOf(a),
	needsOf(a)
];

export const activityHeader = () => [
	m.plans_col_activity(),
	m.plans_col_dates(),
	m.plans_col_place(),
	m.plans_col_partners(),
	m.plans_col_needs()
];

const held = (d: PlanDoc) => d.activities.filter((a) => a.status === 'held');

interface Tally {
	label: string;
	activities: number;
	participants: number;
	volunteers: number;
}

function tally(list: Activity[], keyOf: (a: Activity) => string[]): Tally[] {
	const rows = new Map<string, Tally>();
	for (const a of list)
		for (const key of keyOf(a)) {
			const row = rows.get(key) ?? { label: key, activities: 0, participants: 0, volunteers: 0 };
			row.activities += 1;
			row.participants += a.outcome_participants ?? 0;
			row.volunteers += a.outcome_volunteers ?? 0;
			rows.set(key, row);
		}
	return [...rows.values()];
}

const tallyRows = (rows: Tally[]) =>
	rows.map((r) => [
		r.label,
		formatCount(r.activities),
		formatCount(r.participants),
		formatCount(r.volunteers)
	]);

const tallyHeader = (first: string) => [
	first,
	m.plans_col_activities(),
	m.plans_ind_participants(),
	m.plans_ind_volunteers()
];

/** The report's tables of activities held: by category, by kind, by village (main and further),
 * each with its id, heading and header, then the list of the activities held itself. */
export function heldTables(d: PlanDoc) {
	const list = held(d);
	const byCategory = PROGRAMME_CATEGORIES.map(
		(c: ProgrammeCategory) =>
			tally(
				list.filter((a) => a.programme_category === c),
				() => [categoryName(c)]
			)[0] ?? { label: categoryName(c), activities: 0, participants: 0, volunteers: 0 }
	);
	const byKind = ACTIVITY_KINDS.flatMap((k) =>
		tally(
			list.filter((a) => a.kind === k),
			() => [kindName(k)]
		)
	);
	const byVillage = tally(list, (a) =>
		[a.locality, ...a.localities].filter((v) => v !== null).map((v) => v.name)
	).sort((a, b) => a.label.localeCompare(b.label, 'pl'));
	return {
		held: list,
		tallies: [
			{
				id: 'by-category',
				heading: m.plans_held_by_category(),
				header: tallyHeader(m.plans_col_category()),
				rows: tallyRows(byCategory)
			},
			{
				id: 'by-kind',
				heading: m.plans_held_by_kind(),
				header: tallyHeader(m.plans_col_kind()),
				rows: tallyRows(byKind)
			},
			{
				id: 'by-village',
				heading: m.plans_held_by_village(),
				header: tallyHeader(m.plans_col_village()),
				rows: tallyRows(byVillage)
			}
		],
		listHeader: [
			m.plans_col_activity(),
			m.plans_col_kind(),
			m.plans_col_dates(),
			m.plans_ind_participants(),
			m.plans_ind_volunteers()
		],
		listRows: list.map((a): (string | number)[] => [
			a.title,
			kindName(a.kind),
			a.starts_at ? formatDate(a.starts_at) : '—',
			a.outcome_participants ?? '—',
			a.outcome_volunteers ?? '—'
		])
	};
}

/** The partners of the activities held, with how many each took part in, most first. */
export function partnersInvolved(d: PlanDoc): [string, string][] {
	const counts = new Map<string, number>();
	for (const a of held(d))
		for (const p of a.partners) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
	return [...counts.entries()]
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'pl'))
		.map(([name, n]) => [name, formatCount(n)]);
}

/** One sentence comparing the year with the previous one. */
export function comparisonSentence(d: PlanDoc): string {
	return m.plans_report_comparison({
		year: d.year,
		previous: d.previous.year,
		activities: formatCount(d.achieved.activities),
		activities_before: formatCount(d.previous.activities),
		participants: formatCount(d.achieved.participants),
		participants_before: formatCount(d.previous.participants)
	});
}

/** A hand-entered figure as written: "1 200,5 zł". */
export function manualValue(f: { value: number; unit?: string }): string {
	const locale = getLocale() === 'en' ? 'en-GB' : 'pl-PL';
	const value = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(f.value);
	return f.unit ? `${value} ${f.unit}` : value;
}

/** The line under a plan or report: its state, the date published or the draft note. */
export function stateLine(part: { status: string; published_at: string | null } | null): string {
	if (!part) return m.plans_state_none();
	return part.status === 'published' && part.published_at
		? m.plans_published_on({ date: formatDate(part.published_at) })
		: m.plans_draft_note();
}

/** Paragraphs of a narrative (blank-line separated). */
export const paragraphs = (body: string) =>
	body
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter((p) => p !== '');

/** The plan's scope in its URL: /plany/<rok>/<obszar>. */
export const planPath = (d: { year: number; scope: { slug: string } }) =>
	`/plany/${d.year}/${d.scope.slug}` as const;

export const goalNeeds = (g: PlanDoc['goals'][number]) =>
	g.needs.map((n) => `${n.ref} ${n.title}`).join('; ') || '—';

export { count as formatTarget };
