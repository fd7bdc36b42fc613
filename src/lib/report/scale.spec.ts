import { describe, expect, it } from 'vitest';
import { PHOTO_SEND_MAX_SIDE } from './limits';
import { jpegName, scaledSize } from './scale';

describe('scaledSize', () => {
	it('brings the longer side of a 54-megapixel photo down to 2000 px, keeping proportions', () => {
		expect(PHOTO_SEND_MAX_SIDE).toBe(2000);
		expect(scaledSize(9000, 6000)).toEqual({ width: 2000, height: 1333 });
		expect(scaledSize(6000, 9000)).toEqual({ width: 1333, height: 2000 });
		expect(scaledSize(8000, 8000)).toEqual({ width: 2000, height: 2000 });
	});

	it('never enlarges a small photo', () => {
		expect(scaledSize(1600, 1200)).toEqual({ width: 1600, height: 1200 });
		expect(scaledSize(2000, 10)).toEqual({ width: 2000, height: 10 });
	});

	it('keeps at least one pixel of a very thin panorama', () => {
		expect(scaledSize(40000, 10)).toEqual({ width: 2000, height: 1 });
	});

	it('takes another limit', () => {
		expect(scaledSize(3000, 1500, 1000)).toEqual({ width: 1000, height: 500 });
	});
});

describe('jpegName', () => {
	it('names the re-encoded photo .jpg', () => {
		expect(jpegName('IMG_0001.HEIC')).toBe('IMG_0001.jpg');
		expect(jpegName('zdjęcie.png')).toBe('zdjęcie.jpg');
		expect(jpegName('photo.jpeg')).toBe('photo.jpg');
		expect(jpegName('plik')).toBe('plik.jpg');
		expect(jpegName('.png')).toBe('zdjecie.jpg');
		expect(jpegName('')).toBe('zdjecie.jpg');
	});
});
