import { describe, expect, it } from 'vitest';
import { answerCategory, answerReport } from './answer';

const fields = (answer: string) => ({
	answer,
	category: '',
	lon: '18.4',
	lat: '52.2',
	village: '',
	idempotency_key: 'k-123456789'
});

describe('answerReport', () => {
	it('the text is the title; none or a too short one gives the Polish fixed title', () => {
		expect(answerReport(fields('  Ławka  '), 'seniorzy')).toEqual(
			expect.objectContaining({
				kind: 'need',
				category: 'seniorzy',
				title: 'Ławka',
				description: ''
			})
		);
		expect(answerReport(fields(''), 'seniorzy').title).toBe('Miejsce wskazane na mapie');
		expect(answerReport(fields('ok'), 'seniorzy')).toEqual(
			expect.objectContaining({ title: 'Miejsce wskazane na mapie', description: 'ok' })
		);
	});

	it('a text over the title limit is cut on whole characters and kept whole as the description', () => {
		const text = `${'a'.repeat(118)}😀😀 i dalej`;
		const report = answerReport(fields(text), 'seniorzy');
		expect(report.title).toBe(`${'a'.repeat(118)}…`);
		expect(report.title.length).toBeLessThanOrEqual(120);
		expect(report.description).toBe(text);
	});
});

describe('answerCategory', () => {
	it('the session’s own category, or one of the organizer’s choices', () => {
		const own = { category: 'seniorzy', choices: [] };
		expect(answerCategory(own, '')).toBe('seniorzy');
		expect(answerCategory(own, 'kultura')).toBe('seniorzy');
		const listed = { category: 'seniorzy', choices: ['transport', 'kultura'] };
		expect(answerCategory(listed, 'kultura')).toBe('kultura');
		expect(answerCategory(listed, '')).toBeNull();
		expect(answerCategory(listed, 'seniorzy')).toBeNull();
	});
});
