import autocannon from 'autocannon';
import { cleanup, cli, cpuMeter, exited, scratchStack, start, trackPeakRss, waitReady } from './support';

/**
 * `npm run bench:api`: one API and one worker process on a scratch database and queue
 * prefix; prints req/s and latency for GET /tasks/{id} and POST /tasks/single with
 * Prefer: wait=5, CPU per request and the API's peak RSS. Figures, not assertions.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

async function main(): Promise<void> {
  const stack = await scratchStack();
  const { env, base } = stack;
  const key = await cli(env, ['keys:create', '--user', 'bench']);
  const api = start('main', env);
  const worker = start('worker', env);
  try {
    await waitReady(base);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const created = (await (await fetch(`${base}/api/v1/tasks/single`, { method: 'POST', headers: { ...headers, prefer: 'wait=5' }, body: JSON.stringify({ text: "El internet anda muy lento y nadie me atiende" }) })).json()) as { id: string };

    const rss = trackPeakRss(api.pid!);
    // Warm-up, so that JIT and the statement cache are not part of the figure.
    await autocannon({ url: `${base}/api/v1/tasks/${created.id}`, connections: 64, duration: 2, headers });
    let cpu = cpuMeter([api.pid!, worker.pid!]);
    const get = await autocannon({ url: `${base}/api/v1/tasks/${created.id}`, connections: 64, duration: DURATION, headers });
    report('GET  /api/v1/tasks/{id}          (64 connections)', get, cpu.stop());
    const texts = ['El internet anda muy lento y nadie me atiende', 'Great service, thank you!', 'Se corta la señal todas las noches', 'La atención fue excelente'];
    let i = 0;
    cpu = cpuMeter([api.pid!, worker.pid!]);
    const post = await autocannon({
      url: `${base}/api/v1/tasks/single`,
      connections: 8,
      duration: DURATION,
      method: 'POST',
      headers: { ...headers, prefer: 'wait=5' },
      setupClient: (client) => client.setBody(JSON.stringify({ text: `${texts[i++ % texts.length]} #${i}` })),
    });
    report('POST /api/v1/tasks/single wait=5 (8 connections)', post, cpu.stop());
    console.log(`API peak RSS: ${(rss.stop() / 1024).toFixed(0)} MB`);
  } finally {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await Promise.all([exited(api), exited(worker)]);
    await cleanup(stack);
  }
}

/**
 * CPU time per request of the API and the worker: unlike req/s on a 2-core box shared with
 * the load generator, PostgreSQL and Redis, it barely moves with contention.
 */
function report(name: string, r: autocannon.Result, cpuSeconds: number[]): void {
  const perRequest = cpuSeconds.map((s) => `${Math.round((s * 1e6) / Math.max(1, r.requests.total))} µs`);
  console.log(
    `${name}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
      `${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors; CPU per request: API ${perRequest[0]}, worker ${perRequest[1]}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
