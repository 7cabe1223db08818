import type { ProblemCode } from '../../common/errors/problem-types';

/**
 * Why an uploaded file was refused. Stable strings: the API stores them on the
 * batch task and clients may switch on them.
 */
export const FileRejectionCode = {
  FileEmpty: 'file_empty',
  FileTooLarge: 'file_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  InvalidEncoding: 'invalid_encoding',
  LineTooLong: 'line_too_long',
  MalformedCsv: 'malformed_csv',
  MalformedJson: 'malformed_json',
  MalformedXlsx: 'malformed_xlsx',
  JsonTooDeep: 'json_too_deep',
  JsonForbiddenKey: 'json_forbidden_key',
  ZipBomb: 'zip_bomb',
  XmlEntities: 'xml_entities',
  SheetNotFound: 'sheet_not_found',
  NoTextColumn: 'no_text_column',
  TooManyRows: 'too_many_rows',
  TooManyColumns: 'too_many_columns',
  /** The parser ran out of its memory budget (worker `resourceLimits`). */
  FileTooComplex: 'file_too_complex',
  /** The parser ran past its time budget. */
  ParseTimeout: 'parse_timeout',
} as const;

export type FileRejectionCode = (typeof FileRejectionCode)[keyof typeof FileRejectionCode];

const ALL_CODES = new Set<string>(Object.values(FileRejectionCode));

/**
 * An uploaded file that can never be parsed as it is. Thrown by every function of
 * `src/files/parsing` (and re-created on the parent side of the parse worker), so
 * callers only need `instanceof FileRejectedError`. `detail` is safe to show to the
 * uploader: it never contains file content beyond a short, sanitised excerpt.
 *
 * Deliberately not a `DomainError`: this library has no HTTP or Nest knowledge. The
 * files module wraps it; {@link fileRejectionProblemCode} says which problem type fits.
 */
export class FileRejectedError extends Error {
  constructor(
    readonly code: FileRejectionCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'FileRejectedError';
  }

  /** Structured-clone friendly form, used to cross the worker boundary. */
  toJSON(): { name: 'FileRejectedError'; code: FileRejectionCode; detail: string } {
    return { name: 'FileRejectedError', code: this.code, detail: this.detail };
  }

  static isSerialized(value: unknown): value is { name: 'FileRejectedError'; code: FileRejectionCode; detail: string } {
    const v = value as { name?: unknown; code?: unknown; detail?: unknown } | null;
    return !!v && v.name === 'FileRejectedError' && typeof v.code === 'string' && ALL_CODES.has(v.code) && typeof v.detail === 'string';
  }
}

/** The problem type (see `problem-types.ts`) an API response for this rejection should use. */
export function fileRejectionProblemCode(code: FileRejectionCode): ProblemCode {
  switch (code) {
    case 'file_too_large':
      return 'payload-too-large';
    case 'unsupported_media_type':
      return 'unsupported-media-type';
    default:
      return 'unprocessable-input';
  }
}
