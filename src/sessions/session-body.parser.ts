import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { API_V1 } from '../common/http/api-paths';
import { SessionTooLargeError } from './sessions.errors';

/** Where the sessions' own JSON parser is mounted, ahead of the global one. */
export const SESSIONS_MOUNT = `/${API_V1}/sessions`;

/**
 * Room for what a body may hold besides the compact state: pretty-printing, the
 * `{"state": …}` wrapper, a patch's nulls. The precise check (on the resulting state's
 * compact JSON) happens in SessionsService.
 */
export function sessionBodyLimit(maxStateBytes: number): number {
  return 2 * maxStateBytes + 16 * 1024;
}

/**
 * The JSON parser of /api/v1/sessions. Session state may be up to SESSION_MAX_BYTES, more
 * than BODY_LIMIT allows other routes, so these routes parse their body here first (the
 * global parser then sees it read and skips it). A body beyond the envelope is a
 * `session-too-large` problem, like a state over the limit.
 */
export function sessionBodyParser(maxStateBytes: number): RequestHandler {
  const parse = json({ limit: sessionBodyLimit(maxStateBytes), type: ['application/json', 'application/*+json'] });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      const e = err as { type?: string; status?: number } | undefined;
      next(e && (e.type === 'entity.too.large' || e.status === 413) ? new SessionTooLargeError(maxStateBytes) : err);
    });
}
