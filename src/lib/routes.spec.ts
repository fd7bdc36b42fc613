import { describe, expect, it } from 'vitest';
import { excelCsvRoute, fileRoute, route, routeIn } from './routes';

// Outside a request and a browser Paraglide falls back to the base locale (Polish: no prefix).

describe('route', () => {
	it('leaves a Polish page path as it is', () => {
		expect(route('/')).toBe('/');
		expect(route('/panel/zasoby')).toBe('/panel/zasoby');
		expect(route(`/panel/zasoby/${'abc'}`)).toBe('/panel/zasoby/abc');
	});

	it('puts the English prefix before the path', () => {
		expect(route('/panel/zasoby', { locale: 'en' })).toBe('/en/panel/zasoby');
		expect(route('/diagnoza', { locale: 'en' })).toBe('/en/diagnoza');
	});

	it('keeps the query and the hash, whatever they hold', () => {
		expect(route('/panel/obszar?solectwo=3#edit')).toBe('/panel/obszar?solectwo=3#edit');
		expect(route('/panel/obszar?solectwo=3#edit', { locale: 'en' })).toBe(
			'/en/panel/obszar?solectwo=3#edit'
		);
		// `resolve` alone would read `/`, `(group)` and `[param]` here as parts of a route pattern.
		expect(route('/logowanie?next=/panel/(a)/[b]')).toBe('/logowanie?next=/panel/(a)/[b]');
		expect(route('/dzialania?wies=kramsk&miesiac=2026-05#kalendarz')).toBe(
			'/dzialania?wies=kramsk&miesiac=2026-05#kalendarz'
		);
	});
});

describe('fileRoute', () => {
	it('never adds a language prefix to a file the server produces', () => {
		expect(fileRoute('/api/diagnoza/kramsk.csv')).toBe('/api/diagnoza/kramsk.csv');
		expect(fileRoute('/dzialania.ics?wies=kramsk')).toBe('/dzialania.ics?wies=kramsk');
	});

	it('the Excel variant of a CSV adds sep=semicolon to the query', () => {
		expect(excelCsvRoute('/api/diagnoza/kramsk.csv')).toBe(
			'/api/diagnoza/kramsk.csv?sep=semicolon'
		);
		expect(excelCsvRoute('/panel/zasoby/eksport.csv', 'status=draft')).toBe(
			'/panel/zasoby/eksport.csv?status=draft&sep=semicolon'
		);
	});
});

describe('routeIn', () => {
	it('gives the same page and query in the other language', () => {
		const polish = new URL('https://mapa.example/panel/dziennik?strona=2');
		expect(routeIn('en', polish)).toBe('/en/panel/dziennik?strona=2');
		const english = new URL('https://mapa.example/en/panel/dziennik?strona=2');
		expect(routeIn('pl', english)).toBe('/panel/dziennik?strona=2');
	});
});
