import { FileRejectedError } from './parsing.errors';

const MAX_NAME_LENGTH = 128;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Turns raw header cells into unique, non-blank column names: trimmed, whitespace
 * collapsed, control and bidi characters removed, at most 128 characters. A blank name
 * becomes `column_N` (N = 1-based position); a repeated name (case-insensitively)
 * becomes `name_2`, `name_3`…
 */
export function normalizeHeader(raw: readonly unknown[], maxColumns: number): string[] {
  if (raw.length > maxColumns) {
    throw new FileRejectedError('too_many_columns', `The file has ${raw.length} columns; at most ${maxColumns} are accepted.`);
  }
  const cleaned = raw.map((cell, i) => {
    const name = String(cell ?? '').replace(CONTROL, '').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH).trim();
    return name === '' ? `column_${i + 1}` : name;
  });
  const taken = new Set<string>();
  return cleaned.map((name) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${name}_${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

/** `column_1 … column_n`, for files read without a header row. */
export function generatedHeader(width: number, maxColumns: number): string[] {
  return normalizeHeader(new Array<string>(width).fill(''), maxColumns);
}

/**
 * Lines a record up with `width` columns: short records are padded with '', trailing
 * empty extras are dropped. Returns undefined when a non-empty cell falls past the
 * header, which the caller reports in its format's terms.
 */
export function fitToWidth(values: string[], width: number): string[] | undefined {
  if (values.length === width) return values;
  if (values.length < width) {
    const out = values.slice();
    while (out.length < width) out.push('');
    return out;
  }
  for (let i = width; i < values.length; i++) if (values[i].trim() !== '') return undefined;
  return values.slice(0, width);
}

export function isBlankRow(values: readonly string[]): boolean {
  for (const v of values) if (v.trim() !== '') return false;
  return true;
}
