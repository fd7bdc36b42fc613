/**
 * Builds the MapLibre glyph PBFs shipped in static/glyphs/ (used by styles as
 * `glyphs: '/glyphs/{fontstack}/{range}.pbf'`), so map labels need no font server.
 *
 * Fonts: Noto Sans Regular and Bold (SIL OFL 1.1) from the npm package
 * @expo-google-fonts/noto-sans. Generator: fontnik (Mapbox's own glyph SDF
 * generator, FreeType-based, prebuilt native binary inside its npm package).
 *
 * Usage (the two tools are not project dependencies: they are needed only to regenerate, and
 * fontnik's native install script would otherwise run on every `npm ci`):
 *   npm install --no-save fontnik@0.7.7 @expo-google-fonts/noto-sans@0.4.2
 *   node scripts/build-glyphs.ts
 * Writes static/glyphs/<fontstack>/<start>-<end>.pbf and copies the font licence
 * to static/glyphs/OFL.txt (the OFL asks for it to travel with derived files).
 *
 * Only the ranges the UI needs are written (see RANGES) to keep static/ small.
 * A label with a character outside them makes MapLibre request a range that
 * does not exist here: add its start to RANGES and run the script again.
 */
import { createRequire } from 'node:module';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

type FontFace = { family_name: string; style_name?: string; points: number[] };
type Fontnik = {
	load(font: Buffer, callback: (err: Error | null, faces: FontFace[]) => void): void;
	range(
		options: { font: Buffer; start: number; end: number },
		callback: (err: Error | null, pbf: Buffer) => void
	): void;
};

const require = createRequire(import.meta.url);
const fontnik = require('fontnik') as Fontnik;

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'static', 'glyphs');
const fontPackage = path.dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));

/** Fontstack name (as used in `text-font`) → TTF inside the font package. */
const FONTS: Record<string, string> = {
	'Noto Sans Regular': '400Regular/NotoSans_400Regular.ttf',
	'Noto Sans Bold': '700Bold/NotoSans_700Bold.ttf'
};

/**
 * Start code points of the 256-code-point ranges to build:
 * 0 = Basic Latin + Latin-1 (ó, Ó, «, », °, …),
 * 256 = Latin Extended-A (ą ć ę ł ń ś ź ż and capitals),
 * 8192 = General Punctuation („ ” – — … •).
 */
const RANGES = [0, 256, 8192];

function load(font: Buffer): Promise<FontFace[]> {
	return new Promise((resolve, reject) =>
		fontnik.load(font, (err, faces) => (err ? reject(err) : resolve(faces)))
	);
}

function range(font: Buffer, start: number, end: number): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		fontnik.range({ font, start, end }, (err, pbf) => (err ? reject(err) : resolve(pbf)))
	);
}

for (const [fontstack, file] of Object.entries(FONTS)) {
	const font = await readFile(path.join(fontPackage, file));
	const [face] = await load(font);
	const name = `${face.family_name} ${face.style_name ?? ''}`.trim();
	if (name !== fontstack) {
		throw new Error(`${file}: font calls itself "${name}", expected "${fontstack}"`);
	}
	const dir = path.join(outDir, fontstack);
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	for (const start of RANGES) {
		const end = start + 255;
		const pbf = await range(font, start, end);
		await writeFile(path.join(dir, `${start}-${end}.pbf`), pbf);
		console.log(`${fontstack}/${start}-${end}.pbf  ${pbf.length} bytes`);
	}
}

await copyFile(path.join(fontPackage, 'LICENSE_FONT'), path.join(outDir, 'OFL.txt'));
console.log('OFL.txt (font licence)');
