// Limits of a resident's report, one definition for both sides: the server enforces them
// (src/lib/server/reports/input.ts imports them; photo.ts) and the browser checks them first, so a
// resident on a weak connection hears about a mistake before anything is sent.
export const TITLE_MIN = 3;
export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const CONTACT_MAX = 254;
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/**
 * With JavaScript the browser scales a photo to this longest side and re-encodes it as JPEG
 * before it is sent or queued, so a phone's 50-megapixel original never goes over the network.
 * Above the server's own output size (1600 px), so its re-encoding still has detail to work with.
 */
export const PHOTO_SEND_MAX_SIDE = 2000;
/** JPEG quality of that re-encoding (0–1): about 0.5–1 MB for 2000 px. */
export const PHOTO_SEND_QUALITY = 0.85;
/** HEIC/HEIF: iPhones save photos in it; some browsers report it with an empty type. */
export const PHOTO_TYPES = [
	'image/jpeg',
	'image/png',
	'image/webp',
	'image/heic',
	'image/heif'
] as const;
export const PHOTO_EXTENSIONS = /\.(jpe?g|png|webp|heic|heif)$/i;

// The server's patterns too, so the browser never queues a contact the server would refuse.
export const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,185}\.[^\s@<>]{2,}$/;
export const PHONE = /^\+?[0-9 ()-]{9,20}$/;
