import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const load = (locale: string) =>
	JSON.parse(readFileSync(join(root, 'messages', `${locale}.json`), 'utf8')) as Record<
		string,
		string
	>;

describe('message files', () => {
	it('Polish and English have the same keys, none empty (no untranslated strings)', () => {
		const pl = load('pl');
		const en = load('en');
		const keys = (o: Record<string, string>) =>
			Object.keys(o)
				.filter((k) => k !== '$schema')
				.sort();
		expect(keys(en)).toEqual(keys(pl));
		for (const [locale, messages] of [
			['pl', pl],
			['en', en]
		] as const) {
			const empty = keys(messages).filter((k) => String(messages[k]).trim() === '');
			expect(empty, locale).toEqual([]);
		}
	});
});
