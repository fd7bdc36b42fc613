// jsdom ships no type declarations (and @types/jsdom is not a dependency): the one part the
// tests use, its window, whose DOMParser parses XML namespace-aware (tests/atom.ts).
declare module 'jsdom' {
	export class JSDOM {
		constructor(html?: string);
		readonly window: Window & typeof globalThis;
	}
}
