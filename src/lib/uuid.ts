/**
 * The textual form of a UUID (RFC 9562 §4): 8-4-4-4-12 hexadecimal digits. PostgreSQL prints
 * uuids in lower case, so links and tokens the app makes are lower case; a few checks also take
 * an upper-case copy typed or pasted by hand (PostgreSQL's uuid input accepts both).
 */
export const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A whole string that is a lower-case UUID. */
export const UUID = new RegExp(`^${UUID_SOURCE}$`);

/** A whole string that is a UUID in any letter case. */
export const UUID_ANY_CASE = new RegExp(`^${UUID_SOURCE}$`, 'i');

/** Whether `s` is a UUID in any letter case (what a uuid parameter of PostgreSQL accepts). */
export const isUuid = (s: string): boolean => UUID_ANY_CASE.test(s);
