import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import IORedis from 'ioredis';
import { JobName } from '../../src/common/queue/job-names';
import { createHosts, destroyHosts, netnsUnavailable, sweepStaleHosts, VirtualHost } from '../netns';
import { BATCH_KNOBS, check, Scenario } from '../scenario';
import { commentsCsv, SentirProcess, Stack } from '../stack';

/** Connects to each target from inside `host`; answers `open`, or the error (ECONNREFUSED, ENETUNREACH, timeout). */
function probe(host: VirtualHost, targets: [string, number][]): string[] {
  const script = `const net = require('node:net');
Promise.all(JSON.parse(process.argv[1]).map(([host, port]) => new Promise((done) => {
  const s = net.connect({ host, port, timeout: 2000 });
  s.once('connect', () => (s.destroy(), done('open')));
  s.once('timeout', () => (s.destroy(), done('timeout')));
  s.once('error', (e) => done(e.code || e.message));
}))).then((r) => console.log(JSON.stringify(r)));`;
  const out = execFileSync(host.exec[0], [...host.exec.slice(1), process.execPath, '-e', script, JSON.stringify(targets)], { timeout: 20_000 });
  return JSON.parse(out.toString()) as string[];
}

/** Batch chunks a worker finished, from its own /metrics (`sentir_jobs_processed_total`). */
async function chunksDone(metricsUrl: string): Promise<number> {
  const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let n = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('sentir_jobs_processed_total{') && line.includes(`name="${JobName.AnalyzeChunk}"`)) n += Number(line.split(' ').pop());
  }
  return n;
}

function metricsPort(w: SentirProcess): number {
  const m = /metrics on port (\d+)/.exec(w.output);
  if (!m) throw new Error(`${w.name} ${w.pid} did not say its metrics port`);
  return Number(m[1]);
}

/**
 * 6. Two "hosts": network namespaces, each joined to the root namespace by its own veth link,
 * run a worker that reaches PostgreSQL and Redis only over that link (its loopback has neither,
 * and it has no other route), as a second machine would. One batch is shared by the workers on
 * both hosts and a local one: each must have processed chunks, every row is stored once.
 */
export const twoHosts: Scenario = {
  id: '6',
  title: 'two "hosts" (network namespaces) share a batch',
  async run(ctx, result) {
    const unavailable = netnsUnavailable();
    if (unavailable) {
      result.status = 'not run';
      result.problems.push(`skipped: ${unavailable}`);
      return;
    }
    const long = ctx.mode === 'long';
    const ROWS = long ? 50_000 : 10_000;
    const LATENCY_MS = 300;
    const chunks = Math.ceil(ROWS / Number(BATCH_KNOBS.BATCH_CHUNK_SIZE));
    // Simulated latency per chunk so that no worker can take the whole batch before the others poll.
    const stack = new Stack('twohosts', ctx.pg, ctx.redis, { ...BATCH_KNOBS, ANALYSIS_SIMULATED_LATENCY_MS: String(LATENCY_MS) });
    let hosts: VirtualHost[] = [];
    let rebound = false;
    try {
      sweepStaleHosts();
      hosts = createHosts(2);
      const links = hosts.map((h) => h.rootAddr);
      rebound = true;
      await ctx.pg.listenAlso(links, hosts.map((h) => `${h.hostAddr}/32`));
      await ctx.redis.bindAlso(links);
      ctx.log(`hosts ${hosts.map((h) => `${h.ns} ${h.hostAddr} ↔ ${h.rootAddr}`).join(', ')}; PostgreSQL and Redis listen on the links too`);

      // What each host can reach: its own loopback has no PostgreSQL/Redis, the other host's link has no route.
      const reach: string[] = [];
      for (const [i, h] of hosts.entries()) {
        const other = hosts[(i + 1) % hosts.length];
        const [lo, pg, redis, foreign] = probe(h, [['127.0.0.1', ctx.pg.port], [h.rootAddr, ctx.pg.port], [h.rootAddr, ctx.redis.port], [other.rootAddr, ctx.pg.port]]);
        reach.push(`${h.name}: PostgreSQL port on its loopback ${lo}, over its link ${pg} (Redis ${redis}), via the other host's link ${foreign}`);
        check(result, lo !== 'open', `${h.name} reaches PostgreSQL on its own loopback: it is not isolated`);
        check(result, foreign !== 'open', `${h.name} reaches PostgreSQL through ${other.name}'s link`);
        check(result, pg === 'open' && redis === 'open', `${h.name} cannot reach PostgreSQL (${pg}) or Redis (${redis}) over its link`);
      }

      await stack.prepare();
      const api = await stack.startApi();
      const remote = await Promise.all(
        hosts.map((h) => {
          const db = new URL(stack.dbUrl);
          db.hostname = h.rootAddr;
          // HOST: the worker's /metrics listens on the host's address, read from here over the link.
          const env = { DATABASE_URL: db.toString(), REDIS_URL: `redis://${h.rootAddr}:${ctx.redis.port}`, HOST: h.hostAddr };
          return stack.startWorker(env, false, h.exec).then(async (w) => (await w.waitFor(/Sentir worker \d+ ready/, 120_000), w));
        }),
      );
      const local = await stack.startWorker();
      const { key } = await stack.createKey('twohosts');
      ctx.log('API, a worker on each host and a local worker ready');

      const file = await stack.upload(api.url, key, commentsCsv(ROWS, 600), 'two-hosts.csv');
      const t0 = Date.now();
      const task = await stack.startBatch(api.url, key, file);
      // The links carry the hosts' traffic: while the batch runs, PostgreSQL and Redis see connections
      // from the hosts' addresses (sampled throughout: an idle pool may close its connections).
      const pgPeers = new Set<string>();
      const redisPeers = new Set<string>();
      const r = new IORedis(ctx.redis.url, { maxRetriesPerRequest: 1 });
      let running = true;
      const sampler = (async () => {
        while (running) {
          const pg = await stack.db.query<{ a: string }>('SELECT DISTINCT host(client_addr) AS a FROM pg_stat_activity WHERE datname = current_database() AND client_addr IS NOT NULL').catch(() => ({ rows: [] }));
          for (const row of pg.rows) pgPeers.add(row.a);
          // `addr=` is the client's end (`laddr=`, Redis's own, is skipped by the leading space).
          for (const m of String(await r.client('LIST').catch(() => '')).matchAll(/(?:^| )addr=([\d.]+):/gm)) redisPeers.add(m[1]);
          await sleep(250);
        }
      })();
      await stack.waitFinished([task.taskId], long ? 300_000 : 120_000).catch((err: Error) => result.problems.push(err.message));
      const wall = (Date.now() - t0) / 1000;
      running = false;
      await sampler;
      r.disconnect();
      for (const h of hosts) {
        check(result, pgPeers.has(h.hostAddr), `PostgreSQL saw no connection from ${h.name} (${h.hostAddr}): ${[...pgPeers].join(', ')}`);
        check(result, redisPeers.has(h.hostAddr), `Redis saw no connection from ${h.name} (${h.hostAddr}): ${[...redisPeers].join(', ')}`);
      }

      // A worker counts a chunk just after writing it, so the batch can complete a moment before the
      // last count: scrape until the counts add up (or 10 s).
      const workers = [...remote.map((w, i) => ({ name: hosts[i].name, url: `http://${hosts[i].hostAddr}:${metricsPort(w)}/metrics` })), { name: 'local', url: `http://127.0.0.1:${metricsPort(local)}/metrics` }];
      let perWorker: { name: string; chunks: number }[] = [];
      let total = 0;
      for (const until = Date.now() + 10_000; total < chunks && Date.now() < until; await sleep(250)) {
        perWorker = await Promise.all(workers.map(async ({ name, url }) => ({ name, chunks: await chunksDone(url).catch(() => -1) })));
        total = perWorker.reduce((a, p) => a + Math.max(0, p.chunks), 0);
      }
      const rows = await stack.checkRows([task]);

      Object.assign(result, {
        load: `1 batch × ${ROWS.toLocaleString('en')} rows (${chunks} chunks of ${BATCH_KNOBS.BATCH_CHUNK_SIZE}, ${LATENCY_MS} ms simulated latency each), 3 workers: one in each of 2 network namespaces + 1 local`,
        faults: 'none (topology): the namespaced workers reach PostgreSQL and Redis only over their veth links',
        tasksSubmitted: 1,
        rowsSubmitted: rows.submitted,
        rowsLost: rows.lost,
        rowsDuplicated: rows.duplicated,
        clientErrors: 'none',
        recoverySeconds: null,
      });
      result.figures = {
        'chunks per worker': perWorker.map((p) => `${p.name} ${p.chunks}`).join(', '),
        'batch wall time': `${wall.toFixed(1)} s`,
        'PostgreSQL clients from': [...pgPeers].sort().join(', '),
        'Redis clients from': [...redisPeers].sort().join(', '),
        reachability: reach.join('; '),
      };
      for (const p of perWorker) check(result, p.chunks > 0, `the ${p.name} worker processed ${p.chunks < 0 ? 'an unknown number of (metrics unreadable)' : 'no'} chunks`);
      check(result, total >= chunks, `workers report ${total} chunks done, the batch has ${chunks}`);
      check(result, rows.lost === 0, `${rows.lost} rows lost`);
      check(result, rows.duplicated === 0, `${rows.duplicated} rows duplicated`);
      check(result, rows.notCompleted.length === 0, `tasks not completed: ${rows.notCompleted.join(', ')}`);
    } finally {
      await stack.teardown();
      destroyHosts(hosts);
      if (rebound) {
        await ctx.redis.bindAlso([]).catch(() => undefined);
        await ctx.pg.listenAlso([], []).catch((err: Error) => ctx.log(`could not restore PostgreSQL's listen addresses: ${err.message}`));
      }
    }
  },
};
