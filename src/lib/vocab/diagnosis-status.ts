import * as m from '../paraglide/messages.js';
import { labelOf, type Label } from './label.ts';

/** A diagnosis narrative is a staff draft or published (the `diagnoses.status` CHECK constraint). */
export const DIAGNOSIS_STATUSES = ['draft', 'published'] as const;
export type DiagnosisStatus = (typeof DIAGNOSIS_STATUSES)[number];

export const DIAGNOSIS_STATUS_LABELS: Readonly<Record<DiagnosisStatus, Label>> = {
	draft: m.diag_status_draft,
	published: m.diag_status_published
};

export const diagnosisStatusLabel = (status: string) => labelOf(DIAGNOSIS_STATUS_LABELS, status);
