import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locales } from '../../src/lib/paraglide/runtime.js';
import { STAFF_ROLES } from '../../src/lib/roles.ts';
import type { Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { ABUSE_REASONS } from '../../src/lib/vocab/abuse-reason.ts';
import { ACTIVITY_KINDS } from '../../src/lib/vocab/activity-kind.ts';
import { ACTIVITY_GOALS, PROGRAMME_CATEGORIES } from '../../src/lib/vocab/activity-programme.ts';
import { ACTIVITY_STATUSES } from '../../src/lib/vocab/activity-status.ts';
import { CONSULTATION_STATUSES } from '../../src/lib/vocab/consultation-status.ts';
import { DIAGNOSIS_STATUSES } from '../../src/lib/vocab/diagnosis-status.ts';
import { MAIL_STATES } from '../../src/lib/vocab/mail-state.ts';
import { NEED_KINDS } from '../../src/lib/vocab/need-kind.ts';
import {
	NEED_STATUSES,
	NEXT_NEED_STATUSES,
	PUBLIC_NEED_STATUSES,
	SET_ASIDE_NEED_STATUSES
} from '../../src/lib/vocab/need-status.ts';
import { AMENITIES } from '../../src/lib/vocab/resource-amenity.ts';
import { RESOURCE_STATUSES } from '../../src/lib/vocab/resource-status.ts';
import { STEP_FREE } from '../../src/lib/vocab/step-free.ts';
import { COMMENT_MODES } from '../../src/lib/vocab/comment-mode.ts';
import { FUND_INITIATORS, FUND_PROPOSAL_STATUSES } from '../../src/lib/vocab/fund.ts';
import { backends, tryAsOwner } from './backends.ts';

/**
 * The closed lists the TypeScript code offers, labels and validates, against the values the
 * database's CHECK constraints allow: a value added or renamed on one side only fails here.
 */
const MIRRORED: Record<string, readonly string[]> = {
	'needs.status': NEED_STATUSES,
	'needs.kind': NEED_KINDS,
	// The trigger-kept tallies count public needs by kind and public status.
	'locality_need_tallies.status': PUBLIC_NEED_STATUSES,
	'locality_need_tallies.kind': NEED_KINDS,
	'need_tile_cells.status': PUBLIC_NEED_STATUSES,
	'need_tile_cells.kind': NEED_KINDS,
	'resources.status': RESOURCE_STATUSES,
	'resources.amenities': AMENITIES,
	'resources.step_free': STEP_FREE,
	'activities.status': ACTIVITY_STATUSES,
	'activities.kind': ACTIVITY_KINDS,
	'activities.programme_category': PROGRAMME_CATEGORIES,
	'activities.goals': ACTIVITY_GOALS,
	'abuse_reports.reason': ABUSE_REASONS,
	'comment_settings.moderation': COMMENT_MODES,
	'consultations.status': CONSULTATION_STATUSES,
	'diagnoses.status': DIAGNOSIS_STATUSES,
	'plans.status': DIAGNOSIS_STATUSES,
	'plan_reports.status': DIAGNOSIS_STATUSES,
	'plan_goals.goal': ACTIVITY_GOALS,
	'profiles.role': STAFF_ROLES,
	'mail_outbox.state': MAIL_STATES,
	'need_contacts.locale': locales,
	'mail_outbox.locale': locales,
	'legal_pages.locale': locales,
	'village_fund_proposals.status': FUND_PROPOSAL_STATUSES,
	'village_fund_assemblies.initiator': FUND_INITIATORS
};

/** Lists the database keeps to itself: no TypeScript code offers or labels them as a list. */
const DATABASE_ONLY = [
	'audit_log.action',
	'legal_pages.slug',
	'localities.area_source',
	// Which kind of message a row is: the mailer renders each, nothing offers them as a list.
	'mail_outbox.kind',
	'need_comments.hidden_reason',
	'needs.hidden_reason',
	'solectwa.area_source'
];

/** Values of every single-column CHECK (`col = ANY (ARRAY[...])` or `col <@ ARRAY[...]`) in public. */
async function checkedLists(tx: OwnerTx): Promise<Map<string, string[]>> {
	const rows = await tx.query<{ col: string; def: string }>(
		`select c.relname || '.' || a.attname as col, pg_get_constraintdef(k.oid) as def
		   from pg_catalog.pg_constraint k
		   join pg_catalog.pg_class c on c.oid = k.conrelid
		   join pg_catalog.pg_namespace n on n.oid = c.relnamespace
		   join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
		  where k.contype = 'c' and n.nspname = 'public' and cardinality(k.conkey) = 1
		    and pg_get_constraintdef(k.oid) like '%ARRAY[%'`
	);
	const lists = new Map<string, string[]>();
	for (const { col, def } of rows) {
		const values = [...def.matchAll(/'((?:[^']|'')*)'::text/g)].map((hit) =>
			hit[1].replaceAll("''", "'")
		);
		lists.set(col, [...(lists.get(col) ?? []), ...values]);
	}
	return lists;
}

const sorted = (values: readonly string[]) => [...values].sort();

describe.each(backends)('vocabularies on $name', (backend) => {
	let db: Database;
	let lists: Map<string, string[]>;
	beforeAll(async () => {
		db = await backend.open();
		lists = await tryAsOwner(db, checkedLists);
	});
	afterAll(async () => db?.close());

	it('every closed list in the schema is mirrored in TypeScript or named as database-only', () => {
		expect(sorted([...lists.keys()])).toEqual(sorted([...Object.keys(MIRRORED), ...DATABASE_ONLY]));
	});

	it.each(Object.entries(MIRRORED))('%s allows exactly the TypeScript values', (col, ts) => {
		expect(sorted(lists.get(col) ?? [])).toEqual(sorted(ts));
		expect(new Set(ts).size).toBe(ts.length);
	});

	it('public statuses are those private.is_public_need_status accepts', async () => {
		const rows = await tryAsOwner(db, (tx) =>
			tx.query<{ status: string }>(
				`select s as status from jsonb_array_elements_text($1::text::jsonb) as s
				  where private.is_public_need_status(s)`,
				[JSON.stringify(NEED_STATUSES)]
			)
		);
		expect(sorted(rows.map((r) => r.status))).toEqual(sorted(PUBLIC_NEED_STATUSES));
	});

	it('the moderation steps are private.need_transition_allowed, merging apart', async () => {
		const rows = await tryAsOwner(db, (tx) =>
			tx.query<{ pair: string }>(
				`select f || ' -> ' || t as pair
				   from jsonb_array_elements_text($1::text::jsonb) as f,
				        jsonb_array_elements_text($1::text::jsonb) as t
				  where f <> t and private.need_transition_allowed(f, t)`,
				[JSON.stringify(NEED_STATUSES)]
			)
		);
		const database = rows.map((r) => r.pair);
		// 'merged' is reached only through the merge action, which the forms offer apart.
		const steps = Object.entries(NEXT_NEED_STATUSES).flatMap(([from, next]) =>
			next.map((to) => `${from} -> ${to}`)
		);
		expect(sorted(database.filter((pair) => !pair.endsWith('-> merged')))).toEqual(sorted(steps));
		expect(steps.filter((pair) => pair.endsWith('-> merged'))).toEqual([]);
		// A need set aside (rejected or merged) cannot be merged again.
		for (const status of SET_ASIDE_NEED_STATUSES)
			expect(database).not.toContain(`${status} -> merged`);
	});
});
