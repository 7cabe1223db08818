import type { Writable } from 'node:stream';
import { writeCsv } from './csv.writer';
import type { CsvExportOptions, ExportFormat, ExportSource, ExportSummary, XlsxExportOptions } from './export.types';
import { writeJson, writeNdjson } from './json.writer';
import { writeXlsx } from './xlsx.writer';

/** One entry point for the export endpoint: picks the writer for `format`. */
export function writeExport(
  format: ExportFormat,
  records: ExportSource,
  columns: readonly string[],
  out: Writable,
  options: CsvExportOptions & XlsxExportOptions = {},
): Promise<ExportSummary> {
  switch (format) {
    case 'csv':
      return writeCsv(records, columns, out, options);
    case 'xlsx':
      return writeXlsx(records, columns, out, options);
    case 'json':
      return writeJson(records, columns, out, options);
    case 'ndjson':
      return writeNdjson(records, columns, out, options);
  }
}
