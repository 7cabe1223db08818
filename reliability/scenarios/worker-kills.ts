import { setTimeout as sleep } from 'node:timers/promises';
import { BATCH_KNOBS, check, Scenario } from '../scenario';
import { commentsCsv, prng, SentirProcess, Stack } from '../stack';

/**
 * 1. Three workers share five batches while a random one is SIGKILLed every few seconds and
 * restarted at once: every chunk a dead worker held is recovered (stalled-job check), every
 * task completes, and every row is stored exactly once.
 */
export const workerKills: Scenario = {
  id: '1',
  title: 'workers SIGKILLed during batches',
  async run(ctx, result) {
    const long = ctx.mode === 'long';
    // Sized so the batches outlast at least three kill periods even on a quiet machine
    // (75 chunks × 2 s over 3 workers × 2 slots ≈ 25 s in the short run).
    const ROWS = long ? 10_000 : 3_000;
    const BATCHES = 5;
    // A restarted worker needs 3–5 s to boot on 2 shared cores: killing faster leaves no worker up.
    // RELIABILITY_KILL_EVERY_MS: a harsher rate on demand (the published runs use 5 s).
    const KILL_EVERY_MS = Number(process.env.RELIABILITY_KILL_EVERY_MS ?? 5_000);
    // Simulated latency per chunk stretches the batches so that kills land mid-chunk.
    const stack = new Stack('kills', ctx.pg, ctx.redis, { ...BATCH_KNOBS, ANALYSIS_SIMULATED_LATENCY_MS: '2000' });
    const rand = prng(1);
    try {
      await stack.prepare();
      const api = await stack.startApi();
      let workers: SentirProcess[] = await Promise.all([0, 1, 2].map(() => stack.startWorker()));
      const { key } = await stack.createKey('kills');
      ctx.log('API and 3 workers ready');

      // Upload first, then start all five batches together, so that the kills hit all of them.
      const files = [];
      for (let b = 0; b < BATCHES; b++) files.push(await stack.upload(api.url, key, commentsCsv(ROWS, 100 + b), `batch-${b}.csv`));
      const tasks = await Promise.all(files.map((f) => stack.startBatch(api.url, key, f)));
      const ids = tasks.map((t) => t.taskId);
      ctx.log(`started ${BATCHES} × ${ROWS} rows; killing a worker every ${KILL_EVERY_MS} ms`);

      let kills = 0;
      let lastKill = Date.now();
      const t0 = Date.now();
      for (;;) {
        await sleep(KILL_EVERY_MS);
        const states = await stack.taskStates(ids);
        if (ids.every((id) => ['completed', 'failed', 'cancelled'].includes(states.get(id)!.status))) break;
        if (Date.now() - t0 > (long ? 600_000 : 180_000)) break;
        const victim = workers[Math.floor(rand() * workers.length)];
        await victim.stop('SIGKILL');
        kills++;
        lastKill = Date.now();
        workers = workers.filter((w) => w !== victim);
        workers.push(await stack.startWorker({}, false));
      }
      await stack.waitFinished(ids, long ? 300_000 : 120_000).catch((err: Error) => result.problems.push(err.message));
      const doneAt = Date.now();

      const rows = await stack.checkRows(tasks);
      Object.assign(result, {
        load: `${BATCHES} batches × ${ROWS.toLocaleString('en')} rows, 3 workers, chunks of ${BATCH_KNOBS.BATCH_CHUNK_SIZE}`,
        faults: `${kills} × SIGKILL of a random worker (every ${KILL_EVERY_MS / 1000} s), each restarted at once`,
        tasksSubmitted: BATCHES,
        rowsSubmitted: rows.submitted,
        rowsLost: rows.lost,
        rowsDuplicated: rows.duplicated,
        clientErrors: 'none (the API was not touched)',
        recoverySeconds: Math.max(0, doneAt - lastKill) / 1000,
      });
      result.figures = { 'batches wall time': `${((doneAt - t0) / 1000).toFixed(1)} s`, 'recovery time': 'last kill → last task completed' };
      check(result, kills >= 3, `only ${kills} kills happened before the batches finished`);
      check(result, rows.lost === 0, `${rows.lost} rows lost`);
      check(result, rows.duplicated === 0, `${rows.duplicated} rows duplicated`);
      check(result, rows.notCompleted.length === 0, `tasks not completed: ${rows.notCompleted.join(', ')}`);
    } finally {
      await stack.teardown();
    }
  },
};
