import { describe, expect, it } from 'vitest';
import { safeNext } from './next.ts';

const APP = 'https://mapa.kramsk.test';

/**
 * What a browser does with `/logowanie?next=<query>`: the server reads the parameter (one
 * percent-decoding), answers 303 with safeNext's value as Location, and the browser resolves
 * that against the page's URL. Returns the URL the browser ends up on.
 */
function signInVia(query: string): URL {
	const next = new URL(`${APP}/logowanie?next=${query}`).searchParams.get('next');
	const location = safeNext(next);
	// Node refuses a header value with CR, LF or characters above U+00FF (ERR_INVALID_CHAR).
	expect(location).toMatch(/^[\x21-\x7e]+$/);
	return new URL(location, `${APP}/logowanie`);
}

describe('safeNext', () => {
	it.each([
		['/panel/moderacja?x=1', '/panel/moderacja?x=1'],
		['/panel#sekcja', '/panel#sekcja'],
		['/en/panel', '/en/panel'],
		['/panel/zasoby?kategoria=świetlica', '/panel/zasoby?kategoria=%C5%9Bwietlica'],
		['/panel/ząb', '/panel/z%C4%85b'],
		['/panel/./zasoby/../dzialania', '/panel/dzialania'],
		['/%2f%2fevil.example', '/%2f%2fevil.example'],
		['/%5cevil.example', '/%5cevil.example'],
		['/panel\r\nSet-Cookie: x=1', '/panelSet-Cookie:%20x=1'],
		['/pa\tnel', '/panel']
	])('keeps the same-origin path %j as %j', (value, expected) => {
		expect(safeNext(value)).toBe(expected);
	});

	it.each([
		'https://evil.example/',
		'http:evil.example',
		'https:/evil.example',
		'//evil.example',
		'///evil.example',
		'////evil.example',
		'/\\evil.example',
		'\\\\evil.example',
		'\\/evil.example',
		'/\t/evil.example/phish',
		'/\n/evil.example',
		'/\r/evil.example',
		'/\t\\evil.example',
		'/./\\evil.example',
		'/.//evil.example',
		'/%2e//evil.example',
		'/%2E/%2E//evil.example',
		'/../../evil.example/..//evil.example',
		' //evil.example',
		'\t//evil.example',
		'javascript:alert(1)',
		'JaVaScRiPt:alert(1)',
		'data:text/html,x',
		'panel',
		'evil.example',
		'/%00',
		'',
		null,
		undefined,
		`/${'a'.repeat(3000)}`
	])('refuses %j', (value) => {
		expect(safeNext(value)).toBe('/panel');
	});

	it('uses the given fallback', () => {
		expect(safeNext('//evil.example', '/en/panel')).toBe('/en/panel');
	});

	// The same attacks as they arrive in the address bar, percent-encoded once more.
	it.each([
		'/%09/evil.example/phish',
		'/%0a/evil.example',
		'/%0d/evil.example',
		'/%0d%0a/evil.example',
		'%2f%2fevil.example',
		'%2F%2Fevil.example',
		'/%2f/evil.example',
		'%5c%5cevil.example',
		'/%5c/evil.example',
		'/%5cevil.example',
		'/\\evil.example',
		'/%5C%5Cevil.example',
		'//evil.example',
		'///evil.example',
		'/.//evil.example',
		'/%2e%2f/evil.example',
		'https:%2f%2fevil.example',
		'https://evil.example',
		'https:evil.example',
		'javascript:alert(document.domain)',
		'java%0ascript:alert(1)',
		'%20//evil.example',
		'%09//evil.example',
		'/%E2%80%8B/evil.example',
		'/%C3%BF/evil.example',
		'/%F0%9F%98%80',
		'/panel%0d%0aLocation:%20https://evil.example',
		'/%00/evil.example',
		'/%u002f/evil.example',
		'/%252f%252fevil.example',
		'@evil.example',
		'/@evil.example',
		'/panel@evil.example',
		'/%40evil.example'
	])('after sign-in with next=%s the browser stays on the app', (query) => {
		expect(signInVia(query).origin).toBe(APP);
	});
});
