import * as m from '$lib/paraglide/messages';
import { formatMoney } from '$lib/presentation/format';
import { freeText } from '$lib/text';
import { isUuid } from '$lib/uuid';
import { FUND_INITIATORS, FUND_PROPOSAL_STATUSES, type FundProposalStatus } from '$lib/vocab/fund';
import { isOneOf } from '$lib/vocab/label';
import { SQLSTATE, sqlstateOf } from '../db/sqlstate.ts';
import type { FundAllocationInput, FundYearInput } from './queries.ts';

// The village fund's panel forms: what each posts, checked here field by field with a Polish
// message each, and the database's own refusals (…_village_fund.sql) turned into the same kind of
// message. The database checks everything again; these checks only word the common mistakes.

export type Values = Record<string, string | string[]>;
export type Errors = Record<string, string>;

/** The posted fields as text (a repeated field, the needs, as a list). */
export function formValues(form: FormData, lists: readonly string[] = []): Values {
	const values: Values = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).filter((x): x is string => typeof x === 'string');
		values[key] = lists.includes(key) ? all : (all[0] ?? '');
	}
	for (const key of lists) values[key] ??= [];
	return values;
}

const text = (values: Values, name: string) => {
	const raw = values[name];
	return typeof raw === 'string' ? raw : '';
};

/** Złoty with at most two decimals, a comma or a point, spaces between thousands: 1 250,50. */
export function parseMoney(raw: string): number | null {
	const compact = raw.replace(/[\s\u00a0]/g, '').replace(/zł$/i, '');
	if (!/^\d{1,9}([.,]\d{1,2})?$/.test(compact)) return null;
	const amount = Number(compact.replace(',', '.'));
	return amount > 0 ? amount : null;
}

/** A whole number, zero or more, up to 100 000 (the schema's bounds). */
export function parseCount(raw: string): number | null {
	const compact = raw.replace(/[\s\u00a0]/g, '');
	if (!/^\d{1,6}$/.test(compact)) return null;
	const n = Number(compact);
	return n <= 100000 ? n : null;
}

const isDate = (raw: string) => /^\d{4}-\d{2}-\d{2}$/.test(raw) && !isNaN(Date.parse(raw));

/** A free text within `max` characters (trimmed), or an error. */
function limited(
	values: Values,
	name: string,
	min: number,
	max: number,
	errors: Errors,
	message: string
) {
	const t = freeText(text(values, name));
	if (t === null || t.length > max || t.length < min) {
		errors[name] = t !== null && t.length > max && min === 0 ? m.fund_err_text() : message;
		return '';
	}
	return t;
}

export function yearInput(values: Values): { input?: FundYearInput; errors: Errors } {
	const errors: Errors = {};
	const year = parseCount(text(values, 'year'));
	if (year === null || year < 2015 || year > 2100) errors.year = m.fund_err_year();
	const revenue = parseMoney(text(values, 'current_revenue'));
	if (revenue === null) errors.current_revenue = m.fund_err_amount();
	const population = parseCount(text(values, 'gmina_population'));
	if (!population) errors.gmina_population = m.fund_err_count();
	const source = limited(values, 'source', 0, 500, errors, m.fund_err_text());
	if (Object.keys(errors).length > 0) return { errors };
	return {
		input: {
			year: year as number,
			current_revenue: revenue as number,
			gmina_population: population as number,
			source
		},
		errors
	};
}

export function allocationInput(values: Values): { input?: FundAllocationInput; errors: Errors } {
	const errors: Errors = {};
	const population = parseCount(text(values, 'population'));
	if (population === null) errors.population = m.fund_err_count();
	const date = text(values, 'population_date');
	if (!isDate(date)) errors.population_date = m.fund_err_date();
	const overrideText = text(values, 'override_amount').trim();
	const override = overrideText === '' ? null : parseMoney(overrideText);
	if (overrideText !== '' && override === null) errors.override_amount = m.fund_err_amount();
	const reason = limited(values, 'override_reason', 0, 500, errors, m.fund_err_reason());
	if (override !== null && reason.length < 3) errors.override_reason = m.fund_err_reason();
	if (Object.keys(errors).length > 0) return { errors };
	return {
		input: {
			population: population as number,
			population_date: date,
			override_amount: override,
			override_reason: override === null ? '' : reason
		},
		errors
	};
}

export function assemblyInput(values: Values): { input?: object; errors: Errors } {
	const errors: Errors = {};
	const held = text(values, 'held_on');
	if (!isDate(held)) errors.held_on = m.fund_err_date();
	const attendance = parseCount(text(values, 'attendance'));
	if (!attendance) errors.attendance = m.fund_err_attendance();
	const initiator = text(values, 'initiator');
	if (!isOneOf(FUND_INITIATORS, initiator)) errors.initiator = m.fund_err_initiator();
	const count = parseCount(text(values, 'initiator_count'));
	// "co najmniej 15 pełnoletnich mieszkańców sołectwa" (art. 5 ust. 2).
	if (initiator === 'residents' && (count === null || count < 15))
		errors.initiator_count = m.fund_err_initiator_count();
	const notes = limited(values, 'notes', 0, 2000, errors, m.fund_err_text());
	if (Object.keys(errors).length > 0) return { errors };
	return {
		input: {
			held_on: held,
			attendance,
			initiator,
			initiator_count: initiator === 'residents' ? count : null,
			notes
		},
		errors
	};
}

export function proposalInput(values: Values): { input?: object; errors: Errors } {
	const errors: Errors = {};
	const title = limited(values, 'title', 3, 200, errors, m.fund_err_title());
	const cost = parseMoney(text(values, 'cost'));
	if (cost === null) errors.cost = m.fund_err_amount();
	const justification = limited(
		values,
		'justification',
		3,
		2000,
		errors,
		m.fund_err_justification()
	);
	const status = text(values, 'status') || 'draft';
	if (!isOneOf(FUND_PROPOSAL_STATUSES, status)) errors.status = m.fund_err_status();
	const votes = ['votes_for', 'votes_against', 'votes_abstain'].map((name) => {
		const raw = text(values, name).trim();
		return raw === '' ? null : parseCount(raw);
	});
	const voted = status !== 'draft';
	if (voted && votes.some((n) => n === null)) errors.votes_for = m.fund_err_votes();
	const outcome = limited(values, 'outcome', 0, 2000, errors, m.fund_err_text());
	const needs = values.needs;
	const needIds = Array.isArray(needs) ? needs : [];
	if (!needIds.every(isUuid)) errors.needs = m.fund_err_need_outside();
	const id = text(values, 'id');
	if (id !== '' && !/^\d{1,18}$/.test(id)) errors.form = m.fund_err_proposal();
	if (Object.keys(errors).length > 0) return { errors };
	return {
		input: {
			id: id === '' ? null : Number(id),
			title,
			cost,
			justification,
			status: status as FundProposalStatus,
			votes_for: voted ? votes[0] : null,
			votes_against: voted ? votes[1] : null,
			votes_abstain: voted ? votes[2] : null,
			outcome,
			need_ids: needIds
		},
		errors
	};
}

/**
 * A refusal of the database as a form error, or null for an error the form does not expect.
 * MZ422 fund_over_amount carries the total and the amount in DETAIL (the SQL's own check).
 */
export function fundRefusal(e: unknown): { status: 403 | 422; errors: Errors } | null {
	const code = sqlstateOf(e);
	if (code === SQLSTATE.insufficientPrivilege)
		return { status: 403, errors: { form: m.fund_err_forbidden() } };
	if (code !== SQLSTATE.unprocessable) return null;
	const errors = unprocessable(e);
	return errors && { status: 422, errors };
}

function unprocessable(e: unknown): Errors | null {
	const { message, detail } = e as { message?: string; detail?: string };
	switch (message) {
		case 'fund_over_amount': {
			const figures = JSON.parse(detail ?? '{}') as { total?: number; amount?: number };
			return {
				form: m.fund_err_over_amount({
					total: formatMoney(figures.total ?? 0),
					amount: formatMoney(figures.amount ?? 0)
				})
			};
		}
		case 'fund_need_outside':
			return { needs: m.fund_err_need_outside() };
		case 'fund_assembly_missing':
			return { status: m.fund_err_assembly_missing() };
		case 'fund_votes_over_attendance':
			return { votes_for: m.fund_err_votes_over() };
		case 'fund_year_missing':
			return { form: m.fund_err_year_missing() };
		default:
			return null;
	}
}
