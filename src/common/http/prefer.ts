/**
 * `Prefer: wait=N` (RFC 7240 §4.3). Returns the seconds to wait, capped at `max`, or 0.
 * Unknown or malformed preferences are ignored, as the RFC asks.
 */
export function parsePreferWait(header: string | string[] | undefined, max: number): number {
  if (!header) return 0;
  const values = Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const pref of value.split(',')) {
      const m = /^\s*wait\s*=\s*"?(\d{1,6})"?\s*(;.*)?$/i.exec(pref);
      if (m) return Math.min(Number(m[1]), max);
    }
  }
  return 0;
}
