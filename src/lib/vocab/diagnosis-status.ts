import * as m from '../paraglide/messages.js';
import { defineVocab } from './label.ts';

/** A diagnosis narrative is a staff draft or published (the `diagnoses.status` CHECK constraint). */
export const [DIAGNOSIS_STATUSES, DIAGNOSIS_STATUS_LABELS, diagnosisStatusLabel] = defineVocab({
	draft: m.diag_status_draft,
	published: m.diag_status_published
});
export type DiagnosisStatus = (typeof DIAGNOSIS_STATUSES)[number];
