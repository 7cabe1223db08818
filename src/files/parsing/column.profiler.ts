import { FileRejectedError } from './parsing.errors';
import { readDate } from './date.util';
import type { ColumnKind, ColumnProfile, FileInspection } from './parsing.types';

/** Distinct values are only tracked for this many leading columns and values, to bound memory. */
const DISTINCT_COLUMNS = 64;
const DISTINCT_VALUES = 2000;
const DISTINCT_MAX_LENGTH = 64;

const TEXT_NAME = /(coment|comment|texto|^text$|_text$|^text_|mensaje|message|^msg$|review|rese[ñn]a|opini|feedback|respuesta|answer|^body$|content|contenido|descrip|observaci|sugerencia|queja|reclamo|verbatim|^nota$|^notas$|^note|motivo|detalle|detail|pregunta|question)/i;
const ID_NAME_EXACT = /^(id|_id|uuid|guid|ticket|nro|n[°º]|no|num|n[uú]mero|number|folio|caso|case|c[oó]digo|code|ref|referencia|key)$/i;
const ID_NAME_PART = /(^|[_ .-])(id|nro|ticket|folio|uuid)([_ .-]|$)/i;
const ID_NAME_CAMEL = /[a-z]Id$/;
const DATE_NAME = /(fecha|date|time|hora|created|creado|updated|actualizado|timestamp|^d[ií]a$|^day$|periodo|period|^ts$|_at$|^mes$|^month$)/i;
const NUMBER = /^[-+]?(?:\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,]\d+)?%?$/;
const LETTER = /\p{L}/u;
const SPACE = /\s/;

class ColumnStats {
  filled = 0;
  lengthSum = 0;
  letters = 0;
  letterLengthSum = 0;
  multiword = 0;
  numeric = 0;
  dmyValid = 0;
  mdyValid = 0;
  dmyOnly = 0;
  mdyOnly = 0;
  dmyMin?: string;
  dmyMax?: string;
  mdyMin?: string;
  mdyMax?: string;
  distinct: Set<string> | undefined;
  distinctSampled = 0;
  /** Long values are not stored; they count as distinct. */
  distinctLong = 0;

  constructor(
    readonly name: string,
    readonly index: number,
  ) {
    this.distinct = index < DISTINCT_COLUMNS ? new Set() : undefined;
  }

  add(raw: string): void {
    const v = raw.trim();
    if (v === '') return;
    this.filled++;
    this.lengthSum += v.length;
    if (LETTER.test(v)) {
      this.letters++;
      this.letterLengthSum += v.length;
      if (SPACE.test(v)) this.multiword++;
    }
    if (v.length <= 32 && NUMBER.test(v)) this.numeric++;
    const date = readDate(v, DATE_NAME.test(this.name));
    if (date) {
      if (date.dmy) {
        this.dmyValid++;
        if (!this.dmyMin || date.dmy < this.dmyMin) this.dmyMin = date.dmy;
        if (!this.dmyMax || date.dmy > this.dmyMax) this.dmyMax = date.dmy;
        if (!date.mdy) this.dmyOnly++;
      }
      if (date.mdy) {
        this.mdyValid++;
        if (!this.mdyMin || date.mdy < this.mdyMin) this.mdyMin = date.mdy;
        if (!this.mdyMax || date.mdy > this.mdyMax) this.mdyMax = date.mdy;
        if (!date.dmy) this.mdyOnly++;
      }
    }
    if (this.distinct && this.distinctSampled < DISTINCT_VALUES) {
      this.distinctSampled++;
      if (v.length > DISTINCT_MAX_LENGTH) this.distinctLong++;
      else this.distinct.add(v);
    }
  }

  get dateOrder(): 'dmy' | 'mdy' {
    // Day-first unless the data proves otherwise: Sentir's users are mostly Spanish-speaking.
    return this.mdyOnly > 0 && this.dmyOnly === 0 ? 'mdy' : 'dmy';
  }

  profile(): ColumnProfile {
    const avgLength = this.filled ? this.lengthSum / this.filled : 0;
    const scores = { text: this.textScore(), id: this.idScore(avgLength), date: this.dateScore() };
    return { name: this.name, index: this.index, kind: this.kind(scores, avgLength), scores: roundScores(scores), filled: this.filled, avgLength: Math.round(avgLength * 10) / 10 };
  }

  private distinctRatio(): number | undefined {
    if (!this.distinct || this.distinctSampled === 0) return undefined;
    return (this.distinct.size + this.distinctLong) / this.distinctSampled;
  }

  private textScore(): number {
    if (this.filled === 0 || this.letters / this.filled < 0.5) return 0;
    const avgLetterLength = this.letterLengthSum / this.letters;
    let score = Math.min(1, avgLetterLength / 80) * 0.6 + (this.multiword / this.filled) * 0.3 + (TEXT_NAME.test(this.name) ? 0.3 : 0);
    if (this.dateScore() >= 0.8 || this.numeric / this.filled > 0.5) score *= 0.2;
    const distinct = this.distinctRatio();
    if (distinct !== undefined && this.filled >= 50 && distinct < 0.1) score *= 0.5; // a category, not free text
    return Math.min(1, score);
  }

  private idScore(avgLength: number): number {
    const distinct = this.distinctRatio();
    if (this.filled === 0 || distinct === undefined || avgLength > DISTINCT_MAX_LENGTH) return 0;
    const named = ID_NAME_EXACT.test(this.name.trim()) || ID_NAME_PART.test(this.name) || ID_NAME_CAMEL.test(this.name);
    if (this.multiword / this.filled > 0.2) return named ? 0.3 : 0;
    if (distinct >= 0.98 && this.dateScore() < 0.8) return named ? 1 : 0.6;
    if (named && distinct >= 0.9) return 0.7;
    return named ? 0.3 : 0;
  }

  private dateScore(): number {
    if (this.filled === 0) return 0;
    const ratio = Math.max(this.dmyValid, this.mdyValid) / this.filled;
    if (ratio < 0.8) return 0;
    return DATE_NAME.test(this.name) ? ratio : ratio * 0.9;
  }

  private kind(scores: { text: number; id: number; date: number }, avgLength: number): ColumnKind {
    if (this.filled === 0) return 'empty';
    if (scores.date >= 0.8) return 'date';
    if (scores.id >= 0.6) return 'id';
    if (this.numeric / this.filled >= 0.9) return 'number';
    const distinct = this.distinctRatio();
    if (distinct !== undefined && this.distinctSampled >= 20 && distinct <= 0.2 && avgLength < 40) return 'category';
    return 'text';
  }

  dateRange(): { from: string; to: string } | undefined {
    const [from, to] = this.dateOrder === 'mdy' ? [this.mdyMin, this.mdyMax] : [this.dmyMin, this.dmyMax];
    return from && to ? { from, to } : undefined;
  }
}

function roundScores(s: { text: number; id: number; date: number }): { text: number; id: number; date: number } {
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { text: r(s.text), id: r(s.id), date: r(s.date) };
}

type Guesses = Pick<FileInspection, 'guessed' | 'dateRange'> & { columns: ColumnProfile[] };

/**
 * Streams every row through per-column counters (bounded memory: distinct values are
 * sampled) and guesses which column holds the comment text, the row id and the date.
 */
export class ColumnProfiler {
  private readonly stats: ColumnStats[];

  constructor(columns: readonly string[]) {
    this.stats = columns.map((name, i) => new ColumnStats(name, i));
  }

  add(values: readonly string[]): void {
    for (let i = 0; i < this.stats.length; i++) this.stats[i].add(values[i] ?? '');
  }

  /**
   * @param textColumn the caller's choice, which must exist; otherwise the best-scoring
   *   column with letters in at least half its values, or `no_text_column`.
   */
  finish(textColumn?: string): Guesses {
    const columns = this.stats.map((s) => s.profile());
    const text = textColumn !== undefined ? this.requireColumn(textColumn) : this.best(columns, 'text', 0.15, []);
    if (text === undefined) {
      throw new FileRejectedError('no_text_column', 'No column holds free text (letters in at least half of its values). Upload a file with a comment column.');
    }
    const id = this.best(columns, 'id', 0.6, [text]);
    const date = this.best(columns, 'date', 0.8, [text, id]);
    const dateStats = date === undefined ? undefined : this.stats[date];
    return {
      columns,
      guessed: {
        textColumn: this.stats[text].name,
        idColumn: id === undefined ? null : this.stats[id].name,
        dateColumn: dateStats ? dateStats.name : null,
        dateOrder: dateStats ? dateStats.dateOrder : null,
      },
      ...(dateStats?.dateRange() ? { dateRange: dateStats.dateRange() } : {}),
    };
  }

  private requireColumn(name: string): number {
    const exact = this.stats.findIndex((s) => s.name === name);
    const index = exact >= 0 ? exact : this.stats.findIndex((s) => s.name.toLowerCase() === name.trim().toLowerCase());
    if (index < 0) throw new FileRejectedError('no_text_column', `The file has no column named "${name.slice(0, 100)}".`);
    return index;
  }

  private best(columns: ColumnProfile[], role: 'text' | 'id' | 'date', threshold: number, exclude: (number | undefined)[]): number | undefined {
    let best: number | undefined;
    for (const c of columns) {
      if (exclude.includes(c.index) || c.scores[role] < threshold) continue;
      if (best === undefined || c.scores[role] > columns[best].scores[role]) best = c.index;
    }
    return best;
  }
}
