import type { INestApplicationContext } from '@nestjs/common';

/**
 * SIGTERM/SIGINT: close the Nest app (workers finish in-flight jobs, queues and pools
 * close), then exit 0 so supervisors see a clean stop. A second signal forces exit.
 */
export function installGracefulShutdown(app: INestApplicationContext, before: () => Promise<void> | void = () => undefined): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(130);
    closing = true;
    void (async () => {
      try {
        await before();
        await app.close();
        process.exit(0);
      } catch (err) {
        process.stderr.write(`shutdown after ${signal} failed: ${(err as Error).message}\n`);
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
