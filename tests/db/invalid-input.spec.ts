import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import {
	handleInvalidInput,
	isInvalidInputError
} from '../../src/lib/server/http/invalid-input.ts';
import { backends, claims, sqlState } from './backends.ts';

// Where NUL and malformed values meet the database: PostgreSQL (and PGlite) refuse U+0000 in text
// (22021) and `\u0000` in jsonb (22P05), and a malformed uuid with 22P02. The request handle that
// wraps `locals.db` turns exactly these into a 400 instead of a 500.

describe.each(backends)('input the database refuses, on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	const asAnon = (sql: string, params: unknown[]) =>
		db.asUser(claims.anon, (tx) => tx.query(sql, params));

	it.each([
		['NUL in a text parameter', 'select length($1::text)', ['Ławka\u0000'], '22021'],
		['\\u0000 in jsonb', "select $1::text::jsonb ->> 'title'", ['{"title":"a\\u0000b"}'], '22P05'],
		['a malformed uuid', 'select count(*) from public.needs where id = $1::uuid', ['x'], '22P02']
	])('%s fails with %s…', async (_name, sql, params, code) => {
		const state = await sqlState(asAnon(sql, params));
		expect(state).toBe(code);
		expect(isInvalidInputError({ code: state })).toBe(true);
	});

	it('…which the request handle turns into a 400; valid queries are untouched', async () => {
		const event = {
			url: new URL('http://x/'),
			request: new Request('http://x/'),
			locals: { db: (fn: Parameters<Database['asUser']>[1]) => db.asUser(claims.anon, fn) }
		} as unknown as RequestEvent;
		const outcome: unknown[] = [];
		await handleInvalidInput({
			event,
			resolve: async (e) => {
				outcome.push(
					await e.locals
						.db((tx) => tx.query('select length($1::text)', ['a\u0000b']))
						.catch((x: unknown) => x)
				);
				outcome.push(await e.locals.db((tx) => tx.query<{ n: number }>('select 1 as n', [])));
				return new Response('ok');
			}
		});
		expect(isHttpError(outcome[0], 400)).toBe(true);
		expect(outcome[1]).toEqual([{ n: 1 }]);
	});
});
