/** What eviction needs to know about a live session. */
export interface LiveSession {
  id: string;
  lastActivityAt: Date;
  createdAt: Date;
}

/**
 * The sessions to evict so that at most `max` stay live: the least recently active first
 * (ties: the older one, then the smaller id, so every instance picks the same one). The
 * session being created (`keepId`) is never chosen.
 */
export function chooseEvictions(live: LiveSession[], max: number, keepId: string): string[] {
  const excess = live.length - max;
  if (excess <= 0) return [];
  return live
    .filter((s) => s.id !== keepId)
    .sort((a, b) => a.lastActivityAt.getTime() - b.lastActivityAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, excess)
    .map((s) => s.id);
}
