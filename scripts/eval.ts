/**
 * Measures the local analysis engine on the labelled DEV files.
 *
 *   npm run eval                      # builds, then prints the report
 *   node dist/scripts/eval.js --errors=20 --file=marc   # 20 misclassified rows of one file
 *   node dist/scripts/eval.js --write # also refreshes the results table in EVALUATION.md
 *
 * The data is third-party and read-only (MARC is research-only: measure with
 * it, never train or derive lexicon entries from it), so it is read from
 * SENTIR_EVAL_DIR or the shared folder next to the repo, never copied in.
 *
 * Scoring rules (also stated in EVALUATION.md):
 * - 3-class files: `mixed` predictions count as `neutral` (the gold has no
 *   mixed class; 3-star reviews and ±0.5 VADER ratings are where mixed texts land).
 * - Binary UCI: a prediction's polarity is its label, or for `mixed` the sign
 *   of its score; `neutral` is an error and is also reported on its own.
 * - Polarity accuracy (gold positive/negative rows only): "sign" is the sign
 *   of the score (0 is an error); "label" requires the predicted label to equal the gold.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AnalysisEngine, TextAnalysis, TextInput } from '../src/tasks/analysis/analysis.types';
import { createLocalEngine } from '../src/tasks/analysis/local-engine';

type Gold = 'positive' | 'neutral' | 'negative';

interface Row {
  text: string;
  label?: Gold;
  lang: string;
  dialect?: string;
}

const CLASSES: readonly Gold[] = ['positive', 'neutral', 'negative'];
/** Texts up to this many characters count as "short" (a typical one-line comment). */
const SHORT_CHARS = 60;
const BEGIN_MARK = '<!-- eval:begin -->';
const END_MARK = '<!-- eval:end -->';

function findEvalDir(): string {
  // Scripts are outside config/, so they read their one env var directly.
  const fromEnv = process.env.SENTIR_EVAL_DIR;
  const candidates = [
    fromEnv,
    path.resolve(__dirname, '../../../shared/eval'), // dist/scripts → repo/../shared/eval
    path.resolve(__dirname, '../../shared/eval'),
    path.resolve(process.cwd(), '../shared/eval'),
    path.resolve(process.cwd(), 'shared/eval'),
  ].filter((c): c is string => !!c);
  const found = candidates.find((c) => existsSync(path.join(c, 'README.md')));
  if (!found) throw new Error(`Eval data not found; set SENTIR_EVAL_DIR (tried ${candidates.join(', ')})`);
  return found;
}

function readJsonl(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

function pct(x: number): string {
  return Number.isFinite(x) ? (x * 100).toFixed(1) : '–';
}

function f3(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : '–';
}

/** The 3-class reading of a prediction: mixed counts as neutral. */
function threeClass(r: TextAnalysis): Gold {
  return r.sentiment.label === 'mixed' ? 'neutral' : r.sentiment.label;
}

/** The binary reading of a prediction: mixed by the sign of its score, neutral stays neutral (an error). */
function binary(r: TextAnalysis): Gold {
  const l = r.sentiment.label;
  if (l === 'mixed') return r.sentiment.score > 0 ? 'positive' : r.sentiment.score < 0 ? 'negative' : 'neutral';
  return l;
}

interface Scores {
  n: number;
  accuracy: number;
  macroF1: number;
  f1: Record<Gold, number>;
  confusion: Map<string, number>;
}

function score(gold: readonly Gold[], predicted: readonly Gold[], classes: readonly Gold[]): Scores {
  const confusion = new Map<string, number>();
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const key = `${gold[i]}>${predicted[i]}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
    if (gold[i] === predicted[i]) correct++;
  }
  const get = (g: string, p: string): number => confusion.get(`${g}>${p}`) ?? 0;
  const f1 = { positive: NaN, neutral: NaN, negative: NaN } as Record<Gold, number>;
  for (const c of classes) {
    const tp = get(c, c);
    const fp = CLASSES.filter((g) => g !== c).reduce((s, g) => s + get(g, c), 0);
    const fn = CLASSES.filter((p) => p !== c).reduce((s, p) => s + get(c, p), 0);
    const prec = tp + fp ? tp / (tp + fp) : 0;
    const rec = tp + fn ? tp / (tp + fn) : 0;
    f1[c] = prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  }
  const macroF1 = classes.reduce((s, c) => s + f1[c], 0) / classes.length;
  return { n: gold.length, accuracy: correct / (gold.length || 1), macroF1, f1, confusion };
}

interface SentimentSummary {
  file: string;
  kind: '3-class' | 'binary';
  all: Scores;
  short: Scores;
  long: Scores;
  polaritySign: number;
  polarityLabel: number;
  /** Gold pos/neg rows the engine called positive or negative: share it got right. */
  polarityDecided: number;
  neutralOnPolar: number;
  mixedRate: number;
  endToEnd: number;
  textsPerSecond: number;
}

function sentimentEval(engine: AnalysisEngine, file: string, rows: readonly Row[], isBinary: boolean, showErrors: number): SentimentSummary {
  const started = performance.now();
  // With the gold language as hint: measures the sentiment analyzer alone.
  const results = engine.analyze(rows.map((r): TextInput => ({ text: r.text, language: r.lang })));
  const seconds = (performance.now() - started) / 1000;
  const gold = rows.map((r) => r.label as Gold);
  const classes: readonly Gold[] = isBinary ? ['positive', 'negative'] : CLASSES;
  const predicted = results.map(isBinary ? binary : threeClass);
  const pick = (keep: (r: Row) => boolean): Scores => {
    const idx = rows.map((r, i) => (keep(r) ? i : -1)).filter((i) => i >= 0);
    return score(idx.map((i) => gold[i]), idx.map((i) => predicted[i]), classes);
  };
  const polar = rows.map((_, i) => i).filter((i) => gold[i] !== 'neutral');
  const sign = (i: number): Gold => (results[i].sentiment.score > 0 ? 'positive' : results[i].sentiment.score < 0 ? 'negative' : 'neutral');
  const auto = engine.analyze(rows.map((r) => ({ text: r.text })));
  const autoPred = auto.map(isBinary ? binary : threeClass);
  const summary: SentimentSummary = {
    file,
    kind: isBinary ? 'binary' : '3-class',
    all: score(gold, predicted, classes),
    short: pick((r) => r.text.length <= SHORT_CHARS),
    long: pick((r) => r.text.length > SHORT_CHARS),
    polaritySign: polar.filter((i) => sign(i) === gold[i]).length / polar.length,
    polarityLabel: polar.filter((i) => results[i].sentiment.label === gold[i]).length / polar.length,
    polarityDecided: (() => {
      const decided = polar.filter((i) => results[i].sentiment.label === 'positive' || results[i].sentiment.label === 'negative');
      return decided.filter((i) => results[i].sentiment.label === gold[i]).length / (decided.length || 1);
    })(),
    neutralOnPolar: polar.filter((i) => results[i].sentiment.label === 'neutral').length / polar.length,
    mixedRate: results.filter((r) => r.sentiment.label === 'mixed').length / results.length,
    endToEnd: autoPred.filter((p, i) => p === gold[i]).length / rows.length,
    textsPerSecond: rows.length / seconds,
  };

  const s = summary.all;
  const get = (g: string, p: string): number => s.confusion.get(`${g}>${p}`) ?? 0;
  console.log(`\n${file}  (${rows.length} rows, ${summary.kind}${isBinary ? '; neutral = error, mixed by score sign' : '; mixed counted as neutral'})`);
  console.log(`  accuracy ${pct(s.accuracy)}%   macro-F1 ${f3(s.macroF1)}   ` + classes.map((c) => `F1(${c}) ${f3(s.f1[c])}`).join('  '));
  console.log(`  confusion gold → pred pos/neu/neg: ` + classes.map((g) => `${g.slice(0, 3)} ${CLASSES.map((p) => get(g, p)).join('/')}`).join('   '));
  console.log(
    `  polarity (gold pos/neg rows): by score sign ${pct(summary.polaritySign)}%   by label ${pct(summary.polarityLabel)}%   ` +
      `among polar predictions ${pct(summary.polarityDecided)}%   ` +
      `predicted neutral ${pct(summary.neutralOnPolar)}%   mixed (all rows) ${pct(summary.mixedRate)}%`,
  );
  console.log(
    `  short ≤${SHORT_CHARS} chars: n=${summary.short.n} acc ${pct(summary.short.accuracy)}% F1 ${f3(summary.short.macroF1)}   ` +
      `longer: n=${summary.long.n} acc ${pct(summary.long.accuracy)}% F1 ${f3(summary.long.macroF1)}`,
  );
  console.log(`  end-to-end with detection: accuracy ${pct(summary.endToEnd)}%   (${Math.round(summary.textsPerSecond)} texts/s hinted)`);
  if (showErrors > 0) {
    let shown = 0;
    for (let i = 0; i < rows.length && shown < showErrors; i++) {
      if (gold[i] === predicted[i]) continue;
      shown++;
      console.log(`    [${gold[i]} → ${results[i].sentiment.label} ${results[i].sentiment.score}] ${rows[i].text.slice(0, 220)}`);
    }
  }
  return summary;
}

interface LangSummary {
  perLang: Array<{ lang: string; n: number; accuracy: number; confusedWith: string }>;
  accuracyWithoutGn: number;
  gnRecall: number;
  gnPrecision: number;
  esPrecision: number;
  esPrecisionGnEs: number;
  joparaRecall: number;
  joparaFlagged: number;
  guaraniRecall: number;
  shortAccuracy: number;
  longAccuracy: number;
  shortN: number;
  longN: number;
}

function langidEval(engine: AnalysisEngine, rows: readonly Row[], showErrors: number): LangSummary {
  const results = engine.analyze(rows.map((r) => ({ text: r.text })));
  const codes = results.map((r) => r.language.code);
  const per = new Map<string, { n: number; ok: number; wrong: Map<string, number> }>();
  rows.forEach((row, i) => {
    const s = per.get(row.lang) ?? { n: 0, ok: 0, wrong: new Map<string, number>() };
    s.n++;
    if (codes[i] === row.lang) s.ok++;
    else s.wrong.set(codes[i], (s.wrong.get(codes[i]) ?? 0) + 1);
    per.set(row.lang, s);
  });
  const idx = rows.map((_, i) => i);
  const precision = (lang: string, among: number[]): number => {
    const predicted = among.filter((i) => codes[i] === lang);
    return predicted.filter((i) => rows[i].lang === lang).length / (predicted.length || 1);
  };
  const recall = (keep: (r: Row) => boolean): number => {
    const sel = idx.filter((i) => keep(rows[i]));
    return sel.filter((i) => codes[i] === rows[i].lang).length / (sel.length || 1);
  };
  const nonGn = idx.filter((i) => rows[i].lang !== 'gn');
  const jopara = idx.filter((i) => rows[i].dialect === 'jopara');
  const summary: LangSummary = {
    perLang: [...per]
      .sort((a, b) => b[1].n - a[1].n)
      .map(([lang, s]) => ({
        lang,
        n: s.n,
        accuracy: s.ok / s.n,
        confusedWith: [...s.wrong].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([l, c]) => `${l}:${c}`).join(' '),
      })),
    accuracyWithoutGn: nonGn.filter((i) => codes[i] === rows[i].lang).length / nonGn.length,
    gnRecall: recall((r) => r.lang === 'gn'),
    gnPrecision: precision('gn', idx),
    esPrecision: precision('es', idx),
    esPrecisionGnEs: precision('es', idx.filter((i) => rows[i].lang === 'es' || rows[i].lang === 'gn')),
    joparaRecall: recall((r) => r.dialect === 'jopara'),
    joparaFlagged: jopara.filter((i) => results[i].language.mixed?.includes('es')).length / (jopara.length || 1),
    guaraniRecall: recall((r) => r.dialect === 'guarani'),
    shortAccuracy: recall((r) => r.text.length <= SHORT_CHARS),
    longAccuracy: recall((r) => r.text.length > SHORT_CHARS),
    shortN: rows.filter((r) => r.text.length <= SHORT_CHARS).length,
    longN: rows.filter((r) => r.text.length > SHORT_CHARS).length,
  };
  console.log(`\nlangid_dev.jsonl  (${rows.length} rows; 'und' counts as an error)`);
  for (const l of summary.perLang) console.log(`  ${l.lang}  accuracy ${pct(l.accuracy)}%  (n=${l.n})  ${l.confusedWith ? `confused with ${l.confusedWith}` : ''}`);
  console.log(`  all languages but gn: accuracy ${pct(summary.accuracyWithoutGn)}%`);
  console.log(
    `  Guarani: recall ${pct(summary.gnRecall)}% (dialect guarani ${pct(summary.guaraniRecall)}%, jopara ${pct(summary.joparaRecall)}%, ` +
      `jopara flagged mixed gn+es ${pct(summary.joparaFlagged)}%)   precision ${pct(summary.gnPrecision)}%`,
  );
  console.log(`  Spanish precision: all rows ${pct(summary.esPrecision)}%   es+gn rows only ${pct(summary.esPrecisionGnEs)}%`);
  console.log(`  short ≤${SHORT_CHARS} chars: n=${summary.shortN} acc ${pct(summary.shortAccuracy)}%   longer: n=${summary.longN} acc ${pct(summary.longAccuracy)}%`);
  if (showErrors > 0) {
    let shown = 0;
    for (let i = 0; i < rows.length && shown < showErrors; i++) {
      if (codes[i] === rows[i].lang) continue;
      shown++;
      const r = results[i].language;
      console.log(`    [${rows[i].lang}${rows[i].dialect ? `/${rows[i].dialect}` : ''} → ${r.code} ${r.confidence}${r.mixed ? ` mixed ${r.mixed.join('+')}` : ''}] ${rows[i].text.slice(0, 160)}`);
    }
  }
  return summary;
}

function markdown(engine: AnalysisEngine, sentiment: readonly SentimentSummary[], lang: LangSummary): string {
  const lines: string[] = [];
  lines.push(`Engine \`${engine.name} ${engine.version}\`: ${engine.analyzers.map((a) => `${a.name}@${a.version}`).join(', ')}.`);
  lines.push('');
  lines.push(
    '| file | kind | n | accuracy | macro-F1 | F1 pos / neu / neg | polarity acc. sign / label / among polar pred. | pred. neutral on polar | mixed | short ≤60 acc / F1 | longer acc / F1 | end-to-end acc |',
  );
  lines.push('|---|---|---:|---:|---:|---|---|---:|---:|---|---|---:|');
  for (const s of sentiment) {
    const f = s.all.f1;
    lines.push(
      `| ${s.file.replace('.jsonl', '')} | ${s.kind} | ${s.all.n} | ${pct(s.all.accuracy)} | ${f3(s.all.macroF1)} | ${f3(f.positive)} / ${f3(f.neutral)} / ${f3(f.negative)} | ` +
        `${pct(s.polaritySign)} / ${pct(s.polarityLabel)} / ${pct(s.polarityDecided)} | ${pct(s.neutralOnPolar)} | ${pct(s.mixedRate)} | ` +
        `${pct(s.short.accuracy)} / ${f3(s.short.macroF1)} (n=${s.short.n}) | ${pct(s.long.accuracy)} / ${f3(s.long.macroF1)} (n=${s.long.n}) | ${pct(s.endToEnd)} |`,
    );
  }
  lines.push('');
  lines.push('| language | n | accuracy | confused with |');
  lines.push('|---|---:|---:|---|');
  for (const l of lang.perLang) lines.push(`| ${l.lang} | ${l.n} | ${pct(l.accuracy)} | ${l.confusedWith || '–'} |`);
  lines.push('');
  lines.push(`* All languages except gn: **${pct(lang.accuracyWithoutGn)}%**; short (≤60 chars, n=${lang.shortN}) ${pct(lang.shortAccuracy)}%, longer (n=${lang.longN}) ${pct(lang.longAccuracy)}%.`);
  lines.push(
    `* Guarani recall **${pct(lang.gnRecall)}%** (annotated guarani ${pct(lang.guaraniRecall)}%, jopara ${pct(lang.joparaRecall)}%; ` +
      `jopara rows flagged \`mixed: [gn, es]\` ${pct(lang.joparaFlagged)}%), Guarani precision ${pct(lang.gnPrecision)}%.`,
  );
  lines.push(`* Spanish precision **${pct(lang.esPrecisionGnEs)}%** among es+gn rows, ${pct(lang.esPrecision)}% over all rows.`);
  return lines.join('\n');
}

function writeEvaluationTable(table: string): void {
  const file = [path.resolve(__dirname, '../../EVALUATION.md'), path.resolve(process.cwd(), 'EVALUATION.md')].find((f) => existsSync(f));
  if (!file) throw new Error('EVALUATION.md not found next to the repo root');
  const doc = readFileSync(file, 'utf8');
  const a = doc.indexOf(BEGIN_MARK);
  const b = doc.indexOf(END_MARK);
  if (a < 0 || b < a) throw new Error(`EVALUATION.md lacks the ${BEGIN_MARK} … ${END_MARK} markers`);
  writeFileSync(file, `${doc.slice(0, a + BEGIN_MARK.length)}\n${table}\n${doc.slice(b)}`);
  console.log(`\nwrote the table to ${file}`);
}

async function main(): Promise<void> {
  const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}`))?.split('=')[1];
  const showErrors = Number(arg('errors') ?? 0) || 0;
  const only = arg('file');
  const dir = findEvalDir();
  const engine = await createLocalEngine();
  console.log(`engine ${engine.name} ${engine.version}: ${engine.analyzers.map((a) => `${a.name}@${a.version}`).join(', ')}`);
  console.log(`eval dir ${dir}`);

  const files: ReadonlyArray<readonly [string, boolean]> = [
    ['sentiment_es_marc_dev.jsonl', false],
    ['sentiment_en_vader_amazon.jsonl', false],
    ['sentiment_en_vader_movie.jsonl', false],
    ['sentiment_en_uci_amazon.jsonl', true],
  ];
  const sentiment: SentimentSummary[] = [];
  for (const [file, isBinary] of files) {
    const errors = !only || file.includes(only) ? showErrors : 0;
    sentiment.push(sentimentEval(engine, file, readJsonl(path.join(dir, file)), isBinary, errors));
  }
  const lang = langidEval(engine, readJsonl(path.join(dir, 'langid_dev.jsonl')), !only || 'langid'.includes(only) ? showErrors : 0);
  const table = markdown(engine, sentiment, lang);
  if (process.argv.includes('--write')) writeEvaluationTable(table);
  else if (process.argv.includes('--markdown')) console.log(`\n${table}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
