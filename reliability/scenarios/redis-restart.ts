import { setTimeout as sleep } from 'node:timers/promises';
import { call, Tally } from '../net';
import { BATCH_KNOBS, check, Scenario } from '../scenario';
import { commentsCsv, Stack } from '../stack';

/**
 * 2. Redis (AOF, fsync every second) is SIGKILLed mid-batch and started again on the same
 * directory a few seconds later. During the gap the API answers 503 problems; afterwards the
 * batches and the single tasks accepted before the crash complete, each row stored once.
 */
export const redisRestart: Scenario = {
  id: '2',
  title: 'Redis crash + restart mid-batch (AOF)',
  async run(ctx, result) {
    const long = ctx.mode === 'long';
    const ROWS = long ? 10_000 : 2_000;
    const BATCHES = long ? 3 : 2;
    const DOWN_MS = 5_000;
    const stack = new Stack('redis', ctx.pg, ctx.redis, { ...BATCH_KNOBS, ANALYSIS_SIMULATED_LATENCY_MS: '500' });
    const tally = new Tally();
    try {
      await stack.prepare();
      const api = await stack.startApi();
      await Promise.all([stack.startWorker(), stack.startWorker()]);
      const { key } = await stack.createKey('redis');
      const files = [];
      for (let b = 0; b < BATCHES; b++) files.push(await stack.upload(api.url, key, commentsCsv(ROWS, 200 + b), `r-${b}.csv`));
      const tasks = await Promise.all(files.map((f) => stack.startBatch(api.url, key, f)));
      const singles: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = tally.add(await call(api.url, 'POST', '/api/v1/tasks/single', { key, json: { text: `Se corta la señal, reclamo ${i}` } }));
        if (r.status === 202) singles.push(r.body.id);
      }
      const ids = [...tasks.map((t) => t.taskId), ...singles];
      // Crash once a few chunks are written and most are still queued.
      for (let i = 0; i < 200; i++) {
        const s = await stack.taskStates(tasks.map((t) => t.taskId));
        if ([...s.values()].some((v) => v.processed > 0)) break;
        await sleep(100);
      }
      await ctx.redis.kill();
      const downAt = Date.now();
      ctx.log('Redis killed');
      const during = new Tally();
      while (Date.now() - downAt < DOWN_MS) {
        during.add(await call(api.url, 'POST', '/api/v1/tasks/single', { key, json: { text: 'hola' }, timeoutMs: 10_000 }));
        during.add(await call(api.url, 'GET', '/readyz', { timeoutMs: 10_000 }));
        await sleep(250);
      }
      await ctx.redis.start();
      const upAt = Date.now();
      ctx.log('Redis back');
      // Recovery: the API accepts work again…
      let firstOk = 0;
      for (let i = 0; i < 240 && !firstOk; i++) {
        const r = await call(api.url, 'POST', '/api/v1/tasks/single', { key, json: { text: 'volvió, excelente' }, timeoutMs: 10_000 });
        if (r.status === 202) {
          firstOk = Date.now();
          ids.push(r.body.id);
        } else await sleep(250);
      }
      // …and everything accepted before, during and after completes.
      await stack.waitFinished(ids, long ? 300_000 : 120_000).catch((err: Error) => result.problems.push(err.message));
      const doneAt = Date.now();
      const rows = await stack.checkRows(tasks);
      const states = await stack.taskStates(singles);
      const singlesDone = [...states.values()].filter((s) => s.status === 'completed').length;

      Object.assign(result, {
        load: `${BATCHES} batches × ${ROWS.toLocaleString('en')} rows + ${singles.length} single texts, 2 workers`,
        faults: `Redis SIGKILLed mid-batch, down ${DOWN_MS / 1000} s, restarted from its AOF`,
        tasksSubmitted: tasks.length + singles.length,
        rowsSubmitted: rows.submitted + singles.length,
        rowsLost: rows.lost + (singles.length - singlesDone),
        rowsDuplicated: rows.duplicated,
        clientErrors: `during the outage: ${during}`,
        recoverySeconds: (doneAt - upAt) / 1000,
      });
      result.figures = {
        'first 202 after Redis returned': firstOk ? `${((firstOk - upAt) / 1000).toFixed(1)} s` : 'never',
        'recovery time': 'Redis back → every task completed',
      };
      check(result, during.serverErrors === 0, `non-503 5xx during the outage: ${during}`);
      check(result, during.noAnswer === 0, `requests without an answer (hangs) during the outage: ${during}`);
      check(result, (during.byStatus['503'] ?? 0) > 0, `no 503 during the outage: ${during}`);
      check(result, firstOk > 0, 'the API never accepted a task after Redis returned');
      check(result, rows.lost === 0 && singlesDone === singles.length, `${rows.lost} batch rows lost, ${singles.length - singlesDone} single tasks unfinished`);
      check(result, rows.duplicated === 0, `${rows.duplicated} rows duplicated`);
      check(result, rows.notCompleted.length === 0, `tasks not completed: ${rows.notCompleted.join(', ')}`);
    } finally {
      if (!ctx.redis.running) await ctx.redis.start().catch(() => undefined);
      await stack.teardown();
    }
  },
};
