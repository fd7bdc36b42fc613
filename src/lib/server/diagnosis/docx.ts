import sharp from 'sharp';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { cellShade, gridMax, type Diagnosis, type DiagnosisMap } from '$lib/diagnosis/types';
import { formatNumber } from '$lib/presentation/format';
import { snapshotLine } from '$lib/diagnosis/text';
import { renderDocx, TEXT_WIDTH_PX } from '../docx/writer.ts';
import { writeDiagnosis } from './content.ts';

// The diagnosis as a Word document: the same blocks as the PDF (content.ts). Word cannot draw
// the PDF's vector map, so the static map becomes a picture: the same SVG as the page's map
// (outline from PostGIS ST_AsSVG, resources as squares, needs as circles), rasterised by sharp.

const RESOURCE_COLOUR = '#1d4ed8';
const NEED_COLOUR = '#b91c1c';
const MAP_MAX_HEIGHT_PX = 360;

/** The static map as SVG, drawn as src/lib/diagnosis/StaticMap.svelte draws it. */
export function mapSvg(map: DiagnosisMap): string {
	const size = Math.max(map.width, map.height, 1);
	const r = size / 90;
	const pad = r * 2;
	const shapes = [
		`<path d="${map.outline}" fill="#f1f5f9" stroke="#334155" stroke-width="${size / 300}"/>`,
		...map.resources.map(
			([x, y]) =>
				`<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${RESOURCE_COLOUR}"/>`
		),
		...map.needs.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${r}" fill="${NEED_COLOUR}"/>`),
		// Beyond 2,000 needs they come counted per grid cell: shaded squares, as on the page.
		...(map.need_grid?.cells ?? []).map(([x, y, k]) => {
			const half = (map.need_grid?.cell ?? 0) / 2;
			return `<rect x="${x - half}" y="${y - half}" width="${2 * half}" height="${2 * half}" fill="${NEED_COLOUR}" fill-opacity="${cellShade(k, gridMax(map))}"/>`;
		})
	];
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${-pad} ${-pad} ${map.width + 2 * pad} ${map.height + 2 * pad}">${shapes.join('')}</svg>`;
}

/** The map as a PNG that fits the text width, with its size in pixels. */
async function mapPicture(map: DiagnosisMap) {
	const aspect = Math.max(map.height, 1) / Math.max(map.width, 1);
	const width = Math.round(Math.min(TEXT_WIDTH_PX, MAP_MAX_HEIGHT_PX / aspect));
	const height = Math.round(width * aspect);
	// Twice the shown size, so it stays sharp when printed.
	const png = await sharp(Buffer.from(mapSvg(map)))
		.resize(width * 2, height * 2, { fit: 'fill' })
		.png()
		.toBuffer();
	return { png, width, height };
}

/** The diagnosis as a .docx file, in the request's language (Paraglide getLocale()). */
export async function diagnosisDocx(
	d: Diagnosis,
	staff: boolean
): Promise<Uint8Array<ArrayBuffer>> {
	const picture = d.map ? await mapPicture(d.map) : null;
	const title = m.diag_title_scope({ name: d.scope.name });
	return renderDocx({ title, lang: getLocale(), footer: snapshotLine(d) }, (docx) =>
		writeDiagnosis(
			docx,
			(alt) => {
				if (!picture) return;
				docx.image(alt, picture.png, picture.width, picture.height);
				docx.paragraph(`■ ${m.diag_map_legend_resource()}`, { color: RESOURCE_COLOUR, size: 8 });
				const needKey = d.map?.need_grid
					? `■ ${m.hotspots_map_legend_grid({ cell: `${formatNumber(d.map.need_grid.cell)} m`, max: formatNumber(gridMax(d.map)) })}`
					: `● ${m.diag_map_legend_need()}`;
				docx.paragraph(needKey, { color: NEED_COLOUR, size: 8 });
			},
			d,
			staff
		)
	);
}
