import { FieldError, ValidationFailedError } from '../common/errors/domain-error';

/** Days asked for when `from` is absent: the last 30, today included. */
export const USAGE_DEFAULT_DAYS = 30;
/** Longest range one request may ask for (a leap year, both ends included). */
export const USAGE_MAX_DAYS = 366;

/** An inclusive range of UTC calendar days, as `YYYY-MM-DD`. */
export interface UsageRange {
  from: string;
  to: string;
  /** Number of days, both ends included. */
  days: number;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `from`/`to` of GET /usage: ISO calendar dates (UTC days), both optional. `to` defaults to
 * today, `from` to 29 days before `to`. Throws ValidationFailedError naming each bad field.
 */
export function parseUsageRange(from: string | undefined, to: string | undefined, now: Date = new Date()): UsageRange {
  const errors: FieldError[] = [];
  const toMs = to === undefined ? startOfUtcDay(now) : parseDay(to, 'to', errors);
  const fromMs = from === undefined ? (toMs === null ? null : toMs - (USAGE_DEFAULT_DAYS - 1) * DAY_MS) : parseDay(from, 'from', errors);
  if (fromMs !== null && toMs !== null) {
    if (fromMs > toMs) {
      errors.push({ field: 'from', message: `must not be after \`to\` (${formatDay(toMs)})` });
    } else if ((toMs - fromMs) / DAY_MS + 1 > USAGE_MAX_DAYS) {
      errors.push({ field: 'from', message: `the range may cover at most ${USAGE_MAX_DAYS} days (asked for ${(toMs - fromMs) / DAY_MS + 1})` });
    }
  }
  if (errors.length || fromMs === null || toMs === null) throw new ValidationFailedError(errors);
  return { from: formatDay(fromMs), to: formatDay(toMs), days: (toMs - fromMs) / DAY_MS + 1 };
}

/** Every day of the range, in order. */
export function daysOf(range: Pick<UsageRange, 'from' | 'to'>): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(`${range.from}T00:00:00Z`), end = Date.parse(`${range.to}T00:00:00Z`); ms <= end; ms += DAY_MS) out.push(formatDay(ms));
  return out;
}

function parseDay(raw: string, field: string, errors: FieldError[]): number | null {
  const m = DATE_RE.exec(raw);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(year, month - 1, day);
    const d = new Date(ms);
    // Date.UTC rolls 2026-02-30 over to March: a real calendar day reads back unchanged.
    if (year >= 1970 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day) return ms;
  }
  errors.push({ field, message: 'must be a calendar date as YYYY-MM-DD (a UTC day), e.g. 2026-03-01' });
  return null;
}

function startOfUtcDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
