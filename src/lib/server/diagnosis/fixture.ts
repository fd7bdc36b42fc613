import type { Diagnosis } from '$lib/diagnosis/types';

/** A small diagnosis document for the unit tests of the helpers. */
export function sampleDiagnosis(): Diagnosis {
	const cat = (category: string, label_pl: string, label_en: string) => ({
		category,
		label_pl,
		label_en
	});
	type Category = ReturnType<typeof cat>;
	const needRow = (c: Category, count: number, supports: number, done: number) => ({
		...c,
		count,
		supports,
		done
	});
	// Each category's reach over the village's 40 address points.
	const reachRow = (c: Category, covered: number, share: number, gminaResources = 3) => ({
		...c,
		address_points: 40,
		covered,
		gmina_resources: gminaResources,
		gmina_share: gminaResources > 0 ? 0.5 : 0,
		share
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
				needRow(cat('seniorzy', 'seniorzy', 'older people'), 4, 15, 0),
				needRow(cat('transport', 'transport', 'transport'), 2, 4, 1),
				needRow(cat('kultura', 'kultura i dziedzictwo', 'culture and heritage'), 1, 1, 0),
				needRow(cat('sport', 'sport i rekreacja', 'sport and recreation'), 0, 0, 0)
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
				reachRow(cat('swietlica', 'świetlica wiejska', 'village hall'), 30, 0.75),
				reachRow(cat('osp', 'remiza OSP', 'volunteer fire station'), 4, 0.1),
				reachRow(cat('kgw', 'koło gospodyń wiejskich', "farm women's circle"), 12, 0.3),
				// The gmina has no library at all: 0% here, yet not a gap of this village.
				reachRow(cat('biblioteka', 'biblioteka', 'library'), 0, 0, 0)
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
			needs: [[500, 400, 'seniorzy']],
			need_grid: null
		}
	};
}
