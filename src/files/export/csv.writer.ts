import type { Writable } from 'node:stream';
import type { CsvExportOptions, ExportSource, ExportSummary } from './export.types';
import { neutraliseFormula } from './formula.util';
import { BackpressureSink, cell } from './stream-sink.util';

/**
 * Streams RFC 4180 CSV for Excel: UTF-8 with BOM, CRLF line ends, a header row, quotes
 * only where needed. String cells (header included) are formula-neutralised; numbers
 * are written as numbers; null/undefined and non-finite numbers as empty cells.
 */
export async function writeCsv(records: ExportSource, columns: readonly string[], out: Writable, options: CsvExportOptions = {}): Promise<ExportSummary> {
  const delimiter = options.delimiter ?? ',';
  const sink = new BackpressureSink(out);
  const line = (values: readonly unknown[]): string => values.map((v) => csvCell(v, delimiter)).join(delimiter) + '\r\n';
  await sink.write((options.bom === false ? '' : '\ufeff') + line(columns));
  let rows = 0;
  for await (const record of records) {
    await sink.write(line(columns.map((c) => cell(record, c))));
    rows++;
  }
  await sink.end(options.keepOpen);
  return { rows };
}

function csvCell(value: unknown, delimiter: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseFormula(String(value));
  const needsQuotes = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') || text !== String(value);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}
