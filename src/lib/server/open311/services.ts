import { NEED_KIND_LABELS, NEED_KINDS } from '../../vocab/need-kind.ts';
import { labelOf } from '../../vocab/label.ts';
import { TITLE_MAX } from '../../report/limits.ts';

interface Category {
	slug: string;
	label_pl: string;
	label_en: string;
}

/**
 * The need categories as GeoReport v2 services. Each is `realtime` (a POST returns the request's
 * id at once) and has `metadata: true`: its definition lists the attributes the app's reports
 * have beyond the spec's own fields.
 */
export const toServices = (categories: Category[]) =>
	categories.map((c) => ({
		service_code: c.slug,
		service_name: c.label_pl,
		description: c.label_en,
		metadata: true,
		type: 'realtime',
		keywords: '',
		group: ''
	}));

/**
 * "GET Service Definition": the extra attributes a POST may carry as `attribute[code]`. None is
 * required: a report is a need unless `kind` says idea, its title is the first words of
 * `description` unless `title` is given, and an e-mail address or phone number is stored only with
 * `contact_consent` (RODO art. 6(1)(a): the resident's own consent, as the app's form asks).
 */
export function serviceDefinition(code: string) {
	return {
		service_code: code,
		attributes: [
			{
				variable: true,
				code: 'kind',
				datatype: 'singlevaluelist',
				required: false,
				datatype_description: 'need (default) or idea',
				order: 1,
				description: 'Rodzaj zgłoszenia / kind of report',
				values: NEED_KINDS.map((k) => ({ key: k, name: labelOf(NEED_KIND_LABELS, k, 'pl') }))
			},
			{
				variable: true,
				code: 'title',
				datatype: 'string',
				required: false,
				datatype_description: `3–${TITLE_MAX} characters; default: the start of description`,
				order: 2,
				description: 'Tytuł / title',
				values: []
			},
			{
				variable: true,
				code: 'contact_consent',
				datatype: 'singlevaluelist',
				required: false,
				datatype_description: 'true stores email or phone for contact about this report only',
				order: 3,
				description:
					'Zgoda na przetwarzanie danych kontaktowych wyłącznie w celu kontaktu w sprawie zgłoszenia / consent to be contacted about this report',
				values: [
					{ key: 'true', name: 'Tak / yes' },
					{ key: 'false', name: 'Nie / no' }
				]
			}
		]
	};
}
