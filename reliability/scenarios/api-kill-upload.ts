import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, Reply } from '../net';
import { BATCH_KNOBS, check, Scenario } from '../scenario';
import { ApiProcess, prng, Stack } from '../stack';

/** Just under FILE_MAX_BYTES' default (50 MiB), so the file is one the API must accept. */
const FILE_BYTES = 50_000_000;
const SPOOL = /^sentir-upload-/;

/**
 * A comments CSV of about FILE_BYTES: each row carries its comment plus a long opaque column
 * (`adjunto`, base64-like) that pads the file to the size of a real export without asking the
 * workers to analyse 50 MB of text; the batch names its text column explicitly.
 */
function bigCsv(rows: number): Buffer {
  const rand = prng(4);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const pool = Array.from({ length: 1 << 16 }, () => alphabet[Math.floor(rand() * 64)]).join('');
  const header = 'id,fecha,comentario,region,adjunto\n';
  const perRow = Math.floor((FILE_BYTES - header.length) / rows);
  const lines = [header];
  for (let k = 1; k <= rows; k++) {
    const text = k % 3 === 0 ? 'la atención fue muy buena' : k % 3 === 1 ? 'se corta la señal todas las noches' : 'the connection drops every night';
    const head = `R${k},2026-02-${String(1 + (k % 28)).padStart(2, '0')},"${text} (${k})",${['Norte', 'Sur', 'Este'][k % 3]},`;
    const pad = perRow - Buffer.byteLength(head) - 1;
    const at = Math.floor(rand() * (pool.length - pad));
    lines.push(`${head}${pool.slice(at, at + pad)}\n`);
  }
  return Buffer.from(lines.join(''));
}

/** Spool files the API left in its UPLOAD_TMP_DIR, with their sizes. */
function spoolFiles(dir: string): { name: string; bytes: number }[] {
  return readdirSync(dir)
    .filter((n) => SPOOL.test(n))
    .map((name) => {
      try {
        return { name, bytes: statSync(join(dir, name)).size };
      } catch {
        return { name, bytes: 0 };
      }
    });
}

/**
 * POSTs a multipart upload over a raw socket, chunk by chunk with backpressure, so that the
 * scenario can act (kill the API) at a known point of the stream. Never throws: the outcome is
 * an HTTP answer or the network error the client saw.
 */
async function streamUpload(api: string, key: string, file: Buffer, name: string, onChunk: (sent: number) => Promise<void>): Promise<Reply> {
  const boundary = `sentir-rel-${Math.random().toString(36).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const t0 = performance.now();
  return new Promise<Reply>((resolve) => {
    let done = false;
    const finish = (r: Omit<Reply, 'ms' | 'headers'>) => {
      if (done) return;
      done = true;
      resolve({ ...r, headers: new Headers(), ms: performance.now() - t0 });
    };
    const req = request(`${api}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + file.length + tail.length },
      timeout: 120_000,
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => finish({ status: res.statusCode ?? 0, body: text }));
      res.on('error', (err: NodeJS.ErrnoException) => finish({ status: 0, body: undefined, error: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish({ status: 0, body: undefined, error: err.code ?? err.message }));
    req.on('timeout', () => {
      finish({ status: 0, body: undefined, error: 'timeout' });
      req.destroy();
    });
    void (async () => {
      const CHUNK = 256 * 1024;
      const writeAll = async (buf: Buffer) => {
        if (req.write(buf)) return;
        await new Promise<void>((r) => {
          const go = () => (req.off('drain', go), req.off('close', go), r());
          req.on('drain', go).on('close', go);
        });
      };
      await writeAll(head);
      for (let at = 0; at < file.length && !done && !req.destroyed; at += CHUNK) {
        await writeAll(file.subarray(at, at + CHUNK));
        await onChunk(at + CHUNK);
      }
      if (!done && !req.destroyed) req.end(tail);
    })();
  });
}

/**
 * 4. The API is SIGKILLed twice while it takes a 50 MB CSV: once mid-stream (part of the body is
 * in its spool file) and once after the body arrived, while the rows are being COPYed into
 * PostgreSQL. Each time the client must see the failure, no `files` or `file_rows` row may
 * remain, and the spool file the dead API leaves must be gone once an API starts again; then the
 * same bytes upload as a new file (201, not 200) and a batch over it stores every row once.
 */
export const apiKillUpload: Scenario = {
  id: '4',
  title: 'API SIGKILLed during a 50 MB upload',
  async run(ctx, result) {
    const long = ctx.mode === 'long';
    const ROWS = long ? 100_000 : 20_000;
    const KILL_STREAM_AT = 20 * 1024 * 1024;
    const tmp = mkdtempSync(join(tmpdir(), 'sentir-rel-spool-'));
    const stack = new Stack('upload', ctx.pg, ctx.redis, { ...BATCH_KNOBS, UPLOAD_TMP_DIR: tmp });
    const file = bigCsv(ROWS);
    const clients: string[] = [];
    const recoveries: number[] = [];
    const figures: Record<string, string> = {};
    const stored = async () => (await stack.db.query<{ f: number; r: number }>('SELECT (SELECT count(*) FROM files)::int AS f, (SELECT count(*) FROM file_rows)::int AS r')).rows[0];
    /** Restarts the API; returns it once healthy, and how long the kill → healthy took. */
    const restart = async (killedAt: number): Promise<ApiProcess> => {
      const next = await stack.startApi();
      recoveries.push((Date.now() - killedAt) / 1000);
      return next;
    };
    try {
      await stack.prepare();
      let api = await stack.startApi();
      await Promise.all([stack.startWorker(), stack.startWorker()]);
      const { key } = await stack.createKey('upload');
      ctx.log(`API and 2 workers ready; ${(file.length / 1e6).toFixed(1)} MB, ${ROWS.toLocaleString('en')} rows`);

      // Kill 1: mid-stream, once the API has spooled a good part of the body.
      let killedAt = 0;
      let spooledAtKill = 0;
      const victim1 = api;
      const r1 = await streamUpload(api.url, key, file, 'big.csv', async (sent) => {
        if (killedAt || sent < KILL_STREAM_AT) return;
        const s = spoolFiles(tmp)[0];
        if (!s || s.bytes < KILL_STREAM_AT / 2) return;
        spooledAtKill = s.bytes;
        killedAt = Date.now();
        await victim1.stop('SIGKILL');
      });
      await victim1.stop('SIGKILL');
      clients.push(r1.status === 0 ? `mid-stream: no-answer:${r1.error}` : `mid-stream: ${r1.status}`);
      check(result, killedAt > 0, `the upload finished (${r1.status}) before the API could be killed mid-stream`);
      check(result, r1.status === 0, `mid-stream kill: the client got ${r1.status} instead of a failure`);
      const left1 = spoolFiles(tmp);
      const db1 = await stored();
      check(result, db1.f === 0 && db1.r === 0, `after the mid-stream kill: ${db1.f} files and ${db1.r} file rows stored`);
      api = await restart(killedAt || Date.now());
      const after1 = spoolFiles(tmp);
      check(result, after1.length === 0, `spool files left after the API restarted: ${after1.map((s) => s.name).join(', ')}`);
      figures['kill 1 (mid-stream)'] = `at ${(spooledAtKill / 1e6).toFixed(1)} MB spooled; the client saw ${clients[0].split(': ')[1]}; spool files left by the dead API ${left1.length}, after the restart ${after1.length}`;
      ctx.log(`kill 1 done: ${figures['kill 1 (mid-stream)']}`);

      // Kill 2: the body has arrived; the rows are being COPYed inside the upload's transaction.
      killedAt = 0;
      let copiedAtKill = 0;
      const victim2 = api;
      const upload2 = call(api.url, 'POST', '/api/v1/files', { key, body: formOf(file), timeoutMs: 180_000 });
      const watch = (async () => {
        const start = Date.now();
        while (Date.now() - start < 150_000 && victim2.running) {
          const { rows } = await stack.db.query<{ n: string }>('SELECT tuples_processed AS n FROM pg_stat_progress_copy WHERE datname = current_database()');
          if (rows.length && Number(rows[0].n) >= ROWS / 4) {
            copiedAtKill = Number(rows[0].n);
            killedAt = Date.now();
            await victim2.stop('SIGKILL');
            return;
          }
          await sleep(20);
        }
      })();
      const r2 = await upload2;
      await watch;
      clients.push(r2.status === 0 ? `mid-COPY: no-answer:${r2.error}` : `mid-COPY: ${r2.status}`);
      check(result, killedAt > 0, `the upload answered ${r2.status} before the API could be killed mid-COPY`);
      check(result, r2.status === 0, `mid-COPY kill: the client got ${r2.status} instead of a failure`);
      const left2 = spoolFiles(tmp);
      // PostgreSQL notices the dead client and rolls its transaction back; wait for that backend to go.
      const start = Date.now();
      let copying = 1;
      while (Date.now() - start < 30_000 && copying > 0) {
        copying = (await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_progress_copy WHERE datname = current_database()')).rows[0].n;
        if (copying) await sleep(100);
      }
      check(result, copying === 0, 'the killed API’s COPY was still running in PostgreSQL 30 s later');
      const db2 = await stored();
      check(result, db2.f === 0 && db2.r === 0, `after the mid-COPY kill: ${db2.f} files and ${db2.r} file rows stored`);
      api = await restart(killedAt || Date.now());
      const after2 = spoolFiles(tmp);
      check(result, after2.length === 0, `spool files left after the API restarted: ${after2.map((s) => s.name).join(', ')}`);
      figures['kill 2 (mid-COPY)'] = `at ${copiedAtKill.toLocaleString('en')} of ${ROWS.toLocaleString('en')} rows copied; the client saw ${clients[1].split(': ')[1]}; spool files left by the dead API ${left2.length}, after the restart ${after2.length}`;
      ctx.log(`kill 2 done: ${figures['kill 2 (mid-COPY)']}`);

      // The same bytes again: a new file (201: nothing of the killed uploads was kept), then a batch.
      const t0 = Date.now();
      const r3 = await call(api.url, 'POST', '/api/v1/files', { key, body: formOf(file), timeoutMs: 180_000 });
      figures['upload after the kills'] = `${r3.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
      check(result, r3.status === 201, `the next upload got ${r3.status} ${r3.error ?? JSON.stringify(r3.body).slice(0, 300)}, want 201`);
      check(result, r3.status !== 201 || r3.body.rows === ROWS, `the next upload stored ${r3.body?.rows} rows, want ${ROWS}`);
      const tasks: { taskId: string; rows: number }[] = [];
      if (r3.status === 201) {
        const b = await call(api.url, 'POST', '/api/v1/tasks/batch', { key, json: { fileId: r3.body.id, textColumn: 'comentario', segmentColumns: ['region'] }, timeoutMs: 30_000 });
        check(result, b.status === 202, `batch over the new file: ${b.status} ${JSON.stringify(b.body).slice(0, 300)}`);
        if (b.status === 202) tasks.push({ taskId: b.body.id, rows: ROWS });
        await stack.waitFinished(tasks.map((t) => t.taskId), long ? 300_000 : 180_000).catch((err: Error) => result.problems.push(err.message));
      }
      const rows = await stack.checkRows(tasks);
      const leftAtEnd = spoolFiles(tmp);

      Object.assign(result, {
        load: `one ${(file.length / 1e6).toFixed(1)} MB CSV (${ROWS.toLocaleString('en')} rows) uploaded 3 times; 1 API, 2 workers`,
        faults: `API SIGKILLed mid-stream (once the client had sent ${KILL_STREAM_AT / 1024 / 1024} MB) and mid-COPY (after ¼ of the rows), restarted each time`,
        tasksSubmitted: tasks.length,
        rowsSubmitted: ROWS,
        rowsLost: tasks.length ? rows.lost : ROWS,
        rowsDuplicated: rows.duplicated,
        clientErrors: clients.join('; '),
        recoverySeconds: recoveries.length ? Math.max(...recoveries) : null,
      });
      result.figures = { ...figures, 'recovery time': 'kill → restarted API healthy, its spool swept (the slower of the two)' };
      check(result, rows.lost === 0, `${rows.lost} rows lost`);
      check(result, rows.duplicated === 0, `${rows.duplicated} rows duplicated`);
      check(result, rows.notCompleted.length === 0, `tasks not completed: ${rows.notCompleted.join(', ')}`);
      check(result, leftAtEnd.length === 0, `spool files left after the successful upload: ${leftAtEnd.map((s) => s.name).join(', ')}`);
    } finally {
      await stack.teardown();
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};

function formOf(file: Buffer): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)], { type: 'text/csv' }), 'big.csv');
  return form;
}
