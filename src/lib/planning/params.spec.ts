import { describe, expect, it } from 'vitest';
import { parsePlanningParams, planActivityHref } from './params';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('parsePlanningParams', () => {
	it('falls back to the documented defaults', () => {
		expect(parsePlanningParams(new URLSearchParams())).toEqual({
			village: null,
			solectwo: null,
			radius: 3000,
			category: 'swietlica',
			reach: 2000,
			needs: [],
			minCapacity: null,
			stepFree: false,
			errors: []
		});
	});

	it('reads a full query; a village wins over a sołectwo', () => {
		const p = parsePlanningParams(
			new URLSearchParams(
				`wies=kramsk&solectwo=s&r=1500&kategoria=osp&zasieg=800&potrzeba=${A}&potrzeba=${B},${A}&pojemnosc=30&bez_barier=tak`
			)
		);
		expect(p).toMatchObject({
			village: 'kramsk',
			solectwo: null,
			radius: 1500,
			category: 'osp',
			reach: 800,
			needs: [A, B],
			minCapacity: 30,
			stepFree: true,
			errors: []
		});
	});

	it('reports bad values and keeps the defaults', () => {
		const p = parsePlanningParams(
			new URLSearchParams('solectwo=Zła!&r=-5&zasieg=0&pojemnosc=1.5&potrzeba=nie-uuid')
		);
		expect(p.solectwo).toBeNull();
		expect(p.radius).toBe(3000);
		expect(p.reach).toBe(2000);
		expect(p.minCapacity).toBeNull();
		expect(p.needs).toEqual([]);
		expect(p.errors.sort()).toEqual(['capacity', 'radius', 'reach', 'slug']);
	});
});

describe('planActivityHref', () => {
	it('builds the link the activities form reads', () => {
		expect(planActivityHref('kramsk', A, [A, B])).toBe(
			`/panel/dzialania/nowe?wies=kramsk&venue=${A}&needs=${A},${B}`
		);
		expect(planActivityHref(null, A, [])).toBe(`/panel/dzialania/nowe?venue=${A}`);
	});
});
