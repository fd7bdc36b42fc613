import sharp from 'sharp';
import type { NeedPageMap } from '$lib/needs/types';

// The picture a shared link shows (OpenGraph og:image, Twitter summary_large_image): 1200×630,
// the size Facebook recommends for link previews, drawn as SVG and rendered to PNG by sharp
// (librsvg). Text is drawn with the system's fonts through fontconfig; the list names fonts
// found on common Linux servers (DejaVu, Liberation) before the generic family, so Polish
// letters always have glyphs. Everything typed by people is escaped as XML text.

export const SHARE_IMAGE = { width: 1200, height: 630 } as const;

const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
const MAP_BOX = { x: 700, y: 70, size: 440 } as const;

export interface ShareImageContent {
	/** The big text: the need's title, or the app's name. */
	title: string;
	/** A line above the title (kind and reference). */
	kicker: string;
	/** Lines below the title (village, category). */
	lines: string[];
	/** The footer: the app's name. */
	footer: string;
	/** The village outline with the point; none on the default image. */
	map?: NeedPageMap | null;
}

const escapeXml = (text: string) =>
	text.replace(
		/[<>&'"]/g,
		(c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c
	);

/**
 * Breaks text into at most `maxLines` lines of about `perLine` characters at spaces (SVG text
 * does not wrap by itself); a cut-off last line ends in an ellipsis.
 */
export function wrapText(text: string, perLine: number, maxLines: number): string[] {
	const words = text.replace(/\s+/g, ' ').trim().split(' ');
	const lines: string[] = [];
	let line = '';
	for (const word of words) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= perLine || !line) {
			line = next;
			continue;
		}
		lines.push(line);
		line = word;
	}
	if (line) lines.push(line);
	const shown = lines.slice(0, maxLines).map((l) => (l.length > perLine ? l.slice(0, perLine) : l));
	if (lines.length > maxLines || lines.some((l) => l.length > perLine)) {
		const last = shown.length - 1;
		shown[last] = `${shown[last].slice(0, perLine - 1).trimEnd()}…`;
	}
	return shown;
}

/** The map part: the outline scaled into the square box, the point as a marker. */
function mapSvg(map: NeedPageMap): string {
	const size = Math.max(map.width, map.height, 1);
	const scale = MAP_BOX.size / size;
	const dx = MAP_BOX.x + (MAP_BOX.size - map.width * scale) / 2;
	const dy = MAP_BOX.y + (MAP_BOX.size - map.height * scale) / 2;
	const [px, py] = [dx + map.point[0] * scale, dy + map.point[1] * scale];
	return `<rect x="${MAP_BOX.x - 20}" y="${MAP_BOX.y - 20}" width="${MAP_BOX.size + 40}" height="${MAP_BOX.size + 40}" rx="24" fill="#ffffff"/>
<g transform="translate(${dx} ${dy}) scale(${scale})">
<path d="${escapeXml(map.outline)}" fill="#e2e8f0" stroke="#334155" stroke-width="${2 / scale}" fill-rule="evenodd"/>
</g>
<circle cx="${px}" cy="${py}" r="22" fill="#b91c1c" fill-opacity="0.25"/>
<circle cx="${px}" cy="${py}" r="11" fill="#b91c1c" stroke="#ffffff" stroke-width="4"/>`;
}

/** The image as SVG source (exported for tests and for the default image). */
export function shareImageSvg(content: ShareImageContent): string {
	const { width, height } = SHARE_IMAGE;
	const withMap = Boolean(content.map);
	// About 0.6 em per character of DejaVu Sans Bold: the text stays left of the map.
	const perLine = withMap ? 20 : 32;
	const title = wrapText(content.title, perLine, 4);
	const titleSize = (withMap ? 46 : 58) - (title.length > 3 ? 6 : 0);
	const text = (x: number, y: number, size: number, weight: number, fill: string, body: string) =>
		`<text x="${x}" y="${y}" font-family="${FONT}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(body)}</text>`;
	const parts = [
		`<rect width="${width}" height="${height}" fill="#f8fafc"/>`,
		`<rect width="${width}" height="14" fill="#1d4ed8"/>`,
		content.map ? mapSvg(content.map) : '',
		text(64, 110, 30, 700, '#1d4ed8', content.kicker),
		...title.map((line, i) =>
			text(64, 190 + i * (titleSize + 14), titleSize, 700, '#0f172a', line)
		),
		...content.lines.map((line, i) =>
			text(64, 190 + title.length * (titleSize + 14) + 30 + i * 44, 32, 400, '#334155', line)
		),
		`<rect y="${height - 80}" width="${width}" height="80" fill="#1e293b"/>`,
		text(64, height - 28, 30, 700, '#ffffff', content.footer)
	];
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

/** The image as PNG bytes. */
export async function shareImagePng(content: ShareImageContent): Promise<Uint8Array<ArrayBuffer>> {
	const png = await sharp(Buffer.from(shareImageSvg(content)))
		.png({ compressionLevel: 9 })
		.toBuffer();
	return new Uint8Array(png);
}
