import { describe, expect, it } from 'vitest';
import { ReportForm } from './form.svelte';
import {
	fromServerErrors,
	hasErrors,
	validatePhoto,
	validatePhotoType,
	validateReport
} from './validate';

// A complete report as the form holds it; the fields not named here are empty.
const valid = new ReportForm({
	kind: 'idea',
	category: 'kultura',
	title: 'Dożynki',
	lon: '18.427530',
	lat: '52.264044',
	idempotency_key: 'k-123456'
}).fields;

describe('validateReport', () => {
	it('accepts a complete report, with a point or a village', () => {
		expect(hasErrors(validateReport(valid, null))).toBe(false);
		expect(hasErrors(validateReport({ ...valid, lon: '', lat: '', village: 'kramsk' }, null))).toBe(
			false
		);
	});

	it('names every problem the server would refuse, in Polish', () => {
		const errors = validateReport(
			{
				...valid,
				kind: '',
				category: '',
				title: 'ab',
				lon: '',
				lat: '',
				description: 'x'.repeat(2001),
				contact: 'jan@example.pl'
			},
			null
		);
		expect(Object.keys(errors).sort()).toEqual(
			['category', 'contact_consent', 'description', 'kind', 'place', 'title'].sort()
		);
		expect(errors.title).toBe('Tytuł musi mieć co najmniej 3 znaki.');
		expect(validateReport({ ...valid, contact: 'abc' }, null).contact).toMatch(/e-mail/);
		expect(
			hasErrors(
				validateReport({ ...valid, contact: '+48 600 100 200', contact_consent: true }, null)
			)
		).toBe(false);
	});

	it('checks the photo type and size before anything is uploaded', () => {
		expect(validatePhoto(new File(['x'], 'a.jpg', { type: 'image/jpeg' }))).toBeNull();
		expect(validatePhoto(new File(['x'], 'IMG_1.HEIC', { type: '' }))).toBeNull();
		expect(validatePhoto(new File(['x'], 'a.pdf', { type: 'application/pdf' }))).toMatch(/JPEG/);
		const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'a.jpg', { type: 'image/jpeg' });
		expect(validatePhoto(big)).toMatch(/za duże/);
	});

	it('checks only the type of the original: its size is judged after scaling', () => {
		const original = new File([new Uint8Array(13 * 1024 * 1024)], 'IMG_1.jpg', {
			type: 'image/jpeg'
		});
		expect(validatePhotoType(original)).toBeNull();
		expect(validatePhotoType(new File(['x'], 'IMG_1.HEIC', { type: '' }))).toBeNull();
		expect(validatePhotoType(new File(['x'], 'a.pdf', { type: 'application/pdf' }))).toMatch(
			/JPEG/
		);
		expect(validatePhoto(new File(['x'], 'IMG_1.jpg', { type: 'image/jpeg' }))).toBeNull();
	});

	it('maps the server field names onto the form', () => {
		expect(fromServerErrors({ lat: 'poza gminą', website: 'bot', title: 'krótki' })).toEqual({
			place: 'poza gminą',
			form: 'bot',
			title: 'krótki'
		});
	});
});
