import { describe, expect, it } from 'vitest';
import { untranslatedCopies } from './e2e/polish-strings.ts';

// The message files alone, no browser: the English pages' sweep (tests/e2e/all-pages.e2e.ts) relies
// on every English message being translated.
describe('English messages', () => {
	it('no English message is an untranslated copy of the Polish one', () => {
		expect(untranslatedCopies()).toEqual([]);
	});
});
