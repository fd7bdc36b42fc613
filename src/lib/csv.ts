/**
 * The query that asks a CSV download for its Excel variant: `;` between cells and decimal
 * commas, as Excel in a Polish locale opens a file with a double click. Every CSV endpoint reads
 * it through csvDialect ($lib/server/csv); links add it with excelCsvRoute ($lib/routes).
 */
export const CSV_SEP_PARAM = 'sep';
export const EXCEL_CSV_QUERY = `${CSV_SEP_PARAM}=semicolon`;
