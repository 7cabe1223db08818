/**
 * A cell read as a calendar day (`YYYY-MM-DD`). Values like `03/04/2024` are ambiguous:
 * `dmy` and `mdy` hold both readings (either may be missing when invalid), and the
 * column decides later. Unambiguous formats set both to the same day.
 */
export interface DateReading {
  dmy?: string;
  mdy?: string;
}

const TIME = String.raw`(?:[T ,]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[AaPp]\.?\s?[Mm]\.?)?)?`;
const YMD = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`);
const XMY = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})${TIME}$`);
const SERIAL = /^\d{5}(?:\.\d+)?$/;
/** Excel serials for 1970-01-01 and 2099-12-31: anything else is more likely a plain number. */
const SERIAL_MIN = 25569;
const SERIAL_MAX = 73050;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/**
 * Reads ISO 8601 (`2024-03-01`, `2024-03-01T10:30:00Z`), `yyyy/mm/dd`, `dd/mm/yyyy`
 * and `mm/dd/yyyy` (separators `/ - .`, 2-digit years as 20yy below 70 else 19yy,
 * optional time), and, when `allowSerial`, Excel serial day numbers as they appear in
 * CSVs exported without formatting. The time and zone are ignored: only the day is kept.
 */
export function readDate(raw: string, allowSerial = false): DateReading | undefined {
  const s = raw.trim();
  if (s.length < 5 || s.length > 40) return undefined;
  let m = YMD.exec(s);
  if (m) {
    const day = isoDay(+m[1], +m[2], +m[3]);
    return day ? { dmy: day, mdy: day } : undefined;
  }
  m = XMY.exec(s);
  if (m) {
    const a = +m[1];
    const b = +m[2];
    let year = +m[3];
    if (m[3].length === 2) year += year < 70 ? 2000 : 1900;
    const dmy = isoDay(year, b, a);
    const mdy = isoDay(year, a, b);
    return dmy || mdy ? { dmy, mdy } : undefined;
  }
  if (allowSerial && SERIAL.test(s)) {
    const serial = Number(s);
    if (serial < SERIAL_MIN || serial > SERIAL_MAX) return undefined;
    // Excel's day 0 is 1899-12-30 once its fictional 1900-02-29 is accounted for.
    const day = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
    return { dmy: day, mdy: day };
  }
  return undefined;
}

function isoDay(year: number, month: number, day: number): string | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
