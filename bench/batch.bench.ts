import { createWriteStream, openAsBlob, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { cleanup, cli, cpuMeter, exited, prng, scratchStack, start, trackPeakRss, waitReady } from './support';

/**
 * `npm run bench:batch`: generates a reproducible CSV of 50,000 comments (Spanish and
 * English, ~5 MB), starts one API and BENCH_WORKERS (default 2) worker processes on a scratch
 * stack, then times upload → batch task → completed, checks that every row is stored once,
 * and prints comments per second and the peak RSS of each process.
 *
 *   BENCH_ROWS=50000 BENCH_WORKERS=2 npm run bench:batch
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
/** Size of the second, upload-only file: the API's memory while it receives a file at the 50 MB limit. */
const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 49);

const ES = {
  open: ['', 'Hola, ', 'Buenas, ', 'La verdad ', 'Sinceramente ', 'Otra vez ', 'Desde ayer '],
  bad: [
    'el internet anda muy lento', 'se corta la señal todas las noches', 'nadie me atiende en el call center',
    'me cobraron de más en la factura', 'el técnico nunca vino', 'no anda el wifi en el segundo piso',
    'la conexión es pésima', 'tardaron tres semanas en instalar', 'el router se reinicia solo',
  ],
  good: [
    'el servicio es excelente', 'la atención fue muy buena', 'la velocidad es increíble',
    'el técnico fue muy amable', 'todo funciona perfecto', 'resolvieron mi problema rápido',
  ],
  neutral: ['quisiera saber el precio del plan de 300 megas', 'cambié de plan el mes pasado', 'consulta sobre la factura de marzo'],
  close: ['', '.', '!!', ' 😡', ' 👍', ', gracias.', '. Saludos'],
};
const EN = {
  open: ['', 'Honestly, ', 'Again, ', 'Since Monday '],
  bad: ['the internet is very slow', 'the connection drops every night', 'nobody answers the phone', 'I was overcharged on my bill', 'the technician never showed up'],
  good: ['great service, thank you', 'the support team was very helpful', 'speed is amazing', 'installation was quick and clean'],
  neutral: ['how much is the 300 Mbps plan', 'I moved to a new address last month'],
  close: ['', '.', '!', ' 🙂', ' :('],
};
const REGIONS = ['Asunción', 'Central', 'Alto Paraná', 'Itapúa', 'Caaguazú'];
const PLANS = ['Hogar 100', 'Hogar 300', 'Empresa', 'Fibra 600'];

async function main(): Promise<void> {
  const csv = join(tmpdir(), `sentir-bench-${ROWS}.csv`);
  await generateCsv(csv, ROWS);
  const size = statSync(csv).size;
  console.log(`generated ${ROWS} comments, ${(size / 1048576).toFixed(1)} MB (${csv})`);

  const stack = await scratchStack({ WORKERS: '0', FILE_MAX_ROWS: '2000000', ...(process.env.WORKER_HEAP_MB ? { WORKER_HEAP_MB: process.env.WORKER_HEAP_MB } : {}) });
  const key = await cli(stack.env, ['keys:create', '--user', 'bench']);
  const api = start('main', stack.env);
  const workers = Array.from({ length: WORKERS }, () => start('worker', stack.env));
  try {
    await waitReady(stack.base);
    const headers = { authorization: `Bearer ${key}` };
    const apiRss = trackPeakRss(api.pid!);
    const workerRss = workers.map((w) => trackPeakRss(w.pid!));
    const cpu = cpuMeter([api.pid!, ...workers.map((w) => w.pid!)]);

    const t0 = performance.now();
    const form = new FormData();
    form.append('file', await openAsBlob(csv), 'bench.csv');
    const uploadRes = await fetch(`${stack.base}/api/v1/files`, { method: 'POST', headers, body: form });
    if (uploadRes.status !== 201) throw new Error(`upload: ${uploadRes.status} ${await uploadRes.text()}`);
    const file = (await uploadRes.json()) as { id: string; rows: number };
    const t1 = performance.now();

    const taskRes = await fetch(`${stack.base}/api/v1/tasks/batch`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ fileId: file.id, segmentColumns: ['region', 'plan'], ratingColumn: 'rating' }),
    });
    if (taskRes.status !== 202) throw new Error(`batch: ${taskRes.status} ${await taskRes.text()}`);
    const task = (await taskRes.json()) as { id: string };
    let status = 'queued';
    let progressTicks = 0;
    let lastProcessed = -1;
    let cache: { hits: number; misses: number } | undefined;
    while (status !== 'completed') {
      await new Promise((r) => setTimeout(r, 100));
      const t = (await (await fetch(`${stack.base}/api/v1/tasks/${task.id}`, { headers })).json()) as {
        status: string;
        progress: { processed: number };
        result?: { engine?: { cache?: { hits: number; misses: number } } };
      };
      status = t.status;
      cache = t.result?.engine?.cache;
      if (t.progress.processed !== lastProcessed) progressTicks++;
      lastProcessed = t.progress.processed;
      if (status === 'failed' || status === 'cancelled') throw new Error(`task ${status}`);
    }
    const t2 = performance.now();
    const cpuSeconds = cpu.stop();

    const db = new Client({ connectionString: stack.dbUrl.toString() });
    await db.connect();
    const { rows } = await db.query<{ n: number; distinct: number }>('SELECT count(*)::int AS n, count(DISTINCT row_number)::int AS distinct FROM task_items WHERE task_id = $1', [task.id]);
    await db.end();

    const total = (t2 - t0) / 1000;
    console.log(`file rows: ${file.rows}; stored analysed rows: ${rows[0].n} (${rows[0].distinct} distinct row numbers)`);
    console.log(`upload + parse + store: ${((t1 - t0) / 1000).toFixed(2)} s; batch (queued → completed): ${((t2 - t1) / 1000).toFixed(2)} s; progress changed ${progressTicks} times`);
    console.log(`end to end: ${total.toFixed(2)} s = ${Math.round(ROWS / total)} comments/s with ${WORKERS} worker(s)`);
    console.log(`analysis cache: ${cache ? `${cache.hits} rows from the cache, ${cache.misses} analysed` : 'off'}`);
    console.log(`peak RSS: API ${(apiRss.stop() / 1024).toFixed(0)} MB; workers ${workerRss.map((r) => `${(r.stop() / 1024).toFixed(0)} MB`).join(', ')}`);
    console.log(`CPU seconds: API ${cpuSeconds[0].toFixed(1)}; workers ${cpuSeconds.slice(1).map((s) => s.toFixed(1)).join(', ')}`);

    if (BIG_MB > 0) {
      const big = join(tmpdir(), `sentir-bench-${BIG_MB}mb.csv`);
      await generateCsv(big, Math.round((BIG_MB * 1048576) / 92), BIG_MB * 1048576);
      const bigRss = trackPeakRss(api.pid!);
      const b0 = performance.now();
      const bigForm = new FormData();
      bigForm.append('file', await openAsBlob(big), 'big.csv');
      const res = await fetch(`${stack.base}/api/v1/files`, { method: 'POST', headers, body: bigForm });
      const body = (await res.json()) as { rows?: number; detail?: string };
      console.log(
        `upload of ${(statSync(big).size / 1048576).toFixed(1)} MB: ${res.status} in ${((performance.now() - b0) / 1000).toFixed(1)} s, ${body.rows ?? body.detail} rows; ` +
          `API peak RSS (process lifetime) ${(bigRss.stop() / 1024).toFixed(0)} MB`,
      );
    }
  } finally {
    for (const p of [api, ...workers]) p.kill('SIGTERM');
    await Promise.all([api, ...workers].map(exited));
    await cleanup(stack);
  }
}

/** Same seed, same file: every run measures the same 50,000 comments. */
async function generateCsv(path: string, rows: number, maxBytes = Infinity): Promise<void> {
  const rand = prng(20261122);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const out = createWriteStream(path);
  out.write('id,fecha,comentario,region,plan,rating\n');
  const start = Date.UTC(2026, 0, 1);
  let bytes = 0;
  for (let i = 1; i <= rows && bytes < maxBytes - 400; i++) {
    const lang = rand() < 0.7 ? ES : EN;
    const r = rand();
    const body = r < 0.5 ? pick(lang.bad) : r < 0.85 ? pick(lang.good) : pick(lang.neutral);
    const extra = rand() < 0.3 ? (lang === ES ? ` y ${pick(ES.bad)}` : ` and ${pick(EN.bad)}`) : '';
    const text = `${pick(lang.open)}${body}${extra}${pick(lang.close)}`;
    const rating = r < 0.5 ? 1 + Math.floor(rand() * 2) : r < 0.85 ? 4 + Math.floor(rand() * 2) : 3;
    const day = new Date(start + Math.floor(rand() * 90) * 86_400_000).toISOString().slice(0, 10);
    const line = `T-${String(i).padStart(6, '0')},${day},"${text.replaceAll('"', '""')}",${pick(REGIONS)},${pick(PLANS)},${rating}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
