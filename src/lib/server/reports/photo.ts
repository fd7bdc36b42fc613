import sharp from 'sharp';
import * as m from '$lib/paraglide/messages';

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_MAX_PIXELS = 40_000_000;
export const PHOTO_MAX_SIDE = 1600;

export type PhotoError = { status: 413 | 422; message: string };
export interface ProcessedPhoto {
	data: Buffer;
	width: number;
	height: number;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
	return String.fromCharCode(...bytes.subarray(from, to));
}

/** The format by its magic bytes, never by the file name or the declared type. */
export function sniffImage(bytes: Uint8Array): 'jpeg' | 'png' | 'webp' | 'heif' | null {
	if (bytes.length < 12) return null;
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	if (bytes[0] === 0x89 && ascii(bytes, 1, 4) === 'PNG' && bytes[4] === 0x0d && bytes[5] === 0x0a)
		return 'png';
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
	if (
		ascii(bytes, 4, 8) === 'ftyp' &&
		/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1|avif)$/.test(ascii(bytes, 8, 12))
	)
		return 'heif';
	return null;
}

/**
 * Re-encodes a photo: EXIF orientation applied, at most 1600 px on the longer side, and no
 * metadata at all (EXIF including GPS, XMP, ICC) in the output. The original is never kept.
 */
export async function processPhoto(bytes: Uint8Array): Promise<ProcessedPhoto | PhotoError> {
	if (bytes.byteLength > PHOTO_MAX_BYTES) {
		return { status: 413, message: m.api_photo_too_large() };
	}
	const format = sniffImage(bytes);
	if (!format) {
		return { status: 422, message: m.api_photo_not_image() };
	}
	try {
		const { data, info } = await sharp(bytes, {
			limitInputPixels: PHOTO_MAX_PIXELS,
			failOn: 'error'
		})
			.rotate()
			.resize(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
			.jpeg({ quality: 82, mozjpeg: true })
			.toBuffer({ resolveWithObject: true });
		return { data, width: info.width, height: info.height };
	} catch (e) {
		const message = e instanceof Error ? e.message : '';
		if (/pixel limit/i.test(message)) {
			return { status: 413, message: m.api_photo_pixels() };
		}
		return {
			status: 422,
			message: format === 'heif' ? m.api_photo_heic() : m.api_photo_broken()
		};
	}
}

export function isPhotoError(p: ProcessedPhoto | PhotoError): p is PhotoError {
	return 'status' in p;
}
