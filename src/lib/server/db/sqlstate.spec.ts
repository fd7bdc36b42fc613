import { describe, expect, it } from 'vitest';
import { SQLSTATE, retryAfterOf, sqlstateOf } from './sqlstate';

const pgError = (code: string, detail?: string) =>
	Object.assign(new Error('refused'), { code, detail });

describe('sqlstate', () => {
	it('reads the code of a driver error', () => {
		expect(sqlstateOf(pgError('42501'))).toBe(SQLSTATE.insufficientPrivilege);
		expect(sqlstateOf(new Error('plain'))).toBeNull();
		expect(sqlstateOf({ code: 42501 })).toBeNull();
		expect(sqlstateOf(null)).toBeNull();
		expect(sqlstateOf('MZ404')).toBeNull();
	});

	it('names each app code after the HTTP status it stands for', () => {
		for (const code of [
			SQLSTATE.notFound,
			SQLSTATE.conflict,
			SQLSTATE.gone,
			SQLSTATE.unprocessable,
			SQLSTATE.rateLimited
		])
			expect(code).toMatch(/^MZ4\d\d$/);
	});

	it('reads the seconds to wait from DETAIL', () => {
		expect(retryAfterOf(pgError('MZ429', '120'))).toBe(120);
		expect(retryAfterOf(pgError('MZ429', 'soon'))).toBe(60);
		expect(retryAfterOf(pgError('MZ429'))).toBe(60);
		expect(retryAfterOf(pgError('MZ429', '0'), 30)).toBe(30);
	});
});
