/**
 * An Atom 1.0 document (RFC 4287), written as text: the project has no XML library, so every
 * value goes through `xml()`, the one escaping function, and nothing else reaches the output.
 *
 * What RFC 4287 requires and this writer always emits:
 *   - atom:feed: id, title, updated, author (§4.1.1; one for the feed, so entries need none),
 *     a link rel="self" (§4.1.1, "SHOULD") and rel="alternate" to the HTML page;
 *   - atom:entry: id, title, updated (§4.1.2), and a link rel="alternate" because the entry has
 *     no atom:content of its own (§4.1.1.1): the public page is the content;
 *   - dates in RFC 3339 form (§3.3), ids as absolute IRIs (§4.2.6; urn:uuid, RFC 9562).
 */

export interface AtomEntry {
	/** A permanent IRI, e.g. `urn:uuid:…`. */
	id: string;
	title: string;
	updated: Date;
	published?: Date;
	/** The entry's public page (absolute URL). */
	link: string;
	/** Plain text; shown by readers as the entry's text. */
	summary?: string;
	categories?: { term: string; label?: string }[];
}

export interface AtomFeed {
	id: string;
	title: string;
	subtitle?: string;
	/** The feed's own URL (rel="self"). */
	self: string;
	/** The HTML page the feed mirrors (rel="alternate"). */
	alternate: string;
	author: string;
	/** xml:lang of the feed's text. */
	lang: string;
	/** When nothing newer is known (an empty feed). */
	fallbackUpdated: Date;
	entries: AtomEntry[];
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;'
};

/**
 * Text as XML character data or an attribute value: the five markup characters escaped, and the
 * characters XML 1.0 §2.2 forbids in any document (C0 controls except tab, line feed and carriage
 * return; lone surrogates; U+FFFE and U+FFFF) dropped, since escaping cannot make them legal.
 */
export function xml(text: string): string {
	return Array.from(text, (c) => (isXmlChar(c.codePointAt(0) ?? 0) ? c : ''))
		.join('')
		.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** XML 1.0 §2.2 Char; `Array.from` splits by code point, so a lone surrogate arrives alone. */
const isXmlChar = (cp: number) =>
	cp === 0x9 ||
	cp === 0xa ||
	cp === 0xd ||
	(cp >= 0x20 && cp <= 0xd7ff) ||
	(cp >= 0xe000 && cp <= 0xfffd) ||
	cp >= 0x10000;

/** RFC 3339 date-time in UTC (§3.3), without milliseconds. */
const date = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function entry(e: AtomEntry): string {
	return [
		'  <entry>',
		`    <id>${xml(e.id)}</id>`,
		`    <title type="text">${xml(e.title)}</title>`,
		`    <updated>${date(e.updated)}</updated>`,
		...(e.published ? [`    <published>${date(e.published)}</published>`] : []),
		`    <link rel="alternate" type="text/html" href="${xml(e.link)}"/>`,
		...(e.categories ?? []).map(
			(c) => `    <category term="${xml(c.term)}"${c.label ? ` label="${xml(c.label)}"` : ''}/>`
		),
		...(e.summary ? [`    <summary type="text">${xml(e.summary)}</summary>`] : []),
		'  </entry>'
	].join('\n');
}

/** The feed as an XML document; `updated` is the newest entry's (the entries come sorted or not). */
export function writeAtom(feed: AtomFeed): string {
	const updated = feed.entries.reduce(
		(max, e) => (e.updated > max ? e.updated : max),
		feed.entries[0]?.updated ?? feed.fallbackUpdated
	);
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(feed.lang)}">`,
		`  <id>${xml(feed.id)}</id>`,
		`  <title type="text">${xml(feed.title)}</title>`,
		...(feed.subtitle ? [`  <subtitle type="text">${xml(feed.subtitle)}</subtitle>`] : []),
		`  <updated>${date(updated)}</updated>`,
		`  <author><name>${xml(feed.author)}</name></author>`,
		`  <link rel="self" type="application/atom+xml" href="${xml(feed.self)}"/>`,
		`  <link rel="alternate" type="text/html" href="${xml(feed.alternate)}"/>`,
		...feed.entries.map(entry),
		'</feed>',
		''
	].join('\n');
}
