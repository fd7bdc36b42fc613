import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { route } from '$lib/routes';
import { requirePermission } from '$lib/server/auth/permissions';
import {
	getLegalPage,
	LEGAL_LOCALES,
	LEGAL_SLUGS,
	saveLegalPage,
	type LegalLocale,
	type LegalSlug
} from '$lib/server/legal/pages';
import type { Actions, PageServerLoad } from './$types';
import { FreeText } from '$lib/text';
import { fieldErrors } from '$lib/server/forms/field-errors';
import { formText } from '$lib/server/forms/text';

// Editing the legal pages: admins only here, and RLS on public.legal_pages.

const Page = v.object({
	slug: v.picklist(LEGAL_SLUGS),
	locale: v.picklist(LEGAL_LOCALES)
});

const Contents = v.object({
	title: v.pipe(FreeText, v.minLength(3, 'title'), v.maxLength(200, 'title')),
	body: v.pipe(FreeText, v.minLength(1, 'body'), v.maxLength(50000, 'body'))
});

export type Values = { slug: string; locale: string; title: string; body: string };
export type Errors = Partial<Record<'title' | 'body', string>>;

const ERROR_TEXT = { title: m.legal_err_title, body: m.legal_err_body } as const;

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'edit_legal_pages');
	const { url } = event;
	const picked = v.safeParse(Page, {
		slug: url.searchParams.get('strona') ?? LEGAL_SLUGS[0],
		locale: url.searchParams.get('jezyk') ?? (getLocale() === 'en' ? 'en' : 'pl')
	});
	if (!picked.success) error(404, m.legal_err_page());
	const { slug, locale } = picked.output;
	const page = await event.locals.db((tx) => getLegalPage(tx, slug, locale));
	if (!page) error(404, m.legal_err_page());
	return { page, publicHref: route(`/${slug}`, { locale }) };
};

/** The posted form: which page, and the new title and body (validated or with errors). */
async function readForm(request: Request) {
	const form = await request.formData();
	const values: Values = {
		slug: formText(form, 'slug'),
		locale: formText(form, 'locale'),
		title: formText(form, 'title'),
		body: formText(form, 'body')
	};
	const page = v.safeParse(Page, values);
	const contents = v.safeParse(Contents, values);
	const errors: Errors = {};
	if (!contents.success) {
		for (const [field, message] of Object.entries(fieldErrors(contents.issues))) {
			if (!(field in ERROR_TEXT)) continue;
			const key = field as keyof typeof ERROR_TEXT;
			// The shared text rule (a NUL byte) has its own message; the length checks use the field's.
			errors[key] = message === key ? ERROR_TEXT[key]() : message;
		}
	}
	return { values, page, contents, errors };
}

export const actions = {
	/** Shows the rendered text without saving (works without JavaScript too). */
	preview: async (event) => {
		requirePermission(event, 'edit_legal_pages');
		const { values, page, contents, errors } = await readForm(event.request);
		if (!page.success) return fail(404, { values, errors, message: m.legal_err_page() });
		if (!contents.success) return fail(400, { values, errors });
		return { values: { ...values, ...contents.output }, preview: true };
	},
	save: async (event) => {
		requirePermission(event, 'edit_legal_pages');
		const { values, page, contents, errors } = await readForm(event.request);
		if (!page.success) return fail(404, { values, errors, message: m.legal_err_page() });
		if (!contents.success) return fail(400, { values, errors });
		const slug: LegalSlug = page.output.slug;
		const locale: LegalLocale = page.output.locale;
		const saved = await event.locals.db((tx) =>
			saveLegalPage(tx, slug, locale, contents.output.title, contents.output.body)
		);
		if (!saved) return fail(403, { values, errors, message: m.legal_err_save() });
		return { saved: true };
	}
} satisfies Actions;
