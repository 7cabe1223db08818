import { prepareDatabase } from '../../src/database/prepare-database';
import { databaseUrl, newRunId, REDIS_URL } from './test-env';

/** Creates this run's database (migrations applied once) and picks its queue prefix. */
export default async function globalSetup(): Promise<void> {
  const runId = newRunId();
  process.env.E2E_RUN_ID = runId;
  process.env.E2E_DATABASE_URL = databaseUrl(runId);
  process.env.E2E_REDIS_URL = REDIS_URL;
  await prepareDatabase({ url: process.env.E2E_DATABASE_URL, poolSize: 2, connectTimeoutMs: 3000, poolWaitMs: 10000, statementTimeoutMs: 10000 });
}
