import { describe, expect, it } from 'vitest';
import { locales } from '../paraglide/runtime.js';
import { abuseReasonLabel } from './abuse-reason.ts';
import { defineVocab, type Label } from './label.ts';
import { needStatusExplanation, needStatusLabel } from './need-status.ts';

/** A table of Paraglide messages keyed by stored code, as every vocabulary module exports. */
const isLabelTable = (value: unknown): value is Readonly<Record<string, Label>> =>
	typeof value === 'object' &&
	value !== null &&
	!Array.isArray(value) &&
	Object.values(value).every((label) => typeof label === 'function');

// Every label table of every vocabulary module beside this file, found by its exports, so a new
// vocabulary is checked without being listed here. The tables that name only part of a
// vocabulary (planning, picker) have their keys fixed by their types.
const modules = import.meta.glob<Record<string, unknown>>(['./*.ts', '!./*.spec.ts'], {
	eager: true
});
const TABLES = Object.entries(modules).flatMap(([file, exports]) =>
	Object.entries(exports).flatMap(([name, table]) =>
		isLabelTable(table) && Object.keys(table).length > 0
			? [[`${file} ${name}`, table] as const]
			: []
	)
);

describe('vocabulary labels', () => {
	it('finds the label tables of every vocabulary module', () => {
		expect(TABLES.length).toBeGreaterThanOrEqual(17);
	});

	it.each(TABLES)('%s: every code has a label in each language', (_, labels) => {
		for (const [value, label] of Object.entries(labels))
			for (const locale of locales)
				expect(label({}, { locale }).trim(), `${value} ${locale}`).not.toBe('');
	});

	it('defineVocab: the codes in the table’s order, each named; an unknown code as stored', () => {
		const table = { zeta: () => 'Z', alpha: () => 'A' };
		const [values, labels, label] = defineVocab(table);
		expect(values).toEqual(['zeta', 'alpha']);
		expect(labels).toBe(table);
		expect(values.map(label)).toEqual(['Z', 'A']);
		expect(label('beta')).toBe('beta');
	});

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
