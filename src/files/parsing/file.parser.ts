import { basename } from 'node:path';
import { FileRejectedError } from './parsing.errors';
import { ColumnProfiler } from './column.profiler';
import { openCsv } from './csv.parser';
import { sniffFile } from './format.sniffer';
import { FormatReader, ReaderContext } from './format.reader';
import { openJson } from './json.parser';
import { openTxt } from './txt.parser';
import { openXlsx } from './xlsx.parser';
import { FileHeader, FileInspection, ParsedRow, ParseOptions, resolveLimits } from './parsing.types';

const SAMPLE_ROWS = 5;

/**
 * Sniffs and opens a file in the *current* thread: the header is read, rows come on
 * demand from `rows` (call `close()` if you will not iterate them). Use
 * {@link parseFileInWorker} from the API; this is what runs inside that worker.
 *
 * @throws FileRejectedError for every problem with the file itself.
 */
export async function openFile(path: string, options: ParseOptions = {}): Promise<FormatReader> {
  const limits = resolveLimits(options.limits);
  const sniff = await sniffFile(path, options.filename ?? basename(path), limits);
  const ctx: ReaderContext = { path, options, limits, extension: sniff.extension };
  const reader = await openByFormat(sniff.format, ctx);
  if (options.textColumn !== undefined && !reader.header.columns.some((c) => c.toLowerCase() === options.textColumn?.trim().toLowerCase())) {
    await reader.close();
    throw new FileRejectedError('no_text_column', `The file has no column named "${options.textColumn.slice(0, 100)}".`);
  }
  return reader;
}

function openByFormat(format: FormatReader['header']['format'], ctx: ReaderContext): Promise<FormatReader> {
  switch (format) {
    case 'csv':
      return openCsv(ctx);
    case 'txt':
      return openTxt(ctx);
    case 'json':
      return openJson(ctx);
    case 'xlsx':
      return openXlsx(ctx);
  }
}

/**
 * Reads the whole file once (in the current thread) and describes it: row count,
 * per-column profiles, guessed text/id/date columns, the first rows and the date range.
 *
 * @throws FileRejectedError, including `no_text_column` when nothing looks like comments.
 */
export async function inspectFile(path: string, options: ParseOptions = {}): Promise<FileInspection> {
  const reader = await openFile(path, options);
  const inspector = new FileInspector(reader.header);
  for await (const row of reader.rows) inspector.add(row);
  return inspector.finish(options.textColumn);
}

/**
 * Builds a {@link FileInspection} from rows as they stream past, so a parse can profile
 * the file without a second read. Memory stays bounded: the {@link ColumnProfiler}'s
 * counters and the first rows of the sample, nothing per row.
 */
export class FileInspector {
  private readonly profiler: ColumnProfiler;
  private readonly sample: ParsedRow[] = [];
  private rows = 0;

  constructor(private readonly header: FileHeader) {
    this.profiler = new ColumnProfiler(header.columns);
  }

  add(row: ParsedRow): void {
    this.rows++;
    this.profiler.add(row.values);
    if (this.sample.length < SAMPLE_ROWS) this.sample.push(row);
  }

  /** @throws FileRejectedError `no_text_column` (see {@link ColumnProfiler.finish}). */
  finish(textColumn?: string): FileInspection {
    const { columns, guessed, dateRange } = this.profiler.finish(textColumn);
    const { columns: _names, ...header } = this.header;
    return { ...header, rows: this.rows, columns, guessed, sample: this.sample, ...(dateRange ? { dateRange } : {}) };
  }
}
