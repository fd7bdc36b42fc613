import { describe, expect, it } from 'vitest';
import { isWorthKeeping, parseDraft } from './draft';
import { nearestVillage } from './place';
import { boundaryOf, checkPoint } from './boundary';

describe('parseDraft', () => {
	it('restores the saved text fields', () => {
		const raw = JSON.stringify({
			fields: {
				kind: 'idea',
				title: 'Plac zabaw',
				contact_consent: true,
				idempotency_key: 'k-123456'
			},
			placeLabel: 'Wybrane miejsce: Kramsk',
			savedAt: 5
		});
		const draft = parseDraft(raw);
		expect(draft?.fields).toMatchObject({
			kind: 'idea',
			title: 'Plac zabaw',
			description: '',
			contact_consent: true,
			idempotency_key: 'k-123456'
		});
		expect(draft?.placeLabel).toBe('Wybrane miejsce: Kramsk');
	});

	it('ignores broken or foreign values instead of failing', () => {
		expect(parseDraft(null)).toBeNull();
		expect(parseDraft('{not json')).toBeNull();
		expect(parseDraft('"text"')).toBeNull();
		expect(parseDraft(JSON.stringify({ fields: { kind: 'x', title: 7 } }))?.fields).toMatchObject({
			kind: '',
			title: ''
		});
	});

	it('keeps a draft only when something was entered', () => {
		const empty = parseDraft(JSON.stringify({ fields: { idempotency_key: 'k-123456' } }));
		expect(empty && isWorthKeeping(empty.fields)).toBe(false);
		const typed = parseDraft(JSON.stringify({ fields: { title: 'A' } }));
		expect(typed && isWorthKeeping(typed.fields)).toBe(true);
	});
});

describe('place helpers', () => {
	const square = {
		type: 'Feature',
		properties: {},
		geometry: {
			type: 'MultiPolygon',
			coordinates: [
				[
					[
						[18, 52],
						[19, 52],
						[19, 53],
						[18, 53],
						[18, 52]
					]
				]
			]
		}
	};

	it('checks points against the boundary, and says "unknown" without one', () => {
		const boundary = boundaryOf(square);
		expect(checkPoint(boundary, 18.5, 52.5)).toBe('inside');
		expect(checkPoint(boundary, 21.01, 52.23)).toBe('outside');
		expect(checkPoint(null, 18.5, 52.5)).toBe('unknown');
		expect(boundaryOf({ type: 'FeatureCollection', features: [square] })).toEqual(square.geometry);
		expect(boundaryOf({ type: 'Point', coordinates: [1, 2] })).toBeNull();
	});

	it('names the nearest village label point', () => {
		const villages = [
			{ slug: 'a', name: 'A', label_lon: 18.4, label_lat: 52.26 },
			{ slug: 'b', name: 'B', label_lon: 18.3, label_lat: 52.23 }
		];
		expect(nearestVillage(villages, 18.31, 52.24)?.slug).toBe('b');
		expect(nearestVillage([], 18.31, 52.24)).toBeNull();
	});
});
