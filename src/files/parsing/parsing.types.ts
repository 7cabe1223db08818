/**
 * Public contract of the file ingestion library (`src/files/parsing`). The files
 * module, the upload endpoint and the batch tasks depend on these shapes.
 */

/** What a file turned out to be after sniffing. NDJSON is reported as `json`. */
export type FileFormat = 'csv' | 'xlsx' | 'json' | 'txt';

/** Text encodings the parsers decode. XLSX is always reported as `utf-8` (its XML). */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type CsvDelimiter = ',' | ';' | '\t' | '|';

/**
 * Hard limits. Every one is enforced while reading, never after the fact, so a
 * hostile file is refused before it costs more than the limit.
 */
export interface FileLimits {
  /** Largest accepted file on disk, in bytes (`file_too_large`). */
  maxBytes: number;
  /** Data rows, header excluded (`too_many_rows`). */
  maxRows: number;
  /** Columns in the header / JSON key union (`too_many_columns`). */
  maxColumns: number;
  /** Longest CSV record, TXT line, JSON string value or XLSX cell, in characters (`line_too_long`). */
  maxLineChars: number;
  /** Deepest JSON nesting of arrays and objects (`json_too_deep`). */
  maxJsonDepth: number;
  /** XLSX: sum of the declared uncompressed sizes of all ZIP entries (`zip_bomb`). */
  maxUncompressedBytes: number;
  /** XLSX: uncompressed/compressed ratio allowed for entries over 1 MiB (`zip_bomb`). */
  maxCompressionRatio: number;
  /** XLSX: entries in the ZIP central directory (`zip_bomb`). */
  maxZipEntries: number;
}

export const DEFAULT_FILE_LIMITS: Readonly<FileLimits> = Object.freeze({
  maxBytes: 50 * 1024 * 1024,
  maxRows: 1_000_000,
  maxColumns: 500,
  maxLineChars: 1024 * 1024,
  maxJsonDepth: 32,
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxZipEntries: 10_000,
});

export function resolveLimits(overrides: Partial<FileLimits> | undefined): FileLimits {
  const limits = { ...DEFAULT_FILE_LIMITS };
  for (const [key, value] of Object.entries(overrides ?? {}) as [keyof FileLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`limits.${key} must be a positive number, got ${value}`);
    limits[key] = value;
  }
  return limits;
}

export interface ParseOptions {
  /**
   * The name the uploader gave the file (only its extension is used, after
   * {@link sanitizeFilename}). Defaults to the basename of the path.
   */
  filename?: string;
  /** XLSX: sheet to read, by name (exact, then case-insensitive). Default: the first visible sheet. */
  sheet?: string;
  /** CSV: skip delimiter detection. `.tsv` files default to tab. */
  delimiter?: CsvDelimiter;
  /** CSV and XLSX: is the first (non-empty) row a header? Default true. */
  header?: boolean;
  /**
   * Column the caller intends to analyse. When given and absent from the file,
   * `no_text_column` is thrown; inspection reports it as the guessed text column.
   */
  textColumn?: string;
  limits?: Partial<FileLimits>;
}

/** Everything known about a file before its first data row. */
export interface FileHeader {
  format: FileFormat;
  encoding: TextEncoding;
  /** CSV only. */
  delimiter?: CsvDelimiter;
  /** XLSX only: the sheet being read. */
  sheet?: string;
  /** XLSX only: every sheet in workbook order. */
  sheets?: string[];
  /** JSON only: where the rows came from, e.g. `$`, `$.comments`, `$.conversations[].messages`, `ndjson`. */
  jsonPath?: string;
  /** Unique, non-blank column names in order; `values` of every row line up with these. */
  columns: string[];
}

/**
 * One data row, compact enough to COPY straight into PostgreSQL: cells are strings
 * ('' for missing) aligned with {@link FileHeader.columns}.
 */
export interface ParsedRow {
  /** 1-based, dense ordinal among emitted rows (first data row = 1). */
  rowNumber: number;
  /**
   * Where a person finds the row in the source: CSV/TXT line where the record
   * starts, XLSX sheet row, JSON/NDJSON element ordinal (1-based).
   */
  sourceRow: number;
  values: string[];
}

export type ColumnKind = 'text' | 'id' | 'date' | 'number' | 'category' | 'empty';

export interface ColumnProfile {
  name: string;
  index: number;
  /** Best guess of what the column holds. */
  kind: ColumnKind;
  /** Per-role likelihood in [0, 1]; the guesses in {@link FileInspection.guessed} take the best. */
  scores: { text: number; id: number; date: number };
  /** Rows with a non-blank value. */
  filled: number;
  /** Mean length in characters of the non-blank values. */
  avgLength: number;
}

export interface FileInspection extends Omit<FileHeader, 'columns'> {
  /** Data rows (header excluded), counted over the whole file. */
  rows: number;
  /** One profile per column, in file order (`columns[i].index === i`). */
  columns: ColumnProfile[];
  guessed: {
    textColumn: string | null;
    idColumn: string | null;
    dateColumn: string | null;
    /** How day/month was read for `dd/mm` vs `mm/dd` values in the date column. */
    dateOrder: 'dmy' | 'mdy' | null;
  };
  /** First 5 data rows. */
  sample: ParsedRow[];
  /** Calendar days (`YYYY-MM-DD`) spanned by the guessed date column. */
  dateRange?: { from: string; to: string };
}
