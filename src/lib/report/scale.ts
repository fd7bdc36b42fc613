// Scaling a resident's photo in the browser before it is sent or queued: at most
// PHOTO_SEND_MAX_SIDE on the longer side, re-encoded as JPEG through a canvas. Drawing on a
// canvas keeps only pixels, so EXIF (GPS position, camera) is dropped; createImageBitmap with
// imageOrientation 'from-image' turns the pixels upright first, as the EXIF orientation says
// (HTML Living Standard, "createImageBitmap", ImageBitmapOptions).
import { PHOTO_SEND_MAX_SIDE, PHOTO_SEND_QUALITY } from './limits';

export interface Size {
	width: number;
	height: number;
}

/** The size a photo is sent at: the longer side at most `max`, proportions kept, never enlarged. */
export function scaledSize(width: number, height: number, max = PHOTO_SEND_MAX_SIDE): Size {
	const longer = Math.max(width, height);
	if (longer <= max) return { width, height };
	const factor = max / longer;
	return {
		width: Math.max(1, Math.min(max, Math.round(width * factor))),
		height: Math.max(1, Math.min(max, Math.round(height * factor)))
	};
}

/** The file name of the re-encoded photo: the same name ending in .jpg. */
export function jpegName(name: string): string {
	const base = name.replace(/\.[^./\\]*$/, '').trim();
	return `${base || 'zdjecie'}.jpg`;
}

type Canvas = OffscreenCanvas | HTMLCanvasElement;

function canvasOf(size: Size): Canvas {
	// OffscreenCanvas where there is one (it also has a promise-based encoder); a DOM canvas else.
	if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(size.width, size.height);
	const canvas = document.createElement('canvas');
	canvas.width = size.width;
	canvas.height = size.height;
	return canvas;
}

function encode(canvas: Canvas): Promise<Blob | null> {
	const options = { type: 'image/jpeg', quality: PHOTO_SEND_QUALITY };
	if ('convertToBlob' in canvas) return canvas.convertToBlob(options);
	return new Promise((done) => canvas.toBlob(done, options.type, options.quality));
}

/**
 * The photo as it is sent: scaled and re-encoded as JPEG, with its size. Null when this browser
 * cannot decode it (HEIC outside Safari, a broken file): the original is sent then, and the
 * server's own checks and re-encoding apply to it.
 */
export async function scalePhoto(file: File): Promise<{ file: File; size: Size } | null> {
	if (typeof createImageBitmap !== 'function') return null;
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		return null;
	}
	try {
		const size = scaledSize(bitmap.width, bitmap.height);
		const canvas = canvasOf(size);
		const context = canvas.getContext('2d') as
			OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
		if (!context) return null;
		// JPEG has no transparency: a transparent PNG becomes white, not black.
		context.fillStyle = '#fff';
		context.fillRect(0, 0, size.width, size.height);
		context.imageSmoothingQuality = 'high';
		context.drawImage(bitmap, 0, 0, size.width, size.height);
		const blob = await encode(canvas);
		if (!blob || blob.size === 0) return null;
		const scaled = new File([blob], jpegName(file.name), {
			type: 'image/jpeg',
			lastModified: file.lastModified
		});
		return { file: scaled, size };
	} catch {
		return null;
	} finally {
		// The decoded original can be hundreds of MB (54 Mpx × 4 bytes): free it at once.
		bitmap.close();
	}
}
