/**
 * Throughput of the local pipeline on short comments, on one core: detection +
 * sentiment, then the same with every analysis a task can ask for (themes, key
 * phrases, emotion, PII, quality flags), as a single task or an uncached batch row gets:
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/analyzer.bench.js [count]
 *
 * Comments are generated from templates with a seeded PRNG, so every run
 * measures the same mix (≈ 60 % Spanish, 30 % English, 10 % emoji, other
 * languages and Guarani/Jopara).
 */
import type { TextInput } from '../src/tasks/analysis/analysis.types';
import { analysesOf, enrich } from '../src/tasks/analysis/enrichment';
import { createLocalEngine } from '../src/tasks/analysis/local-engine';
import { prng } from './support';

const BATCH_SIZE = 500;
const WARMUP_TEXTS = 20_000;

const ES_SUBJECTS = ['El internet', 'La conexión', 'El servicio', 'La señal', 'El wifi', 'La atención', 'El técnico', 'La factura', 'El router', 'La app'];
const ES_PREDICATES = [
  'anda muy lento', 'se corta todo el tiempo', 'funciona perfecto', 'no funciona desde ayer', 'es excelente',
  'está bien, nada más', 'es pésimo', 'mejoró bastante', 'no anda', 'llegó rápido', 'es un desastre',
  'me cobraron de más', 'es re lentooo', 'anda bárbaro', 'está caído otra vez',
];
const ES_TAILS = ['', '', '.', '!!', ' y nadie me atiende', ' pero es caro', ', gracias', ' 😡', ' 👍', ' xq pago mucho', ' :(', ', sin señal'];
const EN_SUBJECTS = ['The internet', 'My connection', 'Customer service', 'The signal', 'The wifi', 'The technician', 'My bill', 'The router'];
const EN_PREDICATES = [
  'is really slow', 'keeps dropping', 'works great', 'has not worked since yesterday', 'is excellent', 'is okay I guess',
  'is terrible', 'got much better', 'is down again', 'was fixed quickly',
];
const EN_TAILS = ['', '.', '!!', ' and nobody answers', ' but it is expensive', ', thanks', ' 😡', ' 👍'];
const OTHER = [
  '👍', '😡😡', 'ok', 'Muito bom o serviço', 'Très lent ce soir', '10/10', 'gracias!!', 'jajaja',
  // Guarani / Jopara (Paraguay)
  'La internet ndofuncionái', 'iporã la atención, aguyje', "Ndaipóri señal ko'ágã", 'oñecorta jepi la wifi',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function generateComments(count: number, seed: number): TextInput[] {
  const rand = prng(seed);
  const out: TextInput[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    let text: string;
    if (r < 0.6) text = `${pick(rand, ES_SUBJECTS)} ${pick(rand, ES_PREDICATES)}${pick(rand, ES_TAILS)}`;
    else if (r < 0.9) text = `${pick(rand, EN_SUBJECTS)} ${pick(rand, EN_PREDICATES)}${pick(rand, EN_TAILS)}`;
    else text = pick(rand, OTHER);
    out.push({ text });
  }
  return out;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]) || 100_000;
  const engine = await createLocalEngine();
  const warmup = generateComments(WARMUP_TEXTS, 7);
  for (let i = 0; i < warmup.length; i += BATCH_SIZE) engine.analyze(warmup.slice(i, i + BATCH_SIZE));

  const comments = generateComments(count, 42);
  const avgLength = comments.reduce((s, c) => s + c.text.length, 0) / count;
  const started = process.hrtime.bigint();
  let checksum = 0;
  for (let i = 0; i < comments.length; i += BATCH_SIZE) {
    for (const r of engine.analyze(comments.slice(i, i + BATCH_SIZE))) checksum += r.sentiment.score;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${engine.name} ${engine.version}: ${engine.analyzers.map((a) => `${a.name}@${a.version}`).join(', ')}`);
  console.log(`${count} short comments (avg ${avgLength.toFixed(0)} chars), batches of ${BATCH_SIZE}, one thread`);
  console.log(`${Math.round(count / seconds)} texts/s  (${seconds.toFixed(2)} s, checksum ${checksum.toFixed(2)})`);

  // Everything a task gets by default: the engine, then themes, key phrases, emotion, PII and quality.
  const every = { analyses: analysesOf(undefined) };
  for (let i = 0; i < WARMUP_TEXTS; i += BATCH_SIZE) {
    const batch = warmup.slice(i, i + BATCH_SIZE);
    engine.analyze(batch).forEach((a, k) => enrich(batch[k].text, a, every));
  }
  const fullStart = process.hrtime.bigint();
  let flagged = 0;
  for (let i = 0; i < comments.length; i += BATCH_SIZE) {
    const batch = comments.slice(i, i + BATCH_SIZE);
    engine.analyze(batch).forEach((a, k) => {
      if (enrich(batch[k].text, a, every).pii?.entities.length) flagged++;
    });
  }
  const fullSeconds = Number(process.hrtime.bigint() - fullStart) / 1e9;
  console.log(`${Math.round(count / fullSeconds)} texts/s with every analysis (themes, key phrases, emotion, PII, quality; ${flagged} with PII)`);

  // Per-stage split, to see where time goes when tuning.
  for (const [label, language] of [['spanish analyzer only (hint es)', 'es'], ['english analyzer only (hint en)', 'en']] as const) {
    const hinted = comments.map((c) => ({ text: c.text, language }));
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < hinted.length; i += BATCH_SIZE) engine.analyze(hinted.slice(i, i + BATCH_SIZE));
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`  ${label}: ${Math.round(count / s)} texts/s`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
