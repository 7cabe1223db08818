import { ScenarioResult } from './report';
import { OwnPostgres, OwnRedis } from './services';

export interface Context {
  mode: 'short' | 'long';
  pg: OwnPostgres;
  redis: OwnRedis;
  log: (msg: string) => void;
}

export interface Scenario {
  id: string;
  title: string;
  run(ctx: Context, result: ScenarioResult): Promise<void>;
}

export function emptyResult(s: Scenario): ScenarioResult {
  return {
    id: s.id,
    title: s.title,
    status: 'passed',
    load: '',
    faults: '',
    tasksSubmitted: 0,
    rowsSubmitted: 0,
    rowsLost: 0,
    rowsDuplicated: 0,
    clientErrors: '',
    recoverySeconds: null,
    durationSeconds: 0,
    figures: {},
    problems: [],
  };
}

/** Records a failed check without stopping the scenario, so one run reports every problem. */
export function check(result: ScenarioResult, ok: boolean, problem: string): void {
  if (!ok) result.problems.push(problem);
}

/** Knobs shared by the batch scenarios: small chunks (many jobs to lose) and quick stall detection. */
export const BATCH_KNOBS = {
  BATCH_CHUNK_SIZE: '200',
  QUEUE_LOCK_DURATION_MS: '5000',
  QUEUE_STALLED_INTERVAL_MS: '2000',
};
