import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { renderPdf, type PdfWriter } from '../pdf/document.ts';
import { cellShade, gridMax, type Diagnosis, type DiagnosisMap } from '$lib/diagnosis/types';
import { snapshotLine } from '$lib/diagnosis/text';
import { formatNumber } from '$lib/presentation/format';
import { writeDiagnosis } from './content.ts';

// The PDF of a diagnosis, in the request's language (Paraglide getLocale()).
// The same document as the page; the static map draws the same SVG path
// data that PostGIS made (ST_AsSVG) with pdfkit's doc.path.

const RESOURCE_COLOUR = '#1d4ed8';
const NEED_COLOUR = '#b91c1c';
const MAP_MAX_HEIGHT = 260;
const LEGEND_SIZE = 8;

/**
 * The static map with its legend, as one figure: its alternative text (the same as the page's
 * map) names the area and the counts the squares and circles stand for.
 */
function drawMap(pdf: PdfWriter, alt: string, map: DiagnosisMap) {
	const { doc } = pdf;
	const scale = Math.min(
		pdf.width / Math.max(map.width, 1),
		MAP_MAX_HEIGHT / Math.max(map.height, 1)
	);
	const height = map.height * scale;
	const max = gridMax(map);
	const needKey = map.need_grid
		? `   ■ ${m.hotspots_map_legend_grid({ cell: `${formatNumber(map.need_grid.cell)} m`, max: formatNumber(max) })}`
		: `   ● ${m.diag_map_legend_need()}`;
	const legend = pdf.measure(
		`■ ${m.diag_map_legend_resource()}${needKey}`,
		'regular',
		LEGEND_SIZE,
		pdf.width
	);
	pdf.figure(alt, height + 6 + legend, (box) => {
		doc.save();
		doc.translate(box.x + (box.width - map.width * scale) / 2, box.y).scale(scale);
		doc
			.path(map.outline)
			.lineWidth(1.5 / scale)
			.fillColor('#f1f5f9')
			.strokeColor('#334155');
		doc.fillAndStroke();
		const r = 3.5 / scale;
		for (const [x, y] of map.resources) doc.rect(x - r, y - r, 2 * r, 2 * r).fill(RESOURCE_COLOUR);
		for (const [x, y] of map.needs) doc.circle(x, y, r).fill(NEED_COLOUR);
		// Beyond 2,000 needs: one shaded square per grid cell (at most 64 × 64), so the file
		// stays small at any number of needs.
		const half = (map.need_grid?.cell ?? 0) / 2;
		for (const [x, y, k] of map.need_grid?.cells ?? [])
			doc
				.rect(x - half, y - half, 2 * half, 2 * half)
				.fillOpacity(cellShade(k, max))
				.fill(NEED_COLOUR);
		doc.fillOpacity(1);
		doc.restore();
		doc
			.font('regular')
			.fontSize(LEGEND_SIZE)
			.fillColor(RESOURCE_COLOUR)
			.text(`■ ${m.diag_map_legend_resource()}`, box.x, box.y + height + 6, {
				width: box.width,
				continued: true
			});
		doc.fillColor(NEED_COLOUR).text(needKey);
	});
}

/** The diagnosis as a tagged PDF, in the request's language (Paraglide getLocale()). */
export function diagnosisPdf(d: Diagnosis, staff: boolean): Promise<Buffer<ArrayBuffer>> {
	const title = m.diag_title_scope({ name: d.scope.name });
	return renderPdf({ title, lang: getLocale(), footer: snapshotLine(d) }, (pdf) =>
		writeDiagnosis(pdf, (alt, map) => drawMap(pdf, alt, map), d, staff)
	);
}
