import * as m from '$lib/paraglide/messages';
import { formatDate, formatMoney, formatNumber } from '$lib/presentation/format';
import { fundInitiatorLabel } from '$lib/vocab/fund';
import type { FundAllocation, FundAssembly, FundProposal, VillageFund } from './types';

// Sentences of the village fund shared by its pages and the wniosek (PDF and Word), so the
// page and the documents say the same.

/** "Kwota bazowa: … (Wb ÷ Lmg)", or that it is not entered yet. */
export const baseLine = (f: VillageFund) =>
	f.base
		? m.fund_base_line({
				base: formatMoney(f.base.base_amount),
				revenue: formatMoney(f.base.current_revenue),
				population: formatNumber(f.base.gmina_population, 0)
			})
		: m.fund_no_base();

export const amountLine = (a: FundAllocation) =>
	m.fund_amount_line({ amount: formatMoney(a.amount) });

export const populationLine = (a: FundAllocation) =>
	m.fund_population_line({
		population: formatNumber(a.population, 0),
		date: formatDate(a.population_date)
	});

/** The override and its reason, or null when the formula's amount is in force. */
export const overrideLine = (a: FundAllocation) =>
	a.override_amount === null
		? null
		: m.fund_override_line({
				formula: formatMoney(a.formula_amount),
				reason: a.override_reason ?? ''
			});

export const totalLine = (a: FundAllocation) =>
	m.fund_total_line({ total: formatMoney(a.total), amount: formatMoney(a.amount) });

export const initiatorText = (z: FundAssembly) =>
	z.initiator === 'residents' && z.initiator_count
		? m.fund_initiator_count({ count: formatNumber(z.initiator_count, 0) })
		: fundInitiatorLabel(z.initiator);

export const assemblyLine = (z: FundAssembly) =>
	m.fund_assembly_line({
		date: formatDate(z.held_on),
		attendance: formatNumber(z.attendance, 0),
		initiator: initiatorText(z)
	});

/** "za / przeciw / wstrzymało się", or a dash before the vote. */
export const votesText = (p: FundProposal) =>
	p.votes_for === null
		? '—'
		: `${formatNumber(p.votes_for, 0)} / ${formatNumber(p.votes_against ?? 0, 0)} / ${formatNumber(p.votes_abstain ?? 0, 0)}`;

/** The proposals an application names: all but those the assembly rejected. */
export const applied = (a: FundAllocation) => a.proposals.filter((p) => p.status !== 'rejected');
