/**
 * Streaming export writers: CSV (Excel-friendly), XLSX, JSON and NDJSON from an
 * (async) iterable of flat records into a Writable such as an Express response.
 */
export { EXPORT_FORMATS, type CsvExportOptions, type ExportFormat, type ExportFormatInfo, type ExportOptions, type ExportRecord, type ExportSource, type ExportSummary, type XlsxExportOptions } from './export.types';
export { writeCsv } from './csv.writer';
export { writeJson, writeNdjson } from './json.writer';
export { writeXlsx, XLSX_MAX_CELL_CHARS, XLSX_MAX_ROWS } from './xlsx.writer';
export { writeExport } from './export.writer';
export { neutraliseFormula } from './formula.util';
export { ExportDestinationClosedError } from './stream-sink.util';
