import { JSDOM } from 'jsdom';

const ATOM = 'http://www.w3.org/2005/Atom';
// RFC 3339 date-time (RFC 4287 §3.3), with a time zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface ParsedEntry {
	id: string;
	title: string;
	updated: string;
	alternate: string;
	summary: string | null;
}

export interface ParsedFeed {
	id: string;
	title: string;
	updated: string;
	self: string;
	entries: ParsedEntry[];
}

/**
 * Parses an Atom document with a real XML parser (jsdom's, namespace-aware) and checks what
 * RFC 4287 requires: atom:feed with exactly one id, title and updated (§4.1.1), an author (on
 * the feed or on every entry), dates in RFC 3339 form (§3.3), absolute IRIs as ids (§4.2.6), and
 * per entry exactly one id, title and updated, plus a link rel="alternate" when it has no content
 * (§4.1.1.1, §4.1.2). Throws with the first problem; answers the parsed fields.
 */
export function parseAtom(text: string): ParsedFeed {
	const doc = new new JSDOM('').window.DOMParser().parseFromString(text, 'application/xml');
	const error = doc.getElementsByTagName('parsererror')[0];
	if (error) throw new Error(`not well-formed XML: ${error.textContent}`);
	const feed = doc.documentElement;
	if (feed.namespaceURI !== ATOM || feed.localName !== 'feed') throw new Error('no atom:feed');
	const children = (el: Element, name: string) =>
		[...el.children].filter((c) => c.namespaceURI === ATOM && c.localName === name);
	const one = (el: Element, name: string): string => {
		const found = children(el, name);
		if (found.length !== 1) throw new Error(`${el.localName} has ${found.length} atom:${name}`);
		return found[0].textContent ?? '';
	};
	const date = (el: Element) => {
		const value = one(el, 'updated');
		if (!DATE_TIME.test(value)) throw new Error(`atom:updated is not RFC 3339: ${value}`);
		return value;
	};
	const iri = (el: Element) => {
		const id = one(el, 'id');
		if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(id)) throw new Error(`atom:id is not an IRI: ${id}`);
		return id;
	};
	const link = (el: Element, rel: string) =>
		children(el, 'link')
			.find((l) => (l.getAttribute('rel') ?? 'alternate') === rel)
			?.getAttribute('href') ?? null;
	const feedAuthor = children(feed, 'author').length > 0;
	const self = link(feed, 'self');
	if (!self) throw new Error('atom:feed has no link rel="self"');
	const entries = children(feed, 'entry').map((entry) => {
		if (!feedAuthor && children(entry, 'author').length === 0) {
			throw new Error('an entry has no author and the feed has none');
		}
		const alternate = link(entry, 'alternate');
		if (!alternate && children(entry, 'content').length === 0) {
			throw new Error('an entry has neither content nor a link rel="alternate"');
		}
		const summary = children(entry, 'summary')[0]?.textContent ?? null;
		return {
			id: iri(entry),
			title: one(entry, 'title'),
			updated: date(entry),
			alternate: alternate ?? '',
			summary
		};
	});
	return { id: iri(feed), title: one(feed, 'title'), updated: date(feed), self, entries };
}
