/**
 * Measures the local analysis engine on the labelled DEV files.
 *
 *   npx tsc -p tsconfig.build.json && node dist/scripts/eval.js [--errors=N]
 *
 * The data is third-party and read-only (MARC is research-only: measure with
 * it, never train or derive lexicon entries from it), so it is read from
 * SENTIR_EVAL_DIR or the shared folder next to the repo, never copied in.
 * `--errors=N` prints N misclassified rows per file, for diagnosing rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AnalysisEngine, SentimentLabel, TextInput } from '../src/tasks/analysis/analysis.types';
import { createLocalEngine } from '../src/tasks/analysis/local-engine';

interface Row {
  text: string;
  label?: SentimentLabel;
  lang: string;
}

const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

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
  return (x * 100).toFixed(1).padStart(5);
}

/** Accuracy, macro-F1 over the gold classes present, per-class F1 and a confusion table. */
function sentimentReport(name: string, rows: readonly Row[], predicted: readonly SentimentLabel[], binary: boolean, showErrors: number): void {
  const classes = binary ? (['positive', 'negative'] as const) : LABELS;
  const confusion = new Map<string, number>();
  let correct = 0;
  for (let i = 0; i < rows.length; i++) {
    const key = `${rows[i].label}>${predicted[i]}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
    if (rows[i].label === predicted[i]) correct++;
  }
  const get = (g: string, p: string): number => confusion.get(`${g}>${p}`) ?? 0;
  const f1s = classes.map((c) => {
    const tp = get(c, c);
    const fp = LABELS.filter((g) => g !== c).reduce((s, g) => s + get(g, c), 0);
    const fn = LABELS.filter((p) => p !== c).reduce((s, p) => s + get(c, p), 0);
    const prec = tp + fp ? tp / (tp + fp) : 0;
    const rec = tp + fn ? tp / (tp + fn) : 0;
    return prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  });
  const macro = f1s.reduce((a, b) => a + b, 0) / f1s.length;
  console.log(`\n${name}  (${rows.length} rows${binary ? ', binary: a neutral prediction counts as an error' : ''})`);
  console.log(`  accuracy ${pct(correct / rows.length)}%   macro-F1 ${macro.toFixed(3)}   ` + classes.map((c, k) => `F1(${c}) ${f1s[k].toFixed(3)}`).join('  '));
  console.log(`  confusion (gold → predicted pos/neu/neg): ` + classes.map((g) => `${g.slice(0, 3)} ${LABELS.map((p) => get(g, p)).join('/')}`).join('   '));
  // Polarity: rows whose gold is positive or negative, predicted by the sign of the decision.
  const polar = rows.map((r, i) => [r.label, predicted[i]] as const).filter(([g]) => g !== 'neutral');
  const strict = polar.filter(([g, p]) => g === p).length / polar.length;
  const neutralRate = polar.filter(([, p]) => p === 'neutral').length / polar.length;
  const decided = polar.filter(([, p]) => p !== 'neutral');
  const amongDecided = decided.filter(([g, p]) => g === p).length / (decided.length || 1);
  console.log(`  polarity (gold pos/neg rows): strict ${pct(strict)}%   predicted neutral ${pct(neutralRate)}%   accuracy among polar predictions ${pct(amongDecided)}%`);
  if (showErrors > 0) {
    let shown = 0;
    for (let i = 0; i < rows.length && shown < showErrors; i++) {
      if (rows[i].label === predicted[i]) continue;
      shown++;
      console.log(`    [${rows[i].label} → ${predicted[i]}] ${rows[i].text.slice(0, 220)}`);
    }
  }
}

function langidReport(engine: AnalysisEngine, rows: readonly Row[]): void {
  const results = engine.analyze(rows.map((r) => ({ text: r.text })));
  const per = new Map<string, { n: number; ok: number; und: number; wrong: Map<string, number> }>();
  results.forEach((res, i) => {
    const gold = rows[i].lang;
    const s = per.get(gold) ?? { n: 0, ok: 0, und: 0, wrong: new Map<string, number>() };
    s.n++;
    if (res.language.code === gold) s.ok++;
    else {
      if (res.language.code === 'und') s.und++;
      s.wrong.set(res.language.code, (s.wrong.get(res.language.code) ?? 0) + 1);
    }
    per.set(gold, s);
  });
  console.log(`\nlangid_dev.jsonl  (${rows.length} rows; 'und' counts as an error)`);
  for (const [lang, s] of [...per].sort((a, b) => b[1].n - a[1].n)) {
    const top = [...s.wrong].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([l, c]) => `${l}:${c}`).join(' ');
    console.log(`  ${lang}  accuracy ${pct(s.ok / s.n)}%  (n=${s.n}, und ${s.und})  ${top ? `confused with ${top}` : ''}`);
  }
}

async function main(): Promise<void> {
  const errorsArg = process.argv.find((a) => a.startsWith('--errors='));
  const showErrors = errorsArg ? Number(errorsArg.split('=')[1]) || 0 : 0;
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
  for (const [file, binary] of files) {
    const rows = readJsonl(path.join(dir, file));
    // With the gold language as hint: measures the sentiment analyzer alone.
    const hinted: TextInput[] = rows.map((r) => ({ text: r.text, language: r.lang }));
    const started = performance.now();
    const predicted = engine.analyze(hinted).map((r) => r.sentiment.label);
    const ms = performance.now() - started;
    sentimentReport(`${file} [language hint]`, rows, predicted, binary, showErrors);
    // End to end: language detected, wrong detections fall back to the neutral fallback.
    const auto = engine.analyze(rows.map((r) => ({ text: r.text }))).map((r) => r.sentiment.label);
    const autoAcc = auto.filter((p, i) => p === rows[i].label).length / rows.length;
    console.log(`  end-to-end with detection: accuracy ${pct(autoAcc)}%   (${Math.round(rows.length / (ms / 1000))} texts/s hinted)`);
  }
  langidReport(engine, readJsonl(path.join(dir, 'langid_dev.jsonl')));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
