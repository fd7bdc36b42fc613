import * as m from '../paraglide/messages.js';
import { defineVocab } from './label.ts';

/**
 * The states of a village fund proposal (the `village_fund_proposals.status` CHECK constraint):
 * drafted, adopted or rejected by the village assembly, and done once carried out.
 */
export const [FUND_PROPOSAL_STATUSES, FUND_PROPOSAL_STATUS_LABELS, fundProposalStatusLabel] =
	defineVocab({
		draft: m.fund_status_draft,
		adopted: m.fund_status_adopted,
		rejected: m.fund_status_rejected,
		done: m.fund_status_done
	});
export type FundProposalStatus = (typeof FUND_PROPOSAL_STATUSES)[number];

/**
 * Whose initiative the village assembly adopted the application on (ustawa o funduszu sołeckim
 * art. 5 ust. 2; the `village_fund_assemblies.initiator` CHECK constraint).
 */
export const [FUND_INITIATORS, FUND_INITIATOR_LABELS, fundInitiatorLabel] = defineVocab({
	soltys: m.fund_initiator_soltys,
	rada_solecka: m.fund_initiator_rada_solecka,
	residents: m.fund_initiator_residents
});
export type FundInitiator = (typeof FUND_INITIATORS)[number];
