import type { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { ExportSource, ExportSummary, XlsxExportOptions } from './export.types';
import { neutraliseFormula } from './formula.util';
import { assertWritable, cell, ExportDestinationClosedError, waitForDrain } from './stream-sink.util';

/** Excel refuses (or "repairs") files beyond these. */
export const XLSX_MAX_ROWS = 1_048_576;
export const XLSX_MAX_CELL_CHARS = 32_767;
/** Rows between two backpressure checkpoints. */
const CHECKPOINT_ROWS = 200;

/**
 * Streams an .xlsx with the exceljs streaming `WorkbookWriter` (rows are committed as
 * they come, the ZIP is piped into `out`). Numbers stay numeric cells; strings are
 * formula-neutralised, made well-formed (lone surrogates, U+FFFE/U+FFFF replaced) and
 * cut at Excel's 32,767-character cell limit.
 *
 * Backpressure: exceljs pushes committed rows into its zip pipeline without waiting,
 * so every 200 rows the writer yields to the event loop (letting zlib and the pipe to
 * `out` run) and waits for `drain` while `out` is full. Memory stays at a few
 * checkpoints' worth of rows whatever the client's speed.
 *
 * @throws RangeError past 1,048,575 data rows (Excel's sheet limit).
 */
export async function writeXlsx(records: ExportSource, columns: readonly string[], out: Writable, options: XlsxExportOptions = {}): Promise<ExportSummary> {
  assertWritable(out);
  // exceljs pipes its archive into the stream and ends it; keepOpen interposes a shield.
  const target = options.keepOpen ? shield(out) : out;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: target, useStyles: false, useSharedStrings: false });
  // Archiver errors before commit() would otherwise be unhandled 'error' events.
  let zipError: Error | undefined;
  (workbook as unknown as { zip: EventEmitter }).zip.on('error', (err: Error) => (zipError ??= err));
  const check = (): void => {
    if (zipError) throw zipError;
    assertWritable(out);
  };

  const sheet = workbook.addWorksheet(sheetName(options.sheetName));
  sheet.addRow(columns.map((c) => xlsxString(c))).commit();
  let rows = 0;
  for await (const record of records) {
    if (rows + 1 >= XLSX_MAX_ROWS) throw new RangeError(`An XLSX sheet holds at most ${XLSX_MAX_ROWS - 1} data rows.`);
    sheet.addRow(columns.map((c) => xlsxValue(cell(record, c)))).commit();
    rows++;
    if (rows % CHECKPOINT_ROWS === 0) {
      await nextTurn();
      check();
      await waitForDrain(out);
    }
  }
  check();
  sheet.commit();
  // commit() resolves on 'finish'; a client that disconnects meanwhile must not hang us.
  await untilClosedOr(out, workbook.commit());
  return { rows };
}

function xlsxValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return xlsxString(String(value));
}

function xlsxString(value: string): string {
  let s = neutraliseFormula(value).toWellFormed().replace(/[\ufffe\uffff]/g, '\ufffd');
  if (s.length > XLSX_MAX_CELL_CHARS) s = s.slice(0, XLSX_MAX_CELL_CHARS - 1).toWellFormed() + '…';
  return s;
}

/** Excel sheet names: 1–31 characters, none of `[]:*?/\`, not starting or ending with `'`. */
export function sheetName(raw: string | undefined): string {
  const cleaned = (raw ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[[\]:*?/\\\u0000-\u001f]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .trim()
    .slice(0, 31)
    .trim();
  return cleaned || 'Export';
}

function untilClosedOr<T>(out: Writable, work: Promise<T>): Promise<T> {
  let onClose: (() => void) | undefined;
  const closed = new Promise<never>((_resolve, reject) => {
    onClose = (): void => {
      if (!out.writableFinished) reject(new ExportDestinationClosedError(out.errored ?? undefined));
    };
    out.once('close', onClose);
  });
  return Promise.race([work, closed]).finally(() => {
    if (onClose) out.off('close', onClose);
  });
}

/** Forwards writes (with backpressure) but not `end()`, for `keepOpen`. */
function shield(out: Writable): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback): void {
      if (out.write(chunk)) callback();
      else out.once('drain', () => callback());
    },
  });
}
