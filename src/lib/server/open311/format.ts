import { xml } from '../feeds/atom.ts';

/**
 * Open311 GeoReport v2 answers in the format its URL ends with: `.json` or `.xml`
 * (http://wiki.open311.org/GeoReport_v2#Format_Support). Both carry the same values; XML names a
 * list's members by the singular the spec uses (`<services><service>`, `<service_requests>
 * <request>` …).
 */
export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

export const isOpen311Format = (s: string): s is Open311Format =>
	(OPEN311_FORMATS as readonly string[]).includes(s);

type Plain = string | number | boolean | null | undefined | Plain[] | { [key: string]: Plain };

/** The element name of one member of each list the spec defines. */
const MEMBER: Record<string, string> = {
	services: 'service',
	service_requests: 'request',
	attributes: 'attribute',
	values: 'value',
	errors: 'error',
	endpoints: 'endpoint',
	formats: 'format',
	keywords: 'keyword'
};

function element(name: string, value: Plain): string {
	if (value === null || value === undefined || value === '') return `<${name}/>`;
	if (Array.isArray(value)) {
		const member = MEMBER[name] ?? 'item';
		return `<${name}>${value.map((v) => element(member, v)).join('')}</${name}>`;
	}
	if (typeof value === 'object') {
		const children = Object.entries(value)
			.map(([k, v]) => element(k, v))
			.join('');
		return `<${name}>${children}</${name}>`;
	}
	return `<${name}>${xml(String(value))}</${name}>`;
}

/**
 * A GeoReport v2 document as XML: the spec requires UTF-8 and the XML declaration naming it.
 * `root` is the outer element; an array body becomes its members.
 */
export function toXml(root: string, body: Plain): string {
	return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, body)}`;
}

const CONTENT_TYPES: Record<Open311Format, string> = {
	json: 'application/json; charset=utf-8',
	xml: 'text/xml; charset=utf-8'
};

/** Every Open311 answer may be read by any site, like the app's other open data. */
const HEADERS = { 'access-control-allow-origin': '*' };

/** An Open311 answer: `body` as JSON, or as XML under `root`. */
export function open311Response(
	format: Open311Format,
	root: string,
	body: Plain,
	init: { status?: number; headers?: Record<string, string> } = {}
): Response {
	const text = format === 'json' ? JSON.stringify(body) : toXml(root, body);
	return new Response(text, {
		status: init.status ?? 200,
		headers: { ...HEADERS, 'content-type': CONTENT_TYPES[format], ...init.headers }
	});
}

/**
 * The spec's error answer: a list of `{code, description}` (`<errors><error>`), with the HTTP
 * status as the code.
 */
export function open311Error(
	format: Open311Format,
	status: number,
	description: string,
	headers: Record<string, string> = {}
): Response {
	return open311Response(format, 'errors', [{ code: status, description }], { status, headers });
}

/**
 * The format a route's `[format]` segment names. Any other ending is not an Open311 document:
 * null, and the route answers 404.
 */
export const formatOf = (segment: string): Open311Format | null =>
	isOpen311Format(segment) ? segment : null;

/** 404 for a URL ending in neither `.json` nor `.xml`. */
export const notOpen311 = () =>
	new Response('Not found: Open311 documents end in .json or .xml', {
		status: 404,
		headers: { 'content-type': 'text/plain; charset=utf-8', ...HEADERS }
	});
