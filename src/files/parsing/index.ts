/**
 * File ingestion library: sniff, inspect and parse uploaded CSV, XLSX, JSON and TXT
 * files. No Nest imports; the files module builds the HTTP side on top.
 *
 * From the API, always use the `*InWorker` functions: they keep parsing off the event
 * loop and inside a memory budget.
 */
export { FileRejectedError, FileRejectionCode, fileRejectionProblemCode } from './parsing.errors';
export {
  DEFAULT_FILE_LIMITS,
  resolveLimits,
  type ColumnKind,
  type ColumnProfile,
  type CsvDelimiter,
  type FileFormat,
  type FileHeader,
  type FileInspection,
  type FileLimits,
  type ParsedRow,
  type ParseOptions,
  type TextEncoding,
} from './parsing.types';
export { sanitizeFilename, type SanitizedFilename } from './filename.util';
export { sniffFile, type SniffResult } from './format.sniffer';
export { inspectFile, openFile } from './file.parser';
export type { FormatReader } from './format.reader';
export { inspectFileInWorker, parseFileInWorker, type InspectingParseEvent, type ParseEvent, type WorkerParseOptions } from './parse-worker.client';
