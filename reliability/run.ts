import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { destroyHosts } from './netns';
import { markdownTable, Report, ScenarioResult, writeJson } from './report';
import { Context, emptyResult, Scenario } from './scenario';
import { apiKillUpload } from './scenarios/api-kill-upload';
import { authorization } from './scenarios/authorization';
import { hostileInput } from './scenarios/hostile-input';
import { load } from './scenarios/load';
import { postgresOutage } from './scenarios/postgres-outage';
import { redisRestart } from './scenarios/redis-restart';
import { twoHosts } from './scenarios/two-hosts';
import { workerKills } from './scenarios/worker-kills';
import { OwnPostgres, OwnRedis } from './services';
import { killEverything } from './stack';

/**
 * `npm run test:reliability[:short]`: starts its own PostgreSQL and Redis, runs each scenario
 * against real API and worker processes, writes reliability-report.json and the table in
 * RELIABILITY.md, and exits 1 when any scenario failed. Always removes what it started.
 *
 *   node dist/reliability/run.js --short|--long [--only=1,3] [--write-markdown]
 *
 * --write-markdown replaces the table in RELIABILITY.md with this run's figures (CI does not).
 */
const ROOT = join(__dirname, '..', '..');
const SCENARIOS: Scenario[] = [workerKills, redisRestart, postgresOutage, apiKillUpload, load, twoHosts, hostileInput, authorization];
const BEGIN = '<!-- reliability:table:begin -->';
const END = '<!-- reliability:table:end -->';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const mode = args.includes('--long') ? 'long' : 'short';
  const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const selected = SCENARIOS.filter((s) => !only || only.includes(s.id));
  const started = Date.now();
  const log = (msg: string) => console.log(`[reliability ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

  const pg = new OwnPostgres();
  const redis = new OwnRedis();
  const cleanup = async () => {
    killEverything();
    destroyHosts();
    await redis.destroy().catch(() => undefined);
    try {
      pg.destroy();
    } catch {
      // best effort: the directory is in the OS temp dir
    }
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => void cleanup().then(() => process.exit(130)));
  }

  const results: ScenarioResult[] = [];
  try {
    await pg.init();
    await redis.start();
    log(`own PostgreSQL on :${pg.port} (${pg.dir}), own Redis with AOF on :${redis.port}`);
    const ctx: Context = { mode, pg, redis, log };
    for (const s of selected) {
      const result = emptyResult(s);
      const t0 = Date.now();
      log(`scenario ${s.id}: ${s.title} (${mode})`);
      try {
        await s.run(ctx, result);
      } catch (err) {
        result.problems.push(`crashed: ${(err as Error).stack ?? err}`.slice(0, 2000));
      }
      result.durationSeconds = (Date.now() - t0) / 1000;
      if (result.status !== 'not run') result.status = result.problems.length ? 'failed' : 'passed';
      results.push(result);
      log(`scenario ${s.id}: ${result.status} in ${result.durationSeconds.toFixed(0)} s${result.problems.length ? ` — ${result.problems.join(' | ')}` : ''}`);
      killEverything();
    }
  } finally {
    await cleanup();
  }

  const report: Report = {
    mode,
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    machine: { cpus: cpus().length, node: process.version, platform: process.platform },
    scenarios: results,
  };
  writeJson(join(ROOT, 'reliability-report.json'), report);
  // A partial run (--only) never replaces the published table.
  if (!only && args.includes('--write-markdown')) updateMarkdown(join(ROOT, 'RELIABILITY.md'), markdownTable(report));
  console.log(markdownTable(report));
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}

function updateMarkdown(path: string, table: string): void {
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${path} lacks the ${BEGIN} … ${END} markers`);
  writeFileSync(path, text.slice(0, a + BEGIN.length) + '\n' + table + text.slice(b));
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    killEverything();
    destroyHosts();
    process.exit(1);
  },
);
