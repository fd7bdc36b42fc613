import * as m from '../../paraglide/messages.js';
import type { Locale } from '../../paraglide/runtime.js';
import { needStatusExplanation, needStatusLabel } from '../../vocab/need-status.ts';

/** A mail goes out in the language the reporter used (need_contacts.locale). */
export type MailLocale = Locale;

export interface StatusMailInput {
	locale: MailLocale;
	ref: string;
	title: string;
	status: string;
	/** The reporter's private status page, or null when the need has no status link. */
	statusUrl: string | null;
	/** The confirm page of the one-click unsubscribe. */
	unsubscribeUrl: string;
}

export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** A paragraph of a message: lines of text, and a link on its own line after them. */
export interface MailParagraph {
	lines: string[];
	url?: string | null;
}

/**
 * The one layout of every message: a greeting, the paragraphs, then the signature, why the
 * reader gets it and the unsubscribe link, as plain text and as simple HTML in which every value
 * is escaped. Line breaks in the subject would let a title inject headers: nodemailer folds, we
 * flatten.
 */
export function layoutMail(input: {
	locale: MailLocale;
	subject: string;
	paragraphs: MailParagraph[];
	reason: string;
	/** The unsubscribe page; none for a message the reader asked for (a password reset link). */
	unsubscribeUrl?: string;
}): RenderedMail {
	const locale = { locale: input.locale };
	const subject = input.subject.replace(/[\r\n]+/g, ' ').slice(0, 400);
	const signature = `${m.app_name({}, locale)} — ${m.app_region({}, locale)}`;
	const greeting = m.mail_greeting({}, locale);
	const unsubscribeLine = m.mail_unsubscribe_line({}, locale);
	const paragraphs = input.paragraphs.map((p) => ({
		lines: p.lines.filter(Boolean),
		url: p.url ?? null
	}));

	const text = [
		greeting,
		...paragraphs.flatMap((p) => ['', ...p.lines, ...(p.url ? [p.url] : [])]),
		'',
		'-- ',
		signature,
		input.reason,
		...(input.unsubscribeUrl ? [`${unsubscribeLine} ${input.unsubscribeUrl}`] : [])
	].join('\n');

	const link = (url: string) => `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
	const html = [
		`<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
		'<body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a">',
		`<p>${escapeHtml(greeting)}</p>`,
		...paragraphs.map(
			(p) => `<p>${[...p.lines.map(escapeHtml), ...(p.url ? [link(p.url)] : [])].join('<br>')}</p>`
		),
		`<hr><p style="font-size:0.9em">${escapeHtml(signature)}<br>${escapeHtml(input.reason)}`,
		`${input.unsubscribeUrl ? `<br>${escapeHtml(unsubscribeLine)} ${link(input.unsubscribeUrl)}` : ''}</p>`,
		'</body></html>'
	].join('\n');
	return { subject, text, html };
}

/** A status-change message in the reporter's language: plain text and simple, escaped HTML. */
export function renderStatusMail(input: StatusMailInput): RenderedMail {
	const locale = { locale: input.locale };
	// The same labels and explanations as the reporter's status page (/zgloszenie/[token]).
	const status = needStatusLabel(input.status, input.locale);
	const explained = needStatusExplanation(input.status, input.locale);
	return layoutMail({
		locale: input.locale,
		subject: m.mail_subject({ ref: input.ref, status }, locale),
		paragraphs: [
			{
				lines: [m.mail_changed({ ref: input.ref, title: input.title, status }, locale), explained]
			},
			...(input.statusUrl
				? [{ lines: [m.mail_status_link({}, locale)], url: input.statusUrl }]
				: [])
		],
		reason: m.mail_reason({}, locale),
		unsubscribeUrl: input.unsubscribeUrl
	});
}

/**
 * A password reset link for a local account, in the language it was asked in. Sent only because
 * someone asked (or an admin did), so it has no unsubscribe link; it says what to do when the
 * reader did not ask (OWASP Forgot Password Cheat Sheet).
 */
export function renderResetMail(input: {
	locale: MailLocale;
	url: string;
	minutes: number;
}): RenderedMail {
	const locale = { locale: input.locale };
	return layoutMail({
		locale: input.locale,
		subject: m.setup_reset_mail_subject({}, locale),
		paragraphs: [
			{
				lines: [m.setup_reset_mail_intro({ minutes: input.minutes }, locale)],
				url: input.url
			},
			{ lines: [m.setup_reset_mail_ignore({}, locale)] }
		],
		reason: m.setup_reset_mail_reason({}, locale)
	});
}
