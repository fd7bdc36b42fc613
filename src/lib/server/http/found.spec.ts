import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../auth/permissions.ts';
import type { Tx } from '../db/types.ts';
import { foundOr404, paramMatching, permittedReadOr404, readOr404 } from './found.ts';

const refusal = async (p: Promise<unknown>) => {
	try {
		await p;
		return null;
	} catch (e) {
		return isHttpError(e) ? { status: e.status, message: e.body.message } : e;
	}
};

describe('foundOr404', () => {
	it('returns what was read for a well-formed, known key', async () => {
		expect(await foundOr404('a', async (key) => ({ key }), 'Nie ma')).toEqual({ key: 'a' });
	});

	it('answers 404 with the message for an unknown key', async () => {
		expect(await refusal(foundOr404('a', async () => null, 'Nie ma'))).toEqual({
			status: 404,
			message: 'Nie ma'
		});
	});

	it('answers the same 404 for a malformed key, without reading', async () => {
		let read = false;
		const outcome = await refusal(
			foundOr404(null, async () => ((read = true), 1), 'Nie ma takiego działania.')
		);
		expect(outcome).toEqual({ status: 404, message: 'Nie ma takiego działania.' });
		expect(read).toBe(false);
	});
});

describe('readOr404', () => {
	// Stands in for locals.db: counts the transactions the read asks for.
	const transactions = () => {
		const opened: number[] = [];
		const db = <T>(fn: (tx: Tx) => Promise<T>) => {
			opened.push(1);
			return fn({} as Tx);
		};
		return { locals: { db }, opened };
	};

	it('reads a well-formed key inside one transaction', async () => {
		const { locals, opened } = transactions();
		expect(await readOr404(locals, 'a', async (_tx, key) => ({ key }), 'Nie ma')).toEqual({
			key: 'a'
		});
		expect(opened).toHaveLength(1);
	});

	it('answers 404 for a malformed key without opening a transaction', async () => {
		const { locals, opened } = transactions();
		expect(await refusal(readOr404(locals, null, async () => 1, 'Nie ma'))).toEqual({
			status: 404,
			message: 'Nie ma'
		});
		expect(opened).toHaveLength(0);
	});
});

describe('paramMatching', () => {
	it('passes a parameter of the expected form and turns any other into null', () => {
		expect(paramMatching(/^N-\d+$/, 'N-12')).toBe('N-12');
		expect(paramMatching(/^N-\d+$/, 'N-12x')).toBeNull();
		expect(paramMatching(/^N-\d+$/, undefined)).toBeNull();
	});
});

describe('permittedReadOr404', () => {
	const request = (role: 'council' | null) => {
		const opened: number[] = [];
		const db = <T>(fn: (tx: Tx) => Promise<T>) => {
			opened.push(1);
			return fn({} as Tx);
		};
		const user: SessionUser | null = role && { id: 'u', email: 'u@example.org', role };
		return {
			event: { locals: { db, user }, url: new URL('http://x/panel/a?b=1') },
			opened
		};
	};

	it('reads for a user who may, and returns that user', async () => {
		const { event, opened } = request('council');
		const out = await permittedReadOr404(event, 'read_panel', 'a', async (_tx, k) => k, 'Nie ma');
		expect(out).toEqual({ user: event.locals.user, found: 'a' });
		expect(opened).toHaveLength(1);
	});

	it('sends a visitor without a session to the login page before reading anything', async () => {
		const { event, opened } = request(null);
		const outcome = await permittedReadOr404(
			event,
			'read_panel',
			'a',
			async () => 1,
			'Nie ma'
		).then(
			() => null,
			(e: unknown) => (isRedirect(e) ? { status: e.status, location: e.location } : e)
		);
		expect(outcome).toMatchObject({ status: 303 });
		expect(opened).toHaveLength(0);
	});

	it('refuses with 403 a role that may not, before reading anything', async () => {
		const { event, opened } = request('council');
		expect(
			await refusal(permittedReadOr404(event, 'moderate', 'a', async () => 1, 'Nie ma'))
		).toMatchObject({ status: 403 });
		expect(opened).toHaveLength(0);
	});
});
