import * as m from '$lib/paraglide/messages';
import { formatMoney, formatNumber } from '$lib/presentation/format';
import {
	amountLine,
	applied,
	assemblyLine,
	baseLine,
	overrideLine,
	populationLine,
	votesText
} from '$lib/fund/text';
import type { FundAllocation, FundSolectwo, VillageFund } from '$lib/fund/types';
import { fundProposalStatusLabel } from '$lib/vocab/fund';
import type { DocumentWriter } from '../documents/writer.ts';

// The sołectwo's application (wniosek) for village fund money, written once for the PDF and the
// Word file. Its contents follow the ustawa z dnia 21 lutego 2014 r. o funduszu sołeckim, art. 5:
// the applicant sołectwo and the budget year, the przedsięwzięcia to be carried out in the
// sołectwo within its amount, each with its cost estimate and justification (ust. 3), and the
// village assembly that adopted it and on whose initiative (ust. 2). The amount and how it was
// computed (art. 3 ust. 1) and the assembly's votes per proposal are added for the wójt's check.

const MUTED = { color: '#444444' };

export const applicationTitle = (f: VillageFund, s: FundSolectwo) =>
	m.fund_doc_title({ name: s.name, year: String(f.year) });

export function writeApplication(
	out: DocumentWriter,
	f: VillageFund,
	s: FundSolectwo,
	a: FundAllocation
): void {
	out.heading(applicationTitle(f, s), 1);
	out.paragraph(m.fund_doc_applicant({ name: s.name, gmina: f.region.name }));
	if (s.soltys) out.paragraph(m.fund_soltys({ name: s.soltys }));
	if (s.villages.length > 0) out.paragraph(m.fund_villages({ list: s.villages.join(', ') }));
	out.paragraph(m.fund_doc_legal({ name: s.name, year: String(f.year) }));
	if (!a.assembly) out.paragraph(m.fund_doc_draft(), { bold: true });

	out.heading(m.fund_doc_amount_heading(), 2);
	out.paragraph(amountLine(a), { bold: true });
	out.paragraph(populationLine(a));
	out.paragraph(baseLine(f), MUTED);
	out.paragraph(m.fund_formula(), MUTED);
	const override = overrideLine(a);
	if (override) out.paragraph(override);

	const proposals = applied(a);
	out.heading(m.fund_doc_proposals_heading(), 2);
	if (proposals.length === 0) out.paragraph(m.fund_proposals_none());
	else
		out.table(
			[m.fund_col_no(), m.fund_col_title(), m.fund_col_cost()],
			[
				...proposals.map((p, i) => [formatNumber(i + 1, 0), p.title, formatMoney(p.cost)]),
				['', m.fund_doc_total(), formatMoney(a.total)]
			],
			[0.08, 0.64, 0.28]
		);

	out.heading(m.fund_doc_justifications_heading(), 2);
	proposals.forEach((p, i) => {
		out.heading(`${i + 1}. ${p.title}`, 3);
		out.paragraph(p.justification);
		if (p.needs.length > 0)
			out.paragraph(
				`${m.fund_col_needs()}: ${p.needs.map((n) => `${n.ref} ${n.title}`).join('; ')}`,
				MUTED
			);
	});
	out.paragraph(m.fund_doc_conditions());

	out.heading(m.fund_doc_decision_heading(), 2);
	if (!a.assembly) out.paragraph(m.fund_assembly_none());
	else {
		out.paragraph(assemblyLine(a.assembly));
		if (a.assembly.notes) out.paragraph(a.assembly.notes);
		const voted = a.proposals.filter((p) => p.status !== 'draft');
		if (voted.length > 0)
			out.table(
				[m.fund_col_title(), m.fund_col_votes(), m.fund_col_status()],
				voted.map((p) => [p.title, votesText(p), fundProposalStatusLabel(p.status)]),
				[0.5, 0.3, 0.2]
			);
	}
	out.paragraph(m.fund_doc_deadline({ prev: String(f.year - 1) }));
	out.paragraph(m.fund_doc_signature());
}
