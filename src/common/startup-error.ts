/**
 * A boot failure the operator can fix (service down, bad config). Entry points print
 * `message` as one line, without a stack trace, and exit 1.
 */
export class StartupError extends Error {}

export const START_SERVICES_HINT =
  'Start PostgreSQL and Redis (see README.md "Run it"), e.g. `docker compose up -d postgres redis`.';

/** Prints a StartupError or config error as one clear line; anything else with its stack. */
export function exitOnStartupFailure(err: unknown, what: string): never {
  if (err instanceof StartupError || (err as Error)?.name === 'EnvValidationError') {
    process.stderr.write(`sentir ${what}: ${(err as Error).message}\n`);
  } else {
    process.stderr.write(`sentir ${what}: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  }
  process.exit(1);
}
