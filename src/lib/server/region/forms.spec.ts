import { describe, expect, it } from 'vitest';
import { PopulationSchema, UpdateSchema, UploadSchema, validate } from './forms.ts';

describe('region admin forms', () => {
	const update = {
		id: '7',
		name: '  Rudzica ',
		soltys: '',
		soltys_since: '2024-05-01',
		population: '1041',
		population_year: '2021',
		population_source: ''
	};

	it('trims text, turns empty fields into null and numbers into numbers', () => {
		expect(validate(UpdateSchema, update)).toEqual({
			ok: true,
			data: {
				id: 7,
				name: 'Rudzica',
				soltys: null,
				soltys_since: '2024-05-01',
				population: 1041,
				population_year: '2021',
				population_source: null
			}
		});
	});

	it('reports one message per bad field', () => {
		const result = validate(UpdateSchema, {
			...update,
			name: ' ',
			soltys_since: '2024-13-45',
			population: '-3'
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(Object.keys(result.errors).sort()).toEqual(['name', 'population', 'soltys_since']);
		expect(result.errors.population).toMatch(/liczb|number/i);
	});

	it('a locality is required for its population; the upload knows two levels and two intents', () => {
		const pop = validate(PopulationSchema, {
			locality: '',
			population: '',
			population_year: '',
			population_source: ''
		});
		expect(pop.ok ? [] : Object.keys(pop.errors)).toEqual(['locality']);
		expect(
			validate(UploadSchema, { level: 'solectwo', note: ' PRG ', intent: 'apply', confirm: 'yes' })
		).toEqual({
			ok: true,
			data: { level: 'solectwo', note: 'PRG', intent: 'apply', confirm: 'yes' }
		});
		expect(validate(UploadSchema, { level: 'gmina', note: '', intent: 'check' }).ok).toBe(false);
	});
});
