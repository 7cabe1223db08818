import { All, Controller, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Express, Request, Response } from 'express';
import { AdminOnly } from '../auth/admin.guard';
import { ANALYSIS_QUEUE, BATCH_QUEUE } from '../common/queue/queue.module';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board's UI only loads its own scripts and styles (plus Google Fonts), but helmet's
 * default policy would upgrade its asset requests to https on a plain-http deployment; this
 * one applies to the dashboard alone.
 */
const DASHBOARD_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data: https://fonts.gstatic.com",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
].join('; ');

/**
 * The bull-board queue dashboard at /admin/queues, for admins only. It is a Nest route (not a
 * bare Express mount) so that the global guards apply as everywhere: authentication (401),
 * both rate limits (429), then AdminOnly (403), all as problem documents; a path the board
 * does not know is a `route-not-found` 404. Browsers must send `Authorization: Bearer <admin
 * key>` (a header-injecting extension or reverse proxy): there is no cookie login.
 *
 * Read-only: PostgreSQL is the source of truth, so retrying or removing jobs behind its back
 * would either do nothing (a failed task's job finds the task failed) or be undone by the
 * reconciler. Retry tasks with POST /api/v1/tasks/{id}/retry instead.
 */
@ApiExcludeController()
@AdminOnly()
@Controller(QUEUE_DASHBOARD_PATH)
export class QueueDashboardController {
  private readonly board: Express;

  constructor(@Inject(ANALYSIS_QUEUE) analysisQueue: Queue, @Inject(BATCH_QUEUE) batchQueue: Queue) {
    const adapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: [analysisQueue, batchQueue].map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: 'Sentir queues', hideDocsLink: true } },
    });
    this.board = adapter.getRouter() as Express;
    this.board.disable('x-powered-by');
  }

  @All(['', '*path'])
  serve(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    res.setHeader('Cache-Control', 'no-store');
    // The request metric and log are labelled with our route template: keep the board's own
    // routes (dozens of them, some arrays) from replacing it.
    const route: unknown = req.route;
    Object.defineProperty(req, 'route', { configurable: true, get: () => route, set: () => undefined });
    const original = req.url;
    const rest = original.slice(QUEUE_DASHBOARD_PATH.length);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    return new Promise<void>((resolve, reject) => {
      res.once('finish', () => resolve());
      res.once('close', () => resolve());
      this.board(req, res, (err?: unknown) => {
        req.url = original;
        reject(err ?? new NotFoundException());
      });
    });
  }
}
