import { describe, expect, it } from 'vitest';
import { diffEntry } from './diff';

describe('audit diff', () => {
	it('an update lists only changed fields, without updated_at', () => {
		expect(
			diffEntry({
				before: { id: 'a', title: 'Jan Kowalski, ul. Polna 1', status: 'new', updated_at: 't1' },
				after: { id: 'a', title: 'Ławka przy szkole', status: 'new', updated_at: 't2' }
			})
		).toEqual([
			{ field: 'title', before: 'Jan Kowalski, ul. Polna 1', after: 'Ławka przy szkole' }
		]);
	});

	it('an insert lists every written field; objects are shown as JSON', () => {
		expect(diffEntry({ before: null, after: { id: 1, tags: ['a'] } })).toEqual([
			{ field: 'id', before: null, after: '1' },
			{ field: 'tags', before: null, after: '["a"]' }
		]);
	});

	it('a delete lists the removed row', () => {
		expect(diffEntry({ before: { id: 1 }, after: null })).toEqual([
			{ field: 'id', before: '1', after: null }
		]);
	});
});
