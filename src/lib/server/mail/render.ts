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

/** A status-change message in the reporter's language: plain text and simple, escaped HTML. */
export function renderStatusMail(input: StatusMailInput): RenderedMail {
	const locale = { locale: input.locale };
	// The same labels and explanations as the reporter's status page (/zgloszenie/[token]).
	const status = needStatusLabel(input.status, input.locale);
	const explained = needStatusExplanation(input.status, input.locale);
	// Line breaks in a subject would let a title inject headers; nodemailer folds, we flatten.
	const subject = m
		.mail_subject({ ref: input.ref, status }, locale)
		.replace(/[\r\n]+/g, ' ')
		.slice(0, 400);
	const changed = m.mail_changed({ ref: input.ref, title: input.title, status }, locale);
	const signature = `${m.app_name({}, locale)} — ${m.app_region({}, locale)}`;

	const text = [
		m.mail_greeting({}, locale),
		'',
		changed,
		explained,
		...(input.statusUrl ? ['', m.mail_status_link({}, locale), input.statusUrl] : []),
		'',
		'-- ',
		signature,
		m.mail_reason({}, locale),
		`${m.mail_unsubscribe_line({}, locale)} ${input.unsubscribeUrl}`
	].join('\n');

	const link = (url: string) => `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
	const html = [
		`<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
		'<body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a">',
		`<p>${escapeHtml(m.mail_greeting({}, locale))}</p>`,
		`<p>${escapeHtml(changed)}${explained ? `<br>${escapeHtml(explained)}` : ''}</p>`,
		input.statusUrl
			? `<p>${escapeHtml(m.mail_status_link({}, locale))}<br>${link(input.statusUrl)}</p>`
			: '',
		`<hr><p style="font-size:0.9em">${escapeHtml(signature)}<br>${escapeHtml(m.mail_reason({}, locale))}<br>`,
		`${escapeHtml(m.mail_unsubscribe_line({}, locale))} ${link(input.unsubscribeUrl)}</p>`,
		'</body></html>'
	].join('\n');
	return { subject, text, html };
}
