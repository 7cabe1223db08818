import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { FileInspector, inspectFile, openFile } from './file.parser';
import { ParentMessage, serializeError, WORKER_KIND, WorkerMessage, WorkerRequest } from './parse-worker.protocol';
import type { ParsedRow } from './parsing.types';

/**
 * Body of the parse worker thread (see parse-worker.client.ts). Rows go to the parent
 * in batches; at most `window` batches are in flight, so a slow consumer (a COPY into
 * PostgreSQL) pauses the file read instead of piling rows up in memory.
 */
async function run(port: MessagePort, request: WorkerRequest): Promise<void> {
  let credits = request.window;
  let stopped = false;
  let wake: (() => void) | undefined;
  const onMessage = (message: ParentMessage): void => {
    if (message.type === 'credit') credits++;
    else if (message.type === 'stop') stopped = true;
    wake?.();
  };
  port.on('message', onMessage);
  const post = (message: WorkerMessage): void => port.postMessage(message);

  try {
    if (request.mode === 'inspect') {
      post({ type: 'inspection', inspection: await inspectFile(request.path, request.options) });
      return;
    }
    const reader = await openFile(request.path, request.options);
    post({ type: 'header', header: reader.header });
    const inspector = request.inspect ? new FileInspector(reader.header) : undefined;
    let batch: ParsedRow[] = [];
    let count = 0;
    const send = async (): Promise<void> => {
      while (credits === 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
      if (!stopped) post({ type: 'rows', rows: batch });
      batch = [];
    };
    for await (const row of reader.rows) {
      inspector?.add(row);
      batch.push(row);
      count++;
      if (batch.length >= request.batchSize) await send();
      if (stopped) {
        await reader.rows.return(undefined);
        await reader.close();
        return;
      }
    }
    if (batch.length > 0) await send();
    // finish() may throw no_text_column: the rows are already out, the caller rolls them back.
    post(inspector ? { type: 'end', rows: count, inspection: inspector.finish(request.options.textColumn) } : { type: 'end', rows: count });
  } catch (err) {
    post({ type: 'error', error: serializeError(err) });
  } finally {
    port.off('message', onMessage);
    port.unref();
  }
}

if (!isMainThread && parentPort && (workerData as WorkerRequest | undefined)?.kind === WORKER_KIND) {
  void run(parentPort, workerData as WorkerRequest);
}
