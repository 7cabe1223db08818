import { FileRejectedError } from './parsing.errors';
import type { FileHeader, FileLimits, ParsedRow, ParseOptions } from './parsing.types';

/** What every format parser returns: the header, then rows on demand. */
export interface FormatReader {
  header: FileHeader;
  /** Rows in file order. Finishing or breaking out of a `for await` closes the file. */
  rows: AsyncGenerator<ParsedRow, void, undefined>;
  /** Releases the file when `rows` will not be iterated to the end. Idempotent. */
  close(): Promise<void>;
}

export interface ReaderContext {
  path: string;
  options: ParseOptions;
  limits: FileLimits;
  /** Sanitised, lower-case extension of the uploaded name. */
  extension: string;
}

/** Numbers rows densely and enforces `maxRows` and `maxLineChars` in one place. */
export class RowEmitter {
  private count = 0;

  constructor(private readonly limits: FileLimits) {}

  get emitted(): number {
    return this.count;
  }

  row(sourceRow: number, values: string[]): ParsedRow {
    if (this.count >= this.limits.maxRows) {
      throw new FileRejectedError('too_many_rows', `The file has more than ${this.limits.maxRows} data rows.`);
    }
    for (const v of values) {
      if (v.length > this.limits.maxLineChars) throw lineTooLong(this.limits.maxLineChars, `A value in row ${sourceRow}`);
    }
    this.count++;
    return { rowNumber: this.count, sourceRow, values };
  }
}

export function lineTooLong(limit: number, what: string): FileRejectedError {
  return new FileRejectedError('line_too_long', `${what} is longer than ${formatChars(limit)}; reading stopped.`);
}

function formatChars(n: number): string {
  return n >= 1024 * 1024 && n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} Mi characters` : `${n} characters`;
}
