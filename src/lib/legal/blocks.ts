/**
 * The tiny text format of the admin-editable legal pages: a line starting
 * with "## " is a heading, consecutive lines starting with "- " form a list, and blank lines
 * separate paragraphs. Pages render the blocks with Svelte text interpolation only (no HTML),
 * so whatever an admin types can never inject markup.
 */
export type LegalBlock =
	| { type: 'heading'; text: string }
	| { type: 'list'; items: string[] }
	| { type: 'paragraph'; text: string };

export function parseLegalBody(body: string): LegalBlock[] {
	const blocks: LegalBlock[] = [];
	let paragraph: string[] = [];
	let list: string[] | null = null;
	const flush = () => {
		if (paragraph.length) blocks.push({ type: 'paragraph', text: paragraph.join(' ') });
		if (list) blocks.push({ type: 'list', items: list });
		paragraph = [];
		list = null;
	};
	for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
		const line = raw.trim();
		if (line === '') {
			flush();
		} else if (line === '##' || line.startsWith('## ')) {
			flush();
			const text = line.slice(2).trim();
			if (text) blocks.push({ type: 'heading', text });
		} else if (line === '-' || line.startsWith('- ')) {
			if (paragraph.length) flush();
			const item = line.slice(1).trim();
			if (item) (list ??= []).push(item);
		} else if (list) {
			// A line after list items without a blank line ends the list and starts a paragraph.
			flush();
			paragraph.push(line);
		} else {
			paragraph.push(line);
		}
	}
	flush();
	return blocks;
}
