/**
 * Public contract of the export writers (`src/files/export`). Every writer streams
 * records into a Node Writable (typically an Express response) without ever holding
 * the whole file in memory.
 */

/** A flat row to export. Missing columns are written as empty/null. */
export type ExportRecord = Readonly<Record<string, string | number | null | undefined>>;

export type ExportSource = AsyncIterable<ExportRecord> | Iterable<ExportRecord>;

export type ExportFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';

export interface ExportFormatInfo {
  contentType: string;
  extension: string;
}

/** Content-Type and file extension to send with each format. */
export const EXPORT_FORMATS: Readonly<Record<ExportFormat, ExportFormatInfo>> = Object.freeze({
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  ndjson: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
});

export interface ExportOptions {
  /** Leave the destination open after the last byte (default false: the writer ends it). */
  keepOpen?: boolean;
}

export interface CsvExportOptions extends ExportOptions {
  /** Default ','. Spanish-locale Excel opens ';'-separated files directly. */
  delimiter?: ',' | ';' | '\t';
  /** Prefix a UTF-8 BOM so Excel detects UTF-8 (default true). */
  bom?: boolean;
}

export interface XlsxExportOptions extends ExportOptions {
  /** Worksheet name; sanitised to Excel's rules (≤ 31 chars, no `[]:*?/\`). Default 'Export'. */
  sheetName?: string;
}

export interface ExportSummary {
  /** Data rows written (header excluded). */
  rows: number;
}
