import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { foundOr404 } from './found.ts';

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
