import { describe, expect, it } from 'vitest';
import { parseLegalBody } from './blocks';

describe('parseLegalBody (legal pages)', () => {
	it('reads headings, lists and blank-line paragraphs', () => {
		const body = 'Intro line one\nline two\n\n## Heading\n- a\n- b\nAfter list\n\n\nLast';
		expect(parseLegalBody(body)).toEqual([
			{ type: 'paragraph', text: 'Intro line one line two' },
			{ type: 'heading', text: 'Heading' },
			{ type: 'list', items: ['a', 'b'] },
			{ type: 'paragraph', text: 'After list' },
			{ type: 'paragraph', text: 'Last' }
		]);
	});

	it('keeps markup as plain text and ignores empty markers', () => {
		expect(parseLegalBody('<script>x</script>\r\n\r\n## \n- ')).toEqual([
			{ type: 'paragraph', text: '<script>x</script>' }
		]);
	});
});
