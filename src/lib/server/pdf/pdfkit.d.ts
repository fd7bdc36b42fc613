// Options of pdfkit's structure elements that pdfkit 0.19 added and @types/pdfkit 0.17 does not
// list yet: the table attribute /Scope of a header cell, and the layout attributes /BBox and
// /Placement (ISO 32000-1, 14.8.5.4 and 14.8.5.7).
declare namespace PDFKit.Mixins {
	interface StructureElementOptions {
		scope?: 'Row' | 'Column' | 'Both';
		/** [left, top, right, bottom] in page coordinates, y down (pdfkit flips it). */
		bbox?: [number, number, number, number];
		placement?: 'Block' | 'Inline';
	}
}
