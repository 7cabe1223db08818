import { writeFileSync } from 'node:fs';

/** One row of RELIABILITY.md and one entry of reliability-report.json. */
export interface ScenarioResult {
  id: string;
  title: string;
  status: 'passed' | 'failed' | 'not run';
  load: string;
  faults: string;
  tasksSubmitted: number;
  rowsSubmitted: number;
  rowsLost: number;
  rowsDuplicated: number;
  /** Answers clients saw, by status (`no-answer:<why>` when none came back). */
  clientErrors: string;
  /** From the end of the fault to the system working again (see each scenario), in seconds. */
  recoverySeconds: number | null;
  durationSeconds: number;
  /** Figures specific to the scenario (latency percentiles, peak RSS…). */
  figures: Record<string, unknown>;
  /** Assertions that failed, or why the scenario did not run. */
  problems: string[];
}

export interface Report {
  mode: 'short' | 'long';
  startedAt: string;
  durationSeconds: number;
  machine: { cpus: number; node: string; platform: string };
  scenarios: ScenarioResult[];
}

export function writeJson(path: string, report: Report): void {
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
}

const cell = (s: unknown) => String(s).replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The table RELIABILITY.md carries; the surrounding prose lives in that file, between markers. */
export function markdownTable(report: Report): string {
  const head =
    `Measured by \`npm run test:reliability${report.mode === 'short' ? ':short' : ''}\` (${report.mode} run) on ${report.startedAt.slice(0, 10)}, ` +
    `${report.machine.cpus} cores, Node ${report.machine.node}; whole run ${Math.round(report.durationSeconds)} s.\n\n` +
    '| # | scenario | result | load | faults injected | tasks / rows submitted | rows lost | rows duplicated | errors seen by clients | recovery time |\n' +
    '|---|---|---|---|---|---|---|---|---|---|\n';
  const rows = report.scenarios.map((s) =>
    [
      s.id,
      s.title,
      s.status === 'passed' ? 'passed' : s.status === 'failed' ? `**FAILED**: ${s.problems.join('; ')}` : `not run: ${s.problems.join('; ')}`,
      s.load,
      s.faults,
      `${s.tasksSubmitted} / ${s.rowsSubmitted}`,
      s.status === 'not run' ? '–' : s.rowsLost,
      s.status === 'not run' ? '–' : s.rowsDuplicated,
      s.clientErrors || 'none',
      s.recoverySeconds === null ? '–' : `${s.recoverySeconds.toFixed(1)} s`,
    ]
      .map(cell)
      .join(' | '),
  );
  const figures = report.scenarios
    .filter((s) => Object.keys(s.figures).length > 0)
    .map((s) => `- **${s.id}. ${s.title}**: ${Object.entries(s.figures).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ')}`);
  return head + rows.map((r) => `| ${r} |`).join('\n') + '\n\nFigures:\n\n' + figures.join('\n') + '\n';
}
