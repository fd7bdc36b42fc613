import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isPhotoError, processPhoto, sniffImage, PHOTO_MAX_BYTES } from './photo.ts';

async function jpegWithGps(width: number, height: number): Promise<Buffer> {
	return sharp({ create: { width, height, channels: 3, background: '#3b7d23' } })
		.withExif({
			IFD0: { Make: 'TestCam', Model: 'Kramsk 1' },
			IFD3: {
				GPSLatitudeRef: 'N',
				GPSLatitude: '52/1 15/1 54/1',
				GPSLongitudeRef: 'E',
				GPSLongitude: '18/1 25/1 36/1'
			}
		})
		.jpeg()
		.toBuffer();
}

describe('processPhoto', () => {
	it('re-encodes without any EXIF (GPS included) and at most 1600 px', async () => {
		const input = await jpegWithGps(2400, 1200);
		expect((await sharp(input).metadata()).exif).toBeDefined();
		const out = await processPhoto(input);
		if (isPhotoError(out)) throw new Error(out.message);
		const meta = await sharp(out.data).metadata();
		expect(meta.exif).toBeUndefined();
		expect(meta.xmp).toBeUndefined();
		expect(out.data.includes(Buffer.from('TestCam'))).toBe(false);
		expect([out.width, out.height]).toEqual([1600, 800]);
		expect(meta.format).toBe('jpeg');
	});

	it('judges the format by magic bytes, not by name', async () => {
		expect(
			sniffImage(
				await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } })
					.png()
					.toBuffer()
			)
		).toBe('png');
		const fake = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>  padding');
		const out = await processPhoto(fake);
		expect(isPhotoError(out) && out.status).toBe(422);
	});

	it('rejects a file over 10 MB with 413 before decoding it', async () => {
		const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
		big.set([0xff, 0xd8, 0xff]);
		const out = await processPhoto(big);
		expect(isPhotoError(out) && out.status).toBe(413);
		// Without JavaScript this is all the resident sees: it says what to do next.
		expect(isPhotoError(out) && out.message).toMatch(/Zmniejsz je .* włącz JavaScript/);
	});

	it('rejects over 40 megapixels with 413 and says what to do', async () => {
		// 8000 × 5001 of one colour: a few kB of JPEG, over the limit in pixels only.
		const input = await sharp({
			create: { width: 8000, height: 5001, channels: 3, background: '#777' }
		})
			.jpeg()
			.toBuffer();
		expect(input.byteLength).toBeLessThan(PHOTO_MAX_BYTES);
		const out = await processPhoto(input);
		expect(isPhotoError(out) && out.status).toBe(413);
		expect(isPhotoError(out) && out.message).toMatch(/40 megapikseli\. Zmniejsz je/);
	});

	it('rejects a truncated JPEG with a Polish message', async () => {
		const input = await jpegWithGps(100, 100);
		const out = await processPhoto(input.subarray(0, 200));
		expect(isPhotoError(out) && out.message).toMatch(/uszkodzony/);
	});
});
