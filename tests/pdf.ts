import { extractText, getDocumentProxy } from 'unpdf';

// What a PDF reader or an accessibility checker sees in a PDF the app made: the text of each
// page (pdf.js, in content order), the structure tree of a page, and the catalog entries a tagged
// PDF/UA document needs (ISO 14289-1, 7). pdfkit compresses page content but writes the catalog,
// font dictionaries and XMP metadata as plain text, so those are read from the bytes.

/** The text of each page, as pdf.js extracts it. */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
	const pdf = await getDocumentProxy(new Uint8Array(bytes));
	return (await extractText(pdf, { mergePages: false })).text;
}

export interface Tagging {
	/** /MarkInfo << /Marked true >>: a tagged PDF (ISO 32000-1, 14.7.1). */
	marked: boolean;
	structTreeRoot: boolean;
	/** /Lang of the catalog. */
	lang: string | null;
	/** /ViewerPreferences << /DisplayDocTitle true >>. */
	displayDocTitle: boolean;
	/** pdfuaid:part 1 in the XMP metadata. */
	pdfUa: boolean;
	/** Fonts with the TrueType program embedded (/FontFile2). */
	embeddedFonts: number;
	/** Fonts used without embedding (the standard 14, /Subtype /Type1 without a program). */
	standardFonts: number;
}

export async function tagging(bytes: Uint8Array): Promise<Tagging> {
	const pdf = await getDocumentProxy(new Uint8Array(bytes));
	const markInfo = await pdf.getMarkInfo();
	const text = Buffer.from(bytes).toString('latin1');
	const count = (re: RegExp) => text.match(re)?.length ?? 0;
	return {
		marked: markInfo?.Marked === true,
		structTreeRoot: text.includes('/Type /StructTreeRoot'),
		lang: /\/Type \/Catalog[^]*?\/Lang \(([\w-]+)\)/.exec(text)?.[1] ?? null,
		displayDocTitle: text.includes('/DisplayDocTitle true'),
		pdfUa: /<pdfuaid:part>1<\/pdfuaid:part>/.test(text),
		embeddedFonts: count(/\/FontFile2 /g),
		standardFonts: count(/\/Subtype \/Type1\b/g)
	};
}

export interface StructNode {
	role: string;
	alt?: string;
	lang?: string;
	children?: (StructNode | { type: string })[];
}

/** The structure tree of page `n` (1-based) as pdf.js reads it: elements with content there. */
export async function structure(bytes: Uint8Array, n: number): Promise<StructNode> {
	const pdf = await getDocumentProxy(new Uint8Array(bytes));
	return (await pdf.getPage(n)).getStructTree();
}

/** The roles of a structure tree, nested: "Document(H1 P Table(THead(TR(TH TH))))". */
export function roles(node: StructNode): string {
	const children = (node.children ?? []).filter((c): c is StructNode => 'role' in c);
	const inner = children.map(roles).join(' ');
	if (node.role === 'Root') return inner;
	return children.length > 0 ? `${node.role}(${inner})` : node.role;
}

/** Every element of a structure tree with the given role, in reading order. */
export function elements(node: StructNode, role: string): StructNode[] {
	const children = (node.children ?? []).filter((c): c is StructNode => 'role' in c);
	return [...(node.role === role ? [node] : []), ...children.flatMap((c) => elements(c, role))];
}
