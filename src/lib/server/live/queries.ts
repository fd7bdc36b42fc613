import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import type {
	Consultation,
	ConsultationListItem,
	ConsultationSnapshot,
	HeldAnswer,
	PinCollection
} from '$lib/live/types';

// Live consultation: every query is a call of a function from
// supabase/migrations/20261205001000_consultations.sql with bound parameters.

export const consultationByCode = (tx: Tx, region: string, code: string) =>
	value<Consultation | null>(tx, 'select public.consultation_by_code($1, $2) as v', [region, code]);

/** Public answers of a session; with `need`, only that one (empty when it is not public). */
export const consultationPins = (tx: Tx, code: string, need: string | null) =>
	value<PinCollection>(tx, 'select public.consultation_pins($1, $2) as v', [code, need]);

export const consultationList = (tx: Tx, region: string) =>
	value<ConsultationListItem[]>(tx, 'select public.consultation_list($1) as v', [region]);

export const consultationHeld = (tx: Tx, code: string) =>
	value<HeldAnswer[]>(tx, 'select public.consultation_held($1) as v', [code]);

export const consultationSnapshot = (tx: Tx, code: string) =>
	value<ConsultationSnapshot | null>(tx, 'select public.consultation_snapshot($1) as v', [code]);

export interface NewConsultation {
	region: string;
	question: string;
	locality: string | null;
	solectwo: string | null;
	/** Local time in Europe/Warsaw, 'YYYY-MM-DDTHH:MM' (a datetime-local input). */
	starts_at: string;
	ends_at: string;
	hold: boolean;
	/** The answers' category, and the categories residents pick from (none: always that one). */
	category: string;
	choices: string[];
}

export const createConsultation = (tx: Tx, input: NewConsultation) =>
	value<{ id: string; code: string }>(
		tx,
		'select public.create_consultation($1::text::jsonb) as v',
		[JSON.stringify(input)]
	);

export const closeConsultation = (tx: Tx, code: string) =>
	value<{ id: string; total: number }>(tx, 'select public.close_consultation($1) as v', [code]);

export const releaseAnswer = (tx: Tx, code: string, need: string) =>
	value<{ id: string; status: string }>(
		tx,
		'select public.release_consultation_answer($1, $2) as v',
		[code, need]
	);
