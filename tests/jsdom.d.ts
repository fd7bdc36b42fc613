// jsdom ships no type declarations (and @types/jsdom is not a dependency): the one part the
// tests use: its window, whose DOMParser parses XML namespace-aware (tests/atom.ts), and the two
// options that let axe-core run inside it (a script evaluated from outside, and the page's URL).
declare module 'jsdom' {
	export class JSDOM {
		constructor(html?: string, options?: { runScripts?: 'outside-only'; url?: string });
		readonly window: Window & typeof globalThis;
	}
}
