import { describe, expect, it } from 'vitest';
import { MigrationError } from './migrate.ts';
import {
	DatabaseUnavailableError,
	classifyDatabaseError,
	isDatabaseUnavailable,
	startupFailureLine
} from './errors.ts';
import { StartupError } from './types.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
	it('knows socket, driver and SQLSTATE codes of a lost or refused connection', () => {
		for (const code of [
			'ECONNREFUSED',
			'ECONNRESET',
			'CONNECTION_CLOSED',
			'CONNECTION_ENDED',
			'CONNECTION_DESTROYED',
			'CONNECT_TIMEOUT',
			'QUEUE_TIMEOUT',
			'57P01',
			'57P02',
			'57P03',
			'53300',
			'08006',
			'08P01'
		]) {
			expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
		}
	});

	it('leaves request and schema errors alone', () => {
		for (const code of ['23505', '42501', '22023', '57014', 'P0001', '40001']) {
			expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
		}
		expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
		expect(isDatabaseUnavailable(null)).toBe(false);
		expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
	});

	it('looks through `cause` and AggregateError (every address of a host refused)', () => {
		expect(isDatabaseUnavailable(new Error('outer', { cause: withCode('ECONNRESET') }))).toBe(true);
		expect(
			isDatabaseUnavailable(
				new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])
			)
		).toBe(true);
	});

	it('classifyDatabaseError wraps connection failures once and passes the rest through', () => {
		const lost = withCode('CONNECTION_CLOSED', 'write CONNECTION_CLOSED 127.0.0.1:5432');
		const wrapped = classifyDatabaseError(lost);
		expect(wrapped).toBeInstanceOf(DatabaseUnavailableError);
		expect((wrapped as Error).cause).toBe(lost);
		expect((wrapped as Error).message).toContain('CONNECTION_CLOSED');
		expect(classifyDatabaseError(wrapped)).toBe(wrapped);
		const unique = withCode('23505');
		expect(classifyDatabaseError(unique)).toBe(unique);
	});
});

describe('startupFailureLine', () => {
	it('is one line starting with "Błąd:", with PostgreSQL\'s context when there is one', () => {
		expect(startupFailureLine(new StartupError('Katalog danych /x jest używany'))).toBe(
			'Błąd: Katalog danych /x jest używany'
		);
		const line = startupFailureLine(new MigrationError('2026_x.sql', new Error('boom\nmore')));
		expect(line).toMatch(/^Błąd: Migracja 2026_x\.sql .* boom more$/);
		const pg = Object.assign(new Error('relation "x" does not exist'), {
			where: 'PL/pgSQL function f() line 3\nat SQL statement'
		});
		expect(startupFailureLine(pg)).toBe(
			'Błąd: relation "x" does not exist (PL/pgSQL function f() line 3)'
		);
	});
});
