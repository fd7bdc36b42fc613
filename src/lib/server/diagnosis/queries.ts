import type { Geometry } from 'geojson';
import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import type { Diagnosis, DiagnosisScopes } from '$lib/diagnosis/types';
import type { DiagnosisStatus } from '$lib/vocab/diagnosis-status';
import type { ScopeRef } from './scope.ts';

// Diagnoses: every query calls a function of
// supabase/migrations/20261205001100_diagnosis.sql (SECURITY INVOKER, so RLS decides what the
// narrative shows); constant SQL text, bound parameters.

/** A query of one scope of the region (the gmina, a village, a sołectwo): `sql` takes the three. */
const ofScope =
	<T>(sql: string) =>
	(tx: Tx, region: string, scope: ScopeRef) =>
		value<T>(tx, sql, [region, scope.kind, scope.slug]);

export const diagnosis = ofScope<Diagnosis | null>('select public.diagnosis($1, $2, $3) as v');

export interface DiagnosisFeatures {
	area: Geometry | null;
	resources: { name: string; category: string; lon: number; lat: number }[];
	needs: {
		ref: string;
		title: string;
		category: string;
		status: string;
		support_count: number;
		lon: number;
		lat: number;
	}[];
	/** The `after` of the next page of needs, when more follow. */
	next_after: string | null;
}

/** One page of the points of a scope: `limit` needs after the need `after` (null: the first page). */
export const diagnosisFeatures = (
	tx: Tx,
	region: string,
	scope: ScopeRef,
	page: { limit: number; after: string | null }
) =>
	value<DiagnosisFeatures | null>(tx, 'select public.diagnosis_features($1, $2, $3, $4, $5) as v', [
		region,
		scope.kind,
		scope.slug,
		page.limit,
		page.after
	]);

export const diagnosisScopes = (tx: Tx, region: string) =>
	value<DiagnosisScopes | null>(tx, 'select public.diagnosis_scopes($1) as v', [region]);

/** Saves the narrative of a scope; `status` publishes ('published') or withdraws ('draft'). */
export const saveDiagnosis = (
	tx: Tx,
	region: string,
	scope: string,
	body: string | null,
	status: DiagnosisStatus | null
) =>
	value<{ scope: string; status: string; published_at: string | null }>(
		tx,
		'select public.save_diagnosis($1, $2, $3, $4) as v',
		[region, scope, body, status]
	);
