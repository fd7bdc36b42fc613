// Shapes of the live consultation shared by server and pages.
import type { ConsultationStatus } from '$lib/vocab/consultation-status';

export interface PinProperties {
	id: string;
	ref: string | null;
	kind: string;
	category: string;
	category_label: string;
	category_label_en: string;
	color: string;
	title: string;
	locality: string | null;
	created_at: string;
}

export interface PinFeature {
	type: 'Feature';
	geometry: { type: 'Point'; coordinates: [number, number] };
	properties: PinProperties;
}

export interface PinCollection {
	type: 'FeatureCollection';
	features: PinFeature[];
}

export interface ConsultationArea {
	kind: 'locality' | 'solectwo';
	slug: string;
	name: string;
	bbox: [number, number, number, number] | null;
}

/** What every view of a consultation session shows. */
interface ConsultationBase {
	id: string;
	code: string;
	question: string;
	starts_at: string;
	ends_at: string;
	hold: boolean;
	status: ConsultationStatus;
	closed_at: string | null;
	/** Open and inside its time window: answers are taken now. */
	accepting: boolean;
}

export interface Consultation extends ConsultationBase {
	created_at: string;
	area: ConsultationArea | null;
	/** The category of every answer, unless the organizer listed `choices` to pick from. */
	category: string;
	choices: string[];
}

/** A row of the panel's list: the area by name, and the answer counts. */
export interface ConsultationListItem extends ConsultationBase {
	area: string | null;
	public_answers: number;
	held_answers: number;
}

export interface HeldAnswer {
	id: string;
	ref: string | null;
	title: string;
	description: string;
	category_label: string;
	category_label_en: string;
	locality: string | null;
	created_at: string;
}

export interface SnapshotCount {
	category: string;
	label: string;
	label_en: string;
	count: number;
}

export interface ConsultationSnapshot {
	taken_at: string;
	answers: PinCollection;
	counts: SnapshotCount[];
	total: number;
}

/** Short codes: six characters without look-alikes (I, L, O, 0, 1), as in the migration. */
export const CODE_PATTERN = /^[A-HJKMNP-Z2-9]{6}$/;

export function normalizeCode(raw: string): string | null {
	const code = raw.trim().toUpperCase();
	return CODE_PATTERN.test(code) ? code : null;
}
