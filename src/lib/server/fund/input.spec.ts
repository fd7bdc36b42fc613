import { describe, expect, it } from 'vitest';
import { allocationInput, assemblyInput, parseCount, parseMoney, proposalInput } from './input.ts';

// The village fund forms' own checks: amounts as a Polish office writes them, the override only
// with its reason, a residents' initiative of at least 15 (ustawa o funduszu sołeckim art. 5
// ust. 2), and votes required once the assembly decided.

describe('parseMoney', () => {
	it.each([
		['1250,50', 1250.5],
		['1 250,5', 1250.5],
		['19 886 293,57', 19886293.57],
		['10721.09', 10721.09],
		['300 zł', 300]
	])('reads %s', (text, amount) => expect(parseMoney(text)).toBe(amount));
	it.each(['', '0', '-5', '1,234', '12,345,67', 'abc', '1e5'])('refuses %j', (text) =>
		expect(parseMoney(text)).toBeNull()
	);
});

describe('parseCount', () => {
	it('reads whole numbers up to 100 000 only', () => {
		expect(parseCount('77')).toBe(77);
		expect(parseCount('5 138')).toBe(5138);
		expect(parseCount('100001')).toBeNull();
		expect(parseCount('7,5')).toBeNull();
	});
});

describe('the forms', () => {
	it('keeps an override only with its reason', () => {
		const base = { population: '77', population_date: '2026-06-30' };
		expect(
			allocationInput({ ...base, override_amount: '12000', override_reason: '' }).errors
		).toHaveProperty('override_reason');
		expect(
			allocationInput({ ...base, override_amount: '', override_reason: 'bez kwoty' }).input
		).toMatchObject({ override_amount: null, override_reason: '' });
	});

	it('asks for at least 15 residents when they took the initiative', () => {
		const base = { held_on: '2026-09-10', attendance: '30', initiator: 'residents' };
		expect(assemblyInput({ ...base, initiator_count: '14' }).errors).toHaveProperty(
			'initiator_count'
		);
		expect(assemblyInput({ ...base, initiator_count: '15' }).input).toMatchObject({
			initiator_count: 15
		});
	});

	it('asks for the votes once the proposal is adopted or rejected', () => {
		const base = { title: 'Ławki', cost: '100', justification: 'Potrzebne.', needs: [] };
		expect(proposalInput({ ...base, status: 'adopted' }).errors).toHaveProperty('votes_for');
		expect(proposalInput({ ...base, status: 'draft' }).input).toMatchObject({
			status: 'draft',
			votes_for: null
		});
	});
});
