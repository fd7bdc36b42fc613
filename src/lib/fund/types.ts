import type { FundInitiator, FundProposalStatus } from '$lib/vocab/fund';

// The village fund document of public.village_fund (…_village_fund.sql): amounts are numbers of
// złoty with grosze, dates ISO `YYYY-MM-DD`.

export interface FundNeed {
	id: string;
	ref: string;
	title: string;
	status: string;
}

export interface FundProposal {
	id: number;
	title: string;
	cost: number;
	justification: string;
	status: FundProposalStatus;
	votes_for: number | null;
	votes_against: number | null;
	votes_abstain: number | null;
	outcome: string | null;
	needs: FundNeed[];
}

export interface FundAssembly {
	held_on: string;
	attendance: number;
	initiator: FundInitiator;
	initiator_count: number | null;
	notes: string | null;
}

export interface FundAllocation {
	id: number;
	population: number;
	population_date: string;
	/** The statutory amount (art. 3 ust. 1), whatever the override. */
	formula_amount: number;
	override_amount: number | null;
	override_reason: string | null;
	/** The amount in force: the override, else the formula. */
	amount: number;
	/** The cost of every proposal the assembly did not reject. */
	total: number;
	assembly: FundAssembly | null;
	proposals: FundProposal[];
}

export interface FundSolectwo {
	slug: string;
	name: string;
	soltys: string | null;
	villages: string[];
	allocation: FundAllocation | null;
}

export interface VillageFund {
	region: { slug: string; name: string };
	year: number;
	resolution: string | null;
	/** Budget years with a base amount, newest first. */
	years: number[];
	base: {
		current_revenue: number;
		gmina_population: number;
		base_amount: number;
		source: string | null;
	} | null;
	solectwa: FundSolectwo[];
}

/** A need the panel offers for a proposal: public needs of the sołectwo's villages. */
export interface FundNeedChoice extends FundNeed {
	village: string;
}
