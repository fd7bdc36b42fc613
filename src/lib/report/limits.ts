// Limits the server enforces (src/lib/server/reports/input.ts and photo.ts). The browser checks
// them first so a resident on a weak connection hears about a mistake before anything is sent.
export const TITLE_MIN = 3;
export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const CONTACT_MAX = 254;
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** HEIC/HEIF: iPhones save photos in it; some browsers report it with an empty type. */
export const PHOTO_TYPES = [
	'image/jpeg',
	'image/png',
	'image/webp',
	'image/heic',
	'image/heif'
] as const;
export const PHOTO_EXTENSIONS = /\.(jpe?g|png|webp|heic|heif)$/i;

// Same patterns as the server, so the browser never queues a contact the server would refuse.
export const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,185}\.[^\s@<>]{2,}$/;
export const PHONE = /^\+?[0-9 ()-]{9,20}$/;
