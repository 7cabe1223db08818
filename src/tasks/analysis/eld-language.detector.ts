import type { LanguageResult } from './analysis.types';
import type { LanguageDetector } from './analyzer-registry';

/** Version of the wrapped `eld` package; a spec pins it to node_modules. */
export const ELD_VERSION = '2.1.0';

/**
 * eld database size. Measured on the langid dev set (3-word prefixes): large
 * is ~1–2 points better than medium but costs ~80 MB more heap per worker and
 * twice the load time; small is no better than medium. Medium is the trade-off.
 */
export const ELD_DATABASE = 'medium';

/** The subset of eld's API we use. */
export interface EldLike {
  detect(text: string): { language: string; getScores(): Record<string, number>; isReliable(): boolean };
}

/** Below this many letters no detector is meaningful ("ok", "10", "👍"). */
const MIN_LETTERS = 3;
/**
 * eld's scores are close together (0.81 vs 0.80 for "No funciona" es/ca);
 * a softmax over the top candidates at this temperature turns the gaps into
 * a confidence: a 0.15 lead gives ≈ 0.95, a near-tie among three ≈ 0.35.
 */
const SOFTMAX_TEMPERATURE = 0.05;
const TOP_CANDIDATES = 5;
/** Best-candidate probability under which we call it a tie and answer 'und'. */
const MIN_CONFIDENCE = 0.25;
const LETTER_RE = /\p{L}/gu;

const UNDETERMINED: LanguageResult = Object.freeze({ code: 'und', confidence: 0 });

function countLetters(text: string, limit: number): number {
  LETTER_RE.lastIndex = 0;
  let n = 0;
  while (n < limit && LETTER_RE.exec(text) !== null) n++;
  return n;
}

/**
 * Language identification with eld (Efficient Language Detector, n-gram
 * based). Kept on its own so a specialised detector (Guarani) can be
 * registered in front of it in the detector chain.
 */
export class EldLanguageDetector implements LanguageDetector {
  readonly name = 'eld';
  readonly version = `${ELD_VERSION}+${ELD_DATABASE}`;

  constructor(private readonly eld: EldLike) {}

  detect(texts: readonly string[]): LanguageResult[] {
    return texts.map((t) => this.detectOne(t));
  }

  private detectOne(text: string): LanguageResult {
    if (countLetters(text, MIN_LETTERS) < MIN_LETTERS) return { ...UNDETERMINED };
    const result = this.eld.detect(text);
    // isReliable() is eld's own check (enough n-grams, score near the language's average).
    if (!result.language || !result.isReliable()) return { ...UNDETERMINED };
    const scores = Object.values(result.getScores());
    const top = scores[0];
    let z = 0;
    for (let k = 0; k < scores.length && k < TOP_CANDIDATES; k++) z += Math.exp((scores[k] - top) / SOFTMAX_TEMPERATURE);
    const confidence = z > 0 ? 1 / z : 0;
    if (confidence < MIN_CONFIDENCE) return { ...UNDETERMINED };
    return { code: result.language, confidence: Math.round(confidence * 10000) / 10000 };
  }
}

/** Jest's CommonJS sandbox cannot run `import()` unless Node runs with --experimental-vm-modules. */
const VM_DYNAMIC_IMPORT_MISSING = /^ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING/;

/**
 * Loads eld once. It is ESM-only (only the "import" condition is exported),
 * so Node must load it with a dynamic import. Under Jest, whose VM rejects
 * `import()`, we fall back to `require`, which Jest's moduleNameMapper and
 * transform serve as CommonJS; in Node that fallback is never reached.
 */
export async function loadEldDetector(): Promise<EldLanguageDetector> {
  let eld: EldLike;
  try {
    // Keep this literal in step with ELD_DATABASE (the specifier must be static for typing).
    eld = (await import('eld/medium')).default as EldLike;
  } catch (err: unknown) {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !VM_DYNAMIC_IMPORT_MISSING.test(code)) throw err;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    eld = (require('eld/medium') as { default: EldLike }).default;
  }
  return new EldLanguageDetector(eld);
}
