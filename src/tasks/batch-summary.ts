import type { Period, SummaryFacts } from './batch.repository';

const SENTIMENTS = ['positive', 'neutral', 'negative', 'mixed'] as const;
/** Per-day series beyond this many periods keep only the most recent ones (weeks and months stay whole). */
const MAX_DAYS = 400;
const MAX_SEGMENT_VALUES = 50;
const MAX_RATING_VALUES = 20;
const TOP_DUPLICATES = 10;

export interface CountShare {
  count: number;
  percent: number;
}

type BySentiment = Record<string, number>;

export interface BatchSummary {
  totals: { rows: number; analysed: number; errors: number; duplicates: number; dated: number };
  sentiment: Record<string, CountShare>;
  language: Record<string, CountShare>;
  averageScore: number | null;
  errors: Record<string, number>;
  duplicates: { rows: number; groups: number; top: { text: string; count: number; firstRow: number }[] };
  timeline: { day: TimelinePoint[]; week: TimelinePoint[]; month: TimelinePoint[]; truncatedDays: boolean } | null;
  ratings: { value: string; count: number; averageScore: number; sentiment: BySentiment }[];
  segments: Record<string, { value: string; count: number; sentiment: BySentiment }[]>;
  /** Theme × sentiment: rows mentioning the theme, split by the sentiment of the sentence that mentions it. */
  themes: { themeId: string; label: string; count: number; sentiment: BySentiment }[];
  keyPhrases: { phrase: string; count: number }[];
  emotion: { averages: Record<string, number>; dominant: Record<string, number> } | null;
  pii: { rows: number; entities: Record<string, number> };
  quality: Record<string, number>;
  /** ENGINE=openai only: the model's digest of a sample of the negative rows (null when it gave none). */
  complaints?: BatchComplaints | null;
}

/** What people complain about, per the LLM, with rows to read as examples. */
export interface BatchComplaints {
  /** Empty when no row is negative. */
  summary: string;
  topComplaints: { label: string; count: number; exampleRowNumbers: number[] }[];
  /** Negative rows (one per distinct text) the model read. */
  sampledRows: number;
}

export interface TimelinePoint {
  period: string;
  total: number;
  sentiment: BySentiment;
}

/** Shapes SQL aggregates into the batch result. Pure: no I/O, easy to test. */
export function buildBatchSummary(f: SummaryFacts): BatchSummary {
  const duplicateRows = f.duplicateGroups.reduce((sum, g) => sum + g.n - 1, 0);
  const day = toTimeline(f.timeline?.day ?? []);
  return {
    totals: { rows: f.rows, analysed: f.analysed, errors: f.errors, duplicates: duplicateRows, dated: f.dated },
    sentiment: shares(f.sentiments, f.analysed, SENTIMENTS),
    language: shares(f.languages, f.analysed),
    averageScore: f.averageScore === null ? null : round(f.averageScore, 4),
    errors: Object.fromEntries(f.errorReasons.map((e) => [e.key, e.n])),
    duplicates: {
      rows: duplicateRows,
      groups: f.duplicateGroups.length,
      top: f.duplicateGroups.slice(0, TOP_DUPLICATES).map((g) => ({ text: g.text, count: g.n, firstRow: g.first })),
    },
    timeline: f.timeline
      ? { day: day.slice(-MAX_DAYS), week: toTimeline(f.timeline.week), month: toTimeline(f.timeline.month), truncatedDays: day.length > MAX_DAYS }
      : null,
    ratings: ratingsOf(f.ratings),
    segments: segmentsOf(f.segments),
    themes: themesOf(f.themes),
    keyPhrases: f.keyPhrases.map((k) => ({ phrase: k.phrase, count: k.n })),
    emotion: f.emotion
      ? {
          averages: Object.fromEntries(Object.entries(f.emotion.averages).map(([k, v]) => [k, round(v, 4)])),
          dominant: Object.fromEntries(f.emotion.dominant.map((d) => [d.key, d.n])),
        }
      : null,
    pii: { rows: f.pii.rows, entities: Object.fromEntries(f.pii.byType.map((p) => [p.key, p.n])) },
    quality: Object.fromEntries(f.quality.map((q) => [q.key, q.n])),
  };
}

function themesOf(rows: SummaryFacts['themes']): BatchSummary['themes'] {
  const byTheme = new Map<string, { themeId: string; label: string; count: number; sentiment: BySentiment }>();
  for (const r of rows) {
    let t = byTheme.get(r.id);
    if (!t) {
      t = { themeId: r.id, label: r.label, count: 0, sentiment: emptySentiments() };
      byTheme.set(r.id, t);
    }
    t.sentiment[r.sentiment] = (t.sentiment[r.sentiment] ?? 0) + r.n;
    t.count += r.n;
  }
  return [...byTheme.values()].sort((a, b) => b.count - a.count || a.themeId.localeCompare(b.themeId));
}

function shares(rows: { key: string; n: number }[], total: number, always: readonly string[] = []): Record<string, CountShare> {
  const out: Record<string, CountShare> = {};
  for (const k of always) out[k] = { count: 0, percent: 0 };
  for (const r of rows) out[r.key ?? 'und'] = { count: r.n, percent: total > 0 ? round((100 * r.n) / total, 2) : 0 };
  return out;
}

function toTimeline(periods: Period[]): TimelinePoint[] {
  const byPeriod = new Map<string, TimelinePoint>();
  for (const p of periods) {
    let point = byPeriod.get(p.period);
    if (!point) {
      point = { period: p.period, total: 0, sentiment: emptySentiments() };
      byPeriod.set(p.period, point);
    }
    point.total += p.n;
    point.sentiment[p.sentiment] = (point.sentiment[p.sentiment] ?? 0) + p.n;
  }
  return [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period));
}

function ratingsOf(rows: SummaryFacts['ratings']): BatchSummary['ratings'] {
  const byValue = new Map<string, { value: string; count: number; scoreSum: number; sentiment: BySentiment }>();
  for (const r of rows) {
    let v = byValue.get(r.key);
    if (!v) {
      v = { value: r.key, count: 0, scoreSum: 0, sentiment: emptySentiments() };
      byValue.set(r.key, v);
    }
    v.count += r.n;
    v.scoreSum += r.avg * r.n;
    v.sentiment[r.sentiment] = (v.sentiment[r.sentiment] ?? 0) + r.n;
  }
  return [...byValue.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_RATING_VALUES)
    .sort((a, b) => a.value.localeCompare(b.value, undefined, { numeric: true }))
    .map((v) => ({ value: v.value, count: v.count, averageScore: round(v.scoreSum / v.count, 4), sentiment: v.sentiment }));
}

function segmentsOf(rows: SummaryFacts['segments']): BatchSummary['segments'] {
  const byName = new Map<string, Map<string, { value: string; count: number; sentiment: BySentiment }>>();
  for (const r of rows) {
    const values = byName.get(r.name) ?? new Map();
    byName.set(r.name, values);
    let v = values.get(r.key);
    if (!v) {
      v = { value: r.key, count: 0, sentiment: emptySentiments() };
      values.set(r.key, v);
    }
    v.count += r.n;
    v.sentiment[r.sentiment] = (v.sentiment[r.sentiment] ?? 0) + r.n;
  }
  const out: BatchSummary['segments'] = {};
  for (const [name, values] of byName) out[name] = [...values.values()].sort((a, b) => b.count - a.count).slice(0, MAX_SEGMENT_VALUES);
  return out;
}

function emptySentiments(): BySentiment {
  return Object.fromEntries(SENTIMENTS.map((s) => [s, 0]));
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
