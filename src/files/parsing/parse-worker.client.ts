import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FileRejectedError } from './parsing.errors';
import { deserializeError, ParentMessage, WORKER_KIND, WorkerMessage, WorkerRequest } from './parse-worker.protocol';
import type { FileHeader, FileInspection, ParsedRow, ParseOptions } from './parsing.types';

export interface WorkerParseOptions extends ParseOptions {
  /** Rows per message to the parent. Default 2,000. */
  batchSize?: number;
  /**
   * V8 old-generation heap of the worker, in MiB (`resourceLimits.maxOldGenerationSizeMb`).
   * Exceeding it ends the worker and surfaces as `file_too_complex`. Default 256.
   */
  maxMemoryMb?: number;
  /**
   * Longest the worker may take to produce its next message (header, batch, end), in
   * ms; time the consumer spends on a batch does not count. Default 120,000 (an
   * inspection sends a single message at the very end).
   * Exceeding it surfaces as `parse_timeout`.
   */
  timeoutMs?: number;
  /** Aborting terminates the worker; the iterator then rejects with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * {@link parseFileInWorker} only: profile the rows while streaming them and put the
   * {@link FileInspection} on the `end` event, so one pass both stores and describes the
   * file. A file without a usable text column then fails *after* its last batch, with
   * `no_text_column`: consume the rows in a transaction you can roll back.
   */
  inspect?: boolean;
}

/**
 * What {@link parseFileInWorker} yields, in this order: one header, row batches, one end.
 * `inspection` is there with `inspect: true` only.
 */
export type ParseEvent = { type: 'header'; header: FileHeader } | { type: 'rows'; rows: ParsedRow[] } | { type: 'end'; rows: number; inspection?: FileInspection };

/** {@link ParseEvent} of an `inspect: true` parse: the end carries the inspection. */
export type InspectingParseEvent = Exclude<ParseEvent, { type: 'end' }> | { type: 'end'; rows: number; inspection: FileInspection };

const DEFAULT_BATCH = 2000;
const DEFAULT_MEMORY_MB = 256;
const DEFAULT_TIMEOUT_MS = 120_000;
const WINDOW = 2;

/**
 * Parses a file in a `worker_threads` Worker with a capped heap, so a hostile or
 * huge upload can neither block the API's event loop nor take the process down.
 * Batches are acknowledged as the consumer pulls them (at most 2 in flight): a slow
 * consumer pauses the parse. Breaking out of the loop, an error, a timeout or an abort
 * terminates the worker.
 *
 * ```ts
 * for await (const event of parseFileInWorker(tmpPath, { filename: upload.originalName })) {
 *   if (event.type === 'header') columns = event.header.columns;
 *   else if (event.type === 'rows') await copyRows(event.rows);
 * }
 * ```
 *
 * With `inspect: true` the end event also carries what {@link inspectFileInWorker} would
 * return, at the cost of profiling (no second read of the file, no second worker).
 *
 * @throws FileRejectedError for the file's own problems (incl. `file_too_complex` on OOM).
 */
export function parseFileInWorker(path: string, options: WorkerParseOptions & { inspect: true }): AsyncGenerator<InspectingParseEvent, void, undefined>;
export function parseFileInWorker(path: string, options?: WorkerParseOptions): AsyncGenerator<ParseEvent, void, undefined>;
export async function* parseFileInWorker(path: string, options: WorkerParseOptions = {}): AsyncGenerator<ParseEvent, void, undefined> {
  const session = startWorker('parse', path, options);
  try {
    for (;;) {
      const message = await session.next();
      switch (message.type) {
        case 'header':
          yield { type: 'header', header: message.header };
          break;
        case 'rows':
          yield { type: 'rows', rows: message.rows };
          session.post({ type: 'credit' });
          break;
        case 'end':
          yield message.inspection ? { type: 'end', rows: message.rows, inspection: message.inspection } : { type: 'end', rows: message.rows };
          return;
        default:
          throw new Error(`parse worker sent an unexpected "${message.type}" message`);
      }
    }
  } finally {
    await session.close();
  }
}

/**
 * {@link inspectFile} in a worker, with the same limits and failure mapping as
 * {@link parseFileInWorker}. The rows never leave the worker; when you also need them,
 * use `parseFileInWorker(path, { inspect: true })` instead of reading the file twice.
 */
export async function inspectFileInWorker(path: string, options: WorkerParseOptions = {}): Promise<FileInspection> {
  const session = startWorker('inspect', path, options);
  try {
    const message = await session.next();
    if (message.type !== 'inspection') throw new Error(`parse worker sent an unexpected "${message.type}" message`);
    return message.inspection;
  } finally {
    await session.close();
  }
}

/** @internal exported for tests. */
export interface WorkerSession {
  next(): Promise<Exclude<WorkerMessage, { type: 'error' }>>;
  /** Messages received but not yet taken: bounded by the credit window. */
  readonly queued: number;
  post(message: ParentMessage): void;
  close(): Promise<void>;
}

/** @internal exported for tests; use parseFileInWorker / inspectFileInWorker. */
export function startWorker(mode: WorkerRequest['mode'], path: string, options: WorkerParseOptions): WorkerSession {
  const { batchSize = DEFAULT_BATCH, maxMemoryMb = DEFAULT_MEMORY_MB, timeoutMs = DEFAULT_TIMEOUT_MS, signal, inspect = false, ...parseOptions } = options;
  signal?.throwIfAborted();
  const entry = resolveWorkerEntry();
  const request: WorkerRequest = { kind: WORKER_KIND, mode, inspect, path, options: parseOptions, batchSize, window: WINDOW, ...entry.data };
  const worker = new Worker(entry.filename, {
    eval: entry.eval,
    workerData: request,
    resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(maxMemoryMb / 8))), stackSizeMb: 4 },
    stdout: false,
    stderr: false,
  });

  const queue: WorkerMessage[] = [];
  let failure: Error | undefined;
  let waiter: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void } | undefined;
  let timer: NodeJS.Timeout | undefined;

  const fail = (err: Error): void => {
    if (failure) return;
    failure = err;
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w.reject(err);
    }
  };
  const onAbort = (): void => {
    fail(signal?.reason instanceof Error ? signal.reason : new DOMException('The parse was aborted.', 'AbortError'));
    void worker.terminate();
  };
  worker.on('message', (message: WorkerMessage) => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w.resolve(message);
    } else {
      queue.push(message);
    }
  });
  worker.on('error', (err: Error & { code?: string }) => {
    fail(
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new FileRejectedError('file_too_complex', `Parsing the file needed more than ${maxMemoryMb} MiB of memory; split it into smaller files.`)
        : new Error(`File parser crashed: ${err.message}`),
    );
  });
  worker.on('exit', (code) => fail(new Error(`File parser exited unexpectedly (code ${code}).`)));
  signal?.addEventListener('abort', onAbort, { once: true });

  return {
    get queued(): number {
      return queue.length;
    },
    next(): Promise<Exclude<WorkerMessage, { type: 'error' }>> {
      const unwrap = (m: WorkerMessage): Exclude<WorkerMessage, { type: 'error' }> => {
        if (m.type === 'error') throw deserializeError(m.error);
        return m;
      };
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued).then(unwrap);
      if (failure) return Promise.reject(failure);
      return new Promise<WorkerMessage>((resolve, reject) => {
        waiter = { resolve, reject };
        timer = setTimeout(() => {
          fail(new FileRejectedError('parse_timeout', `The file took longer than ${Math.round(timeoutMs / 1000)} s to parse.`));
          void worker.terminate();
        }, timeoutMs);
      })
        .finally(() => clearTimeout(timer))
        .then(unwrap);
    },
    post(message: ParentMessage): void {
      if (!failure) worker.postMessage(message);
    },
    async close(): Promise<void> {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fail(new Error('parse session closed'));
      await worker.terminate();
    },
  };
}

interface WorkerEntry {
  filename: string;
  eval: boolean;
  data: Pick<WorkerRequest, 'devSources' | 'devEntry'>;
}

const ENTRY_BASENAME = 'parse-worker.entry';

/**
 * The worker runs `parse-worker.entry.js` beside this file: in production that is
 * `dist/src/files/parsing/parse-worker.entry.js`, emitted by `npm run build`.
 *
 * Under ts-jest there is no .js beside the .ts. Then (and only then) this folder's
 * .ts files are transpiled here with the `typescript` devDependency (transpile-only,
 * once per process) and handed to a tiny eval'd bootstrap that installs a `.ts`
 * require hook serving them from memory. No ts-node, no build step before unit tests,
 * and the worker's heap stays small because the compiler never loads inside it.
 * Consequence: the parsing code must only import, at runtime, from this folder and
 * node_modules (type-only imports are erased).
 */
function resolveWorkerEntry(): WorkerEntry {
  const compiled = join(__dirname, `${ENTRY_BASENAME}.js`);
  if (existsSync(compiled)) return { filename: compiled, eval: false, data: {} };
  const source = join(__dirname, `${ENTRY_BASENAME}.ts`);
  if (!existsSync(source)) throw new Error(`parse worker entry not found: ${compiled}`);
  return { filename: DEV_BOOTSTRAP, eval: true, data: { devSources: transpileFolder(__dirname), devEntry: source } };
}

const DEV_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const sources = workerData.devSources;
require.extensions['.ts'] = function (module, filename) {
  const code = sources[filename];
  if (code === undefined) throw new Error('parse worker (dev mode): ' + filename + ' is outside src/files/parsing');
  module._compile(code, filename);
};
require(workerData.devEntry);
`;

let devSources: Record<string, string> | undefined;

function transpileFolder(dir: string): Record<string, string> {
  if (devSources) return devSources;
  const ts = createRequire(__filename)('typescript') as typeof import('typescript');
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts') || file.endsWith('.d.ts')) continue;
    const fileName = join(dir, file);
    out[fileName] = ts.transpileModule(readFileSync(fileName, 'utf8'), {
      fileName,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
    }).outputText;
  }
  devSources = out;
  return out;
}
