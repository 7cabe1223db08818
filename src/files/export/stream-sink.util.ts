import type { Writable } from 'node:stream';

/** The destination went away (client disconnected, socket error) before the export finished. */
export class ExportDestinationClosedError extends Error {
  constructor(cause?: unknown) {
    super('The export destination closed before the export finished.', cause === undefined ? undefined : { cause });
    this.name = 'ExportDestinationClosedError';
  }
}

/**
 * Writes to a Writable honouring backpressure: small pieces are coalesced into ~64 KiB
 * chunks, and when `write()` returns false the caller awaits `drain` (or the stream's
 * death, which rejects) before producing more.
 */
export class BackpressureSink {
  private parts: string[] = [];
  private pending = 0;

  constructor(
    private readonly out: Writable,
    private readonly chunkSize = 64 * 1024,
  ) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= this.chunkSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    await writeChunk(this.out, chunk);
  }

  async end(keepOpen = false): Promise<void> {
    await this.flush();
    if (!keepOpen) await endStream(this.out);
  }
}

export async function writeChunk(out: Writable, chunk: string | Buffer): Promise<void> {
  assertWritable(out);
  if (!out.write(chunk)) await waitForDrain(out);
}

export function assertWritable(out: Writable): void {
  if (out.destroyed || out.writableEnded) throw new ExportDestinationClosedError(out.errored ?? undefined);
}

/** Resolves on `drain`; rejects if the stream errors or closes first. */
export function waitForDrain(out: Writable): Promise<void> {
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(new ExportDestinationClosedError(err));
    };
    const onClose = (): void => {
      cleanup();
      reject(new ExportDestinationClosedError());
    };
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

export function endStream(out: Writable): Promise<void> {
  assertWritable(out);
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      out.off('finish', onFinish);
      out.off('error', onError);
      out.off('close', onClose);
    };
    const onFinish = (): void => {
      cleanup();
      resolve();
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(new ExportDestinationClosedError(err));
    };
    const onClose = (): void => {
      cleanup();
      if (out.writableFinished) resolve();
      else reject(new ExportDestinationClosedError());
    };
    out.on('finish', onFinish);
    out.on('error', onError);
    out.on('close', onClose);
    out.end();
  });
}

/** Own-property read: a column named `constructor` must not find Object.prototype.constructor. */
export function cell(record: Readonly<Record<string, unknown>>, column: string): unknown {
  return Object.hasOwn(record, column) ? record[column] : undefined;
}
