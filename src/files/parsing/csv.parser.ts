import { Readable } from 'node:stream';
import { parse, type CsvError, type Parser } from 'csv-parse';
import { FileRejectedError } from './parsing.errors';
import { fitToWidth, generatedHeader, isBlankRow, normalizeHeader } from './header.util';
import { FormatReader, lineTooLong, ReaderContext, RowEmitter } from './format.reader';
import { detectTextEncoding, readDecodedText } from './text-encoding.detector';
import type { CsvDelimiter, ParsedRow } from './parsing.types';

const CANDIDATES: readonly CsvDelimiter[] = [',', ';', '\t', '|'];
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_RECORDS = 50;
/** A "delimiter" no text contains: one-column files keep their commas and semicolons. */
const SINGLE_COLUMN = '\u0000\u0000';

/**
 * Streams a CSV through csv-parse: encoding detected over the whole file, delimiter
 * from a 64 KiB sample, RFC 4180 quoting with multi-line fields, stray quotes inside
 * unquoted fields tolerated. The first non-blank record is the header unless
 * `header: false`. A record wider than the header with non-empty extra cells is
 * `malformed_csv` (usually an unquoted delimiter inside a comment): guessing which
 * cells belong together would silently shift text into the wrong column.
 */
export async function openCsv(ctx: ReaderContext): Promise<FormatReader> {
  const { limits, options } = ctx;
  const detected = await detectTextEncoding(ctx.path);
  const text = readDecodedText(ctx.path, detected);
  const { sample, rest } = await peekText(text, SAMPLE_CHARS);
  if (sample.trim() === '') {
    await rest.return(undefined);
    throw new FileRejectedError('file_empty', 'The file contains no text.');
  }
  const delimiter = options.delimiter ?? (ctx.extension === 'tsv' ? '\t' : detectDelimiter(sample));
  // A header line without the delimiter means a one-column file ("comentario" then one comment
  // per record): commas inside the comments are then text, not extra fields.
  const singleColumn =
    options.delimiter === undefined && options.header !== false && ctx.extension !== 'tsv' && countOutsideQuotes(splitSampleRecords(sample)[0] ?? '', delimiter) === 0;

  const parser = parse({
    delimiter: singleColumn ? SINGLE_COLUMN : delimiter,
    quote: '"',
    escape: '"',
    // Explicit, so a file mixing CRLF and LF (concatenated exports) is not read as one
    // record per CRLF with stray LFs inside fields, as csv-parse's auto-detection does.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: true,
    relax_column_count: true,
    // Empty lines come through as [''] and are skipped as blank rows; keeping them (and
    // leaving `info` off, which costs ~40% of parse time) lets RecordReader count lines.
    skip_empty_lines: false,
    max_record_size: limits.maxLineChars,
    bom: false,
  });
  const source = Readable.from(prepend(sample, rest), { objectMode: false });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  const records = new RecordReader(parser, limits.maxLineChars);
  const close = (): void => {
    source.destroy();
    parser.destroy();
  };

  let first: { values: string[]; line: number } | undefined;
  try {
    for (;;) {
      const next = await records.next();
      if (!next) break;
      if (isBlankRow(next.values)) continue;
      first = next;
      break;
    }
  } catch (err) {
    close();
    throw err;
  }
  if (!first) {
    close();
    throw new FileRejectedError('file_empty', 'The file contains no records.');
  }
  const useHeader = options.header !== false;
  const columns = useHeader ? normalizeHeader(first.values, limits.maxColumns) : generatedHeader(first.values.length, limits.maxColumns);
  const header = { format: 'csv' as const, encoding: detected.encoding, delimiter: singleColumn ? undefined : delimiter, columns };
  return { header, rows: emitRows(records, columns, useHeader ? undefined : first, new RowEmitter(limits), close), close: async () => close() };
}

async function* emitRows(
  records: RecordReader,
  columns: string[],
  pending: { values: string[]; line: number } | undefined,
  emitter: RowEmitter,
  close: () => void,
): AsyncGenerator<ParsedRow, void, undefined> {
  const width = columns.length;
  try {
    if (pending) yield emitter.row(pending.line, pending.values);
    for (;;) {
      const next = await records.next();
      if (!next) break;
      if (isBlankRow(next.values)) continue;
      const values = fitToWidth(next.values, width);
      if (!values) {
        throw new FileRejectedError(
          'malformed_csv',
          `Line ${next.line} has ${next.values.length} fields but the header has ${width}. Quote fields that contain the delimiter.`,
        );
      }
      yield emitter.row(next.line, values);
    }
  } finally {
    close();
  }
  if (emitter.emitted === 0) throw new FileRejectedError('file_empty', 'The file has a header row but no data rows.');
}

const BATCH = 256;

/**
 * Pulls records from csv-parse in synchronous batches (an async iterator step per
 * record costs a third of the parse time) and numbers their lines: each record takes
 * one line plus the line breaks inside its quoted fields (CRLF counting once).
 */
class RecordReader {
  private batch: string[][] = [];
  private index = 0;
  private line = 1;
  private ended = false;
  private error: unknown;

  constructor(
    private readonly parser: Parser,
    private readonly maxLineChars: number,
  ) {
    parser.on('end', () => (this.ended = true));
    parser.on('error', (err) => (this.error ??= err));
  }

  async next(): Promise<{ values: string[]; line: number } | undefined> {
    while (this.index >= this.batch.length) {
      if (!(await this.fill())) return undefined;
    }
    const values = this.batch[this.index++];
    const line = this.line;
    this.line += 1 + lineBreaks(values);
    return { values, line };
  }

  private async fill(): Promise<boolean> {
    this.batch = [];
    this.index = 0;
    for (;;) {
      if (this.error !== undefined) throw translateCsvError(this.error, this.maxLineChars, this.line);
      let record: string[] | null;
      while (this.batch.length < BATCH && (record = this.parser.read() as string[] | null) !== null) this.batch.push(record);
      if (this.batch.length > 0) return true;
      if (this.ended || this.parser.readableEnded) return false;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.parser.off('readable', done);
          this.parser.off('end', done);
          this.parser.off('error', done);
          this.parser.off('close', done);
          resolve();
        };
        this.parser.on('readable', done);
        this.parser.on('end', done);
        this.parser.on('error', done);
        this.parser.on('close', done);
      });
      if (this.parser.destroyed && !this.ended && this.error === undefined && this.parser.readableLength === 0) return false;
    }
  }
}

function lineBreaks(values: string[]): number {
  let breaks = 0;
  for (const field of values) {
    if (field.indexOf('\n') < 0 && field.indexOf('\r') < 0) continue;
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === 0x0d) {
        breaks++;
        if (field.charCodeAt(i + 1) === 0x0a) i++;
      } else if (c === 0x0a) {
        breaks++;
      }
    }
  }
  return breaks;
}

/** `line` is where the failing record starts. */
function translateCsvError(err: unknown, maxLineChars: number, line: number): unknown {
  if (err instanceof FileRejectedError) return err;
  const e = err as Partial<CsvError>;
  switch (e.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return lineTooLong(maxLineChars, `The record starting near line ${line} (an unclosed quote?)`);
    case 'CSV_QUOTE_NOT_CLOSED':
      return new FileRejectedError('malformed_csv', `A quoted field opened near line ${line} is never closed.`);
    case undefined:
      return err;
    default:
      return new FileRejectedError('malformed_csv', `The CSV is malformed near line ${line}: ${String(e.message).slice(0, 200)}`);
  }
}

/**
 * Picks the candidate that splits the sample's records into the most consistent
 * number (> 1) of fields, counting only outside quotes. Ties go to the earlier
 * candidate (`,` `;` tab `|`). A file with one column gets `,`.
 */
export function detectDelimiter(sample: string): CsvDelimiter {
  return delimiterConsistency(sample)?.delimiter ?? ',';
}

/**
 * The best delimiter with how consistently it splits the sample (0..1), or undefined
 * when no candidate appears at all. Used by the sniffer for extension-less uploads.
 */
export function delimiterConsistency(sample: string): { delimiter: CsvDelimiter; score: number } | undefined {
  const records = splitSampleRecords(sample);
  let best: { delimiter: CsvDelimiter; score: number } | undefined;
  for (const delimiter of CANDIDATES) {
    const counts = records.map((r) => countOutsideQuotes(r, delimiter));
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeCount = 0;
    for (const [c, n] of freq) if (n > modeCount || (n === modeCount && c > mode)) [mode, modeCount] = [c, n];
    if (mode === 0) continue;
    // Consistency first; more fields breaks near-ties (a comma inside a few comments
    // must not beat a semicolon that splits every line).
    const score = modeCount / counts.length + Math.min(mode, 50) / 1000;
    if (!best || score > best.score + 1e-9) best = { delimiter, score };
  }
  return best;
}

/** Up to 50 records of the sample, honouring quotes; a trailing partial record is dropped unless it is the only one. */
function splitSampleRecords(sample: string): string[] {
  const records: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < sample.length && records.length < SAMPLE_RECORDS; i++) {
    const ch = sample.charCodeAt(i);
    if (ch === 0x22) inQuotes = !inQuotes;
    else if (!inQuotes && (ch === 0x0a || ch === 0x0d)) {
      const record = sample.slice(start, i);
      if (record.trim() !== '') records.push(record);
      start = i + 1;
    }
  }
  if (records.length === 0 && sample.slice(start).trim() !== '') records.push(sample.slice(start));
  return records;
}

function countOutsideQuotes(record: string, delimiter: string): number {
  const d = delimiter.charCodeAt(0);
  let inQuotes = false;
  let count = 0;
  for (let i = 0; i < record.length; i++) {
    const ch = record.charCodeAt(i);
    if (ch === 0x22) inQuotes = !inQuotes;
    else if (ch === d && !inQuotes) count++;
  }
  return count;
}

/** Reads at least `chars` characters (or everything) and hands back the rest of the stream. */
async function peekText(source: AsyncGenerator<string>, chars: number): Promise<{ sample: string; rest: AsyncGenerator<string> }> {
  let sample = '';
  while (sample.length < chars) {
    const next = await source.next();
    if (next.done) break;
    sample += next.value;
  }
  return { sample, rest: source };
}

async function* prepend(first: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  try {
    if (first) yield first;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}
