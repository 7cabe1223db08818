import { FileRejectedError } from './parsing.errors';
import type { FileHeader, FileInspection, ParsedRow, ParseOptions } from './parsing.types';

/** Marks workerData as ours, so importing the entry file elsewhere never starts a parse. */
export const WORKER_KIND = 'sentir-files-parse';

/** workerData of the parse worker. */
export interface WorkerRequest {
  kind: typeof WORKER_KIND;
  /** `parse` streams rows; `inspect` sends only the inspection, at the end. */
  mode: 'parse' | 'inspect';
  /** `parse` only: profile the rows while streaming them and put the inspection on `end`. */
  inspect: boolean;
  path: string;
  options: ParseOptions;
  batchSize: number;
  /** Batches the worker may send ahead of the parent's acknowledgements. */
  window: number;
  /** Dev/test only: transpiled sources keyed by absolute .ts path (see parse-worker.client.ts). */
  devSources?: Record<string, string>;
  devEntry?: string;
}

export type SerializedError = { name: 'FileRejectedError'; code: FileRejectedError['code']; detail: string } | { name: string; message: string; stack?: string };

/** Worker → parent. */
export type WorkerMessage =
  | { type: 'header'; header: FileHeader }
  | { type: 'rows'; rows: ParsedRow[] }
  | { type: 'end'; rows: number; inspection?: FileInspection }
  | { type: 'inspection'; inspection: FileInspection }
  | { type: 'error'; error: SerializedError };

/** Parent → worker. */
export type ParentMessage = { type: 'credit' } | { type: 'stop' };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof FileRejectedError) return err.toJSON();
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

export function deserializeError(e: SerializedError): Error {
  if (FileRejectedError.isSerialized(e)) return new FileRejectedError(e.code, e.detail);
  const message = 'message' in e ? e.message : 'unknown error';
  const err = new Error(`File parser failed: ${message}`);
  if ('stack' in e && e.stack) err.stack = `${err.stack}\nCaused by (in parse worker): ${e.stack}`;
  return err;
}
