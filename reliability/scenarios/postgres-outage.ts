import { setTimeout as sleep } from 'node:timers/promises';
import { call, Tally } from '../net';
import { BATCH_KNOBS, check, Scenario } from '../scenario';
import { commentsCsv, Stack } from '../stack';

/**
 * 3. The suite's PostgreSQL is stopped (`pg_ctl stop -m fast`) for 10 s mid-batch. During the
 * outage `/readyz` and new requests answer 503 problems within the client timeout (no 500, no
 * hang); workers back off and retry; afterwards every task completes with each row stored once.
 */
export const postgresOutage: Scenario = {
  id: '3',
  title: 'PostgreSQL stopped 10 s mid-batch',
  async run(ctx, result) {
    const long = ctx.mode === 'long';
    const ROWS = long ? 10_000 : 2_000;
    const BATCHES = long ? 3 : 2;
    const DOWN_MS = 10_000;
    const CLIENT_TIMEOUT_MS = 8_000;
    const stack = new Stack('pg', ctx.pg, ctx.redis, { ...BATCH_KNOBS, ANALYSIS_SIMULATED_LATENCY_MS: '500', DATABASE_CONNECT_TIMEOUT_MS: '1000' });
    try {
      await stack.prepare();
      const api = await stack.startApi();
      await Promise.all([stack.startWorker(), stack.startWorker()]);
      const { key } = await stack.createKey('pg');
      const files = [];
      for (let b = 0; b < BATCHES; b++) files.push(await stack.upload(api.url, key, commentsCsv(ROWS, 300 + b), `p-${b}.csv`));
      const tasks = await Promise.all(files.map((f) => stack.startBatch(api.url, key, f)));
      const ids = tasks.map((t) => t.taskId);
      for (let i = 0; i < 200; i++) {
        const s = await stack.taskStates(ids);
        if ([...s.values()].some((v) => v.processed > 0)) break;
        await sleep(100);
      }

      await stack.db.end().catch(() => undefined);
      ctx.pg.stop('fast');
      const downAt = Date.now();
      ctx.log('PostgreSQL stopped');
      const readyz = new Tally();
      const requests = new Tally();
      let badType = 0;
      while (Date.now() - downAt < DOWN_MS) {
        readyz.add(await call(api.url, 'GET', '/readyz', { timeoutMs: CLIENT_TIMEOUT_MS }));
        for (const r of [
          await call(api.url, 'POST', '/api/v1/tasks/single', { key, json: { text: 'hola' }, timeoutMs: CLIENT_TIMEOUT_MS }),
          await call(api.url, 'GET', `/api/v1/tasks/${ids[0]}`, { key, timeoutMs: CLIENT_TIMEOUT_MS }),
        ]) {
          requests.add(r);
          if (r.status === 503 && r.body?.type !== 'https://sentir.dev/problems/service-unavailable') badType++;
        }
        await sleep(500);
      }
      await ctx.pg.start();
      const upAt = Date.now();
      ctx.log('PostgreSQL back');
      await stack.connectDb();
      let readyAt = 0;
      for (let i = 0; i < 240 && !readyAt; i++) {
        if ((await call(api.url, 'GET', '/readyz', { timeoutMs: CLIENT_TIMEOUT_MS })).status === 200) readyAt = Date.now();
        else await sleep(250);
      }
      const after = await call(api.url, 'POST', '/api/v1/tasks/single', { key, json: { text: 'volvió, excelente' }, timeoutMs: CLIENT_TIMEOUT_MS });
      if (after.status === 202) ids.push(after.body.id);
      await stack.waitFinished(ids, long ? 300_000 : 120_000).catch((err: Error) => result.problems.push(err.message));
      const doneAt = Date.now();
      const rows = await stack.checkRows(tasks);

      Object.assign(result, {
        load: `${BATCHES} batches × ${ROWS.toLocaleString('en')} rows, 2 workers`,
        faults: `pg_ctl stop -m fast for ${DOWN_MS / 1000} s, then start`,
        tasksSubmitted: ids.length,
        rowsSubmitted: rows.submitted + (ids.length - tasks.length),
        rowsLost: rows.lost,
        rowsDuplicated: rows.duplicated,
        clientErrors: `during the outage: /readyz ${readyz}; POST single + GET task ${requests}`,
        recoverySeconds: (doneAt - upAt) / 1000,
      });
      result.figures = {
        '/readyz 200 again after': readyAt ? `${((readyAt - upAt) / 1000).toFixed(1)} s` : 'never',
        'slowest answer during the outage': `${Math.round(Math.max(readyz.maxMs, requests.maxMs))} ms`,
        'recovery time': 'PostgreSQL back → every batch completed',
      };
      check(result, readyz.count((k) => k !== '503') === 0, `/readyz during the outage: ${readyz}`);
      check(result, requests.count((k) => k !== '503') === 0, `requests during the outage: ${requests}`);
      check(result, badType === 0, `${badType} 503s without the service-unavailable problem type`);
      check(result, readyAt > 0, '/readyz never answered 200 again');
      check(result, after.status === 202, `first request after the outage: ${after.status}`);
      check(result, rows.lost === 0, `${rows.lost} rows lost`);
      check(result, rows.duplicated === 0, `${rows.duplicated} rows duplicated`);
      check(result, rows.notCompleted.length === 0, `tasks not completed: ${rows.notCompleted.join(', ')}`);
    } finally {
      // Already running unless the scenario failed during the outage.
      await ctx.pg.start().catch(() => undefined);
      await stack.teardown();
    }
  },
};
