// The form's text is saved in localStorage on every change, so closing the tab, a crash or a
// dead battery loses nothing. Photos are not kept: they do not fit there.
import { isOneOf } from '$lib/vocab/label';
import { NEED_KINDS } from '$lib/vocab/need-kind';
import type { ReportFields } from './types';

const KEY = 'mapa-zasobow:zgloszenie-szkic';

export interface Draft {
	fields: ReportFields;
	placeLabel: string;
	savedAt: number;
}

type TextField = Exclude<keyof ReportFields, 'contact_consent'>;

/** Something worth restoring: a place or any typed text, not just a fresh key. */
export function isWorthKeeping(fields: ReportFields): boolean {
	return Boolean(
		fields.title.trim() ||
		fields.description.trim() ||
		fields.contact.trim() ||
		fields.lon ||
		fields.village ||
		fields.category ||
		fields.kind
	);
}

export function parseDraft(raw: string | null): Draft | null {
	if (!raw) return null;
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return null;
	}
	if (typeof value !== 'object' || value === null) return null;
	const { fields, placeLabel, savedAt } = value as Record<string, unknown>;
	if (typeof fields !== 'object' || fields === null) return null;
	const source = fields as Record<string, unknown>;
	const text = (name: TextField) => (typeof source[name] === 'string' ? source[name] : '');
	const kind = text('kind');
	return {
		fields: {
			kind: isOneOf(NEED_KINDS, kind) ? kind : '',
			category: text('category'),
			title: text('title'),
			description: text('description'),
			lon: text('lon'),
			lat: text('lat'),
			village: text('village'),
			contact: text('contact'),
			contact_consent: source.contact_consent === true,
			idempotency_key: text('idempotency_key')
		},
		placeLabel: typeof placeLabel === 'string' ? placeLabel : '',
		savedAt: typeof savedAt === 'number' ? savedAt : 0
	};
}

/** localStorage can throw (private mode, quota, disabled storage): a draft is a nicety then. */
export function loadDraft(): Draft | null {
	try {
		return parseDraft(localStorage.getItem(KEY));
	} catch {
		return null;
	}
}

export function saveDraft(fields: ReportFields, placeLabel: string, now: number): void {
	try {
		if (isWorthKeeping(fields))
			localStorage.setItem(KEY, JSON.stringify({ fields, placeLabel, savedAt: now }));
		else localStorage.removeItem(KEY);
	} catch {
		// Storage full or disabled: the form still works, only the draft is not kept.
	}
}

export function clearDraft(): void {
	try {
		localStorage.removeItem(KEY);
	} catch {
		// See saveDraft.
	}
}
