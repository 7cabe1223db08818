import { setTimeout as sleep } from 'node:timers/promises';
import { call, percentile, Tally } from '../net';
import { check, Scenario } from '../scenario';
import { prng, randomText, Stack } from '../stack';

/**
 * 5. N concurrent clients each submit a single text, poll it until it is finished, and start
 * over, for a fixed duration. No 5xx and no hangs; every accepted task completes; p50/p99 of
 * both calls are reported. Then one key on an API with a low RATE_LIMIT_PER_MINUTE: its
 * surplus requests get 429 `rate-limited` with Retry-After.
 */
export const load: Scenario = {
  id: '5',
  title: 'concurrent clients: submit + poll',
  async run(ctx, result) {
    const long = ctx.mode === 'long';
    const CLIENTS = long ? 1000 : 200;
    const DURATION_MS = long ? 60_000 : 20_000;
    const KEYS = Math.min(CLIENTS, 100);
    const POLL_MS = 500;
    const stack = new Stack('load', ctx.pg, ctx.redis, { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_IP_PER_MINUTE: '100000000', DATABASE_POOL_SIZE: '20' });
    try {
      await stack.prepare();
      const api = await stack.startApi();
      await Promise.all([stack.startWorker(), stack.startWorker()]);
      const keys: string[] = [];
      for (let i = 0; i < KEYS; i++) keys.push((await stack.createKey(`load-${i}`)).key);

      const posts: number[] = [];
      const gets: number[] = [];
      const tally = new Tally();
      const accepted: string[] = [];
      const end = Date.now() + DURATION_MS;
      ctx.log(`${CLIENTS} clients for ${DURATION_MS / 1000} s`);
      const client = async (c: number) => {
        const rand = prng(c + 1);
        const key = keys[c % KEYS];
        // Spread the start over a second, as real clients would arrive.
        await sleep(rand() * 1000);
        for (let i = 0; Date.now() < end; i++) {
          // As a careful client would: an Idempotency-Key per submission, and one retry with the
          // same key when no answer came back, so a task created behind a lost answer is not
          // submitted twice (and the duplicate check below counts real duplicates only).
          const submit = { key, json: { text: randomText(rand, i) }, headers: { 'idempotency-key': `load-${c}-${i}` }, timeoutMs: 30_000 };
          let created = tally.add(await call(api.url, 'POST', '/api/v1/tasks/single', submit));
          if (created.status === 0) created = tally.add(await call(api.url, 'POST', '/api/v1/tasks/single', submit));
          if (created.status !== 202) {
            await sleep(POLL_MS);
            continue;
          }
          posts.push(created.ms);
          accepted.push(created.body.id);
          for (;;) {
            await sleep(POLL_MS);
            const got = tally.add(await call(api.url, 'GET', `/api/v1/tasks/${created.body.id}`, { key, timeoutMs: 30_000 }));
            if (got.status === 200) gets.push(got.ms);
            if (got.status === 200 && ['completed', 'failed', 'cancelled'].includes(got.body.status)) break;
            if (Date.now() > end + 60_000) break;
          }
        }
      };
      const t0 = Date.now();
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      const wall = (Date.now() - t0) / 1000;
      await stack.waitFinished(accepted, 120_000).catch((err: Error) => result.problems.push(err.message.slice(0, 500)));
      const states = await stack.taskStates(accepted);
      const completed = [...states.values()].filter((s) => s.status === 'completed').length;
      // Two tasks for one submission (one Idempotency-Key) would be a duplicate; a task whose
      // answer never reached the client is not (it is reported as unanswered instead).
      const duplicates = (
        await stack.db.query<{ n: number }>("SELECT (count(*) - count(DISTINCT idempotency_key))::int AS n FROM tasks WHERE type = 'single'")
      ).rows[0].n;
      const unanswered = (await stack.db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE type = 'single'")).rows[0].n - new Set(accepted).size;

      // Rate limiting: a second API on the same stack with a low per-key limit.
      const limited = await stack.startApi({ RATE_LIMIT_PER_MINUTE: '10' });
      const { key: greedy } = await stack.createKey('greedy');
      const rl = new Tally();
      let retryAfterOk = 0;
      let limitedType = 0;
      for (let i = 0; i < 25; i++) {
        const r = rl.add(await call(limited.url, 'GET', '/api/v1/tasks?limit=1', { key: greedy }));
        if (r.status === 429) {
          if (/^\d+$/.test(r.headers.get('retry-after') ?? '')) retryAfterOk++;
          if (r.body?.type === 'https://sentir.dev/problems/rate-limited' && r.body?.scope === 'key') limitedType++;
        }
      }
      const n429 = rl.byStatus['429'] ?? 0;

      posts.sort((a, b) => a - b);
      gets.sort((a, b) => a - b);
      const ms = (v: number) => `${Math.round(v)} ms`;
      Object.assign(result, {
        load: `${CLIENTS} concurrent clients (${KEYS} keys) × ${DURATION_MS / 1000} s, submit then poll every ${POLL_MS} ms; 1 API, 2 workers`,
        faults: 'none (load); then 25 requests on a key limited to 10/min',
        tasksSubmitted: accepted.length,
        rowsSubmitted: accepted.length,
        rowsLost: accepted.length - completed,
        rowsDuplicated: Math.max(0, duplicates),
        clientErrors: `${tally.count((k) => k !== '200' && k !== '202') === 0 ? 'none' : tally.toString()}; rate-limit probe: ${rl}`,
        recoverySeconds: null,
      });
      result.figures = {
        'tasks/s accepted': (accepted.length / wall).toFixed(0),
        'POST p50/p99': `${ms(percentile(posts, 50))} / ${ms(percentile(posts, 99))}`,
        'GET p50/p99': `${ms(percentile(gets, 50))} / ${ms(percentile(gets, 99))}`,
        requests: posts.length + gets.length,
        answers: tally.toString(),
        'tasks created whose answer the client never received': unanswered,
      };
      check(result, tally.count((k) => k.startsWith('5')) === 0, `5xx under load: ${tally}`);
      check(result, tally.noAnswer === 0, `requests without an answer within 30 s: ${tally}`);
      check(result, completed === accepted.length, `${accepted.length - completed} accepted tasks did not complete`);
      check(result, duplicates === 0, `${duplicates} single tasks in the database beyond those accepted`);
      check(result, n429 >= 10 && retryAfterOk === n429 && limitedType === n429, `rate limit: ${rl}; Retry-After on ${retryAfterOk}, rate-limited/key problem on ${limitedType}`);
    } finally {
      await stack.teardown();
    }
  },
};
