import { API_V1 } from '../common/http/api-paths';
import type { SessionDto } from './dto/session.dto';
import type { SessionRecord } from './session.entity';
import { versionETag } from '../common/http/if-match';

/** Stored session → public resource. The only place that shapes a session for clients (also in SSE and 412 problems). */
export function presentSession(s: SessionRecord): SessionDto {
  const self = sessionPath(s.id);
  return {
    id: s.id,
    state: s.state,
    version: s.version,
    etag: versionETag(s.version),
    createdAt: s.createdAt.toISOString(),
    lastActivityAt: s.lastActivityAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    links: { self, events: `${self}/events` },
  };
}

export function sessionPath(id: string): string {
  return `/${API_V1}/sessions/${id}`;
}
