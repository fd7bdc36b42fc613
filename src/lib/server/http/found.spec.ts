import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../db/types.ts';
import { foundOr404, readOr404 } from './found.ts';

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
