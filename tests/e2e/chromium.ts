/**
 * The flags headless Chromium runs with, for the browser suite (playwright.config.ts) and the
 * benchmarks that time pages in it (scripts/bench-scale-pages.ts): WebGL through SwiftShader, and
 * no background traffic to a network that refuses it.
 */
export const CHROMIUM_ARGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--enable-unsafe-swiftshader',
	'--use-angle=swiftshader',
	'--disable-background-networking',
	'--disable-component-update',
	'--no-first-run',
	'--disable-sync'
];
