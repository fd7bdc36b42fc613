import type { Diagnosis } from '$lib/diagnosis/types';

/** A small diagnosis document for the unit tests of the helpers. */
export function sampleDiagnosis(): Diagnosis {
	const cat = (category: string, label_pl: string, label_en: string) => ({
		category,
		label_pl,
		label_en
	});
	return {
		scope: {
			kind: 'village',
			slug: 'kramsk',
			name: 'Kramsk',
			address_points: 40,
			villages: [{ name: 'Kramsk', slug: 'kramsk' }]
		},
		generated_at: '2026-11-26T12:00:00Z',
		totals: { needs: 7, supports: 20, resources: 2, activities_planned: 3, activities_done: 1 },
		gmina: {
			name: 'Gmina Kramsk',
			needs: 30,
			supports: 90,
			resources: 12,
			activities_planned: 4,
			activities_done: 5
		},
		narrative: null,
		resources: {
			total: 2,
			by_category: [
				{ ...cat('swietlica', 'świetlica wiejska', 'village hall'), count: 2 },
				{ ...cat('osp', 'remiza OSP', 'volunteer fire station'), count: 0 }
			]
		},
		needs: {
			total: 7,
			supports: 20,
			by_category: [
				{ ...cat('seniorzy', 'seniorzy', 'older people'), count: 4, supports: 15, done: 0 },
				{ ...cat('transport', 'transport', 'transport'), count: 2, supports: 4, done: 1 },
				{
					...cat('kultura', 'kultura i dziedzictwo', 'culture and heritage'),
					count: 1,
					supports: 1,
					done: 0
				},
				{
					...cat('sport', 'sport i rekreacja', 'sport and recreation'),
					count: 0,
					supports: 0,
					done: 0
				}
			],
			by_status: [
				{ status: 'published', count: 6 },
				{ status: 'done', count: 1 }
			],
			top: [
				{
					ref: 'KR-2026-0001',
					title: 'Zajęcia dla seniorów',
					category: 'seniorzy',
					status: 'published',
					supports: 9
				}
			]
		},
		coverage: {
			reach_m: 2000,
			by_category: [
				{
					...cat('swietlica', 'świetlica wiejska', 'village hall'),
					address_points: 40,
					covered: 30,
					share: 0.75
				},
				{
					...cat('osp', 'remiza OSP', 'volunteer fire station'),
					address_points: 40,
					covered: 4,
					share: 0.1
				},
				{
					...cat('kgw', 'koło gospodyń wiejskich', "farm women's circle"),
					address_points: 40,
					covered: 12,
					share: 0.3
				}
			]
		},
		hotspots: [{ ...cat('seniorzy', 'seniorzy', 'older people'), count: 3, supports: 12 }],
		activities: {
			planned: 3,
			done: 1,
			needs_addressed: 2,
			items: [
				{
					title: 'Spotkanie',
					status: 'held',
					kind: 'citizens_meeting',
					starts_at: '2026-10-01T16:00:00Z',
					needs: [{ ref: 'KR-2026-0001', title: 'Zajęcia dla seniorów', status: 'published' }]
				}
			]
		},
		trend: {
			months: [
				{ month: '2026-10', reported: 2, resolved: 0 },
				{ month: '2026-11', reported: 5, resolved: 1 }
			],
			quarters: [{ quarter: '2026-Q4', done: 1 }]
		},
		map: {
			width: 1000,
			height: 800,
			outline: 'M 0 0 L 1000 0 1000 800 0 800 Z',
			resources: [[100, 200, 'swietlica']],
			needs: [[500, 400, 'seniorzy']]
		}
	};
}
