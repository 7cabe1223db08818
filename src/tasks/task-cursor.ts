/** Keyset cursor over (created_at DESC, id DESC): opaque to clients, checked on the way in. */
export interface TaskCursor {
  createdAt: string;
  id: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(c: TaskCursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): TaskCursor | null {
  const decoded = Buffer.from(raw, 'base64url').toString('utf8');
  const [createdAt, id, extra] = decoded.split('|');
  if (extra !== undefined || !createdAt || !id || !UUID_RE.test(id)) return null;
  // Microsecond precision matters: PostgreSQL keeps it and two tasks can share a millisecond.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(createdAt)) return null;
  return { createdAt, id };
}

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
