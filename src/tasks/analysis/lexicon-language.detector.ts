import type { LanguageResult } from './analysis.types';
import type { LanguageDetector } from './analyzer-registry';
import { tokenize } from './text.tokenizer';

export const LEXICON_LANGID_VERSION = '0.1.0';

/**
 * Common English words (closed-class words plus everyday evaluative words),
 * written by hand for Sentir. Only needs to separate English from Spanish on
 * two- or three-word comments that n-gram detection cannot place.
 */
export const ENGLISH_COMMON_WORDS = (
  'the a an and or but not no nor is are was were be been am do does did done has have had it its this that these those ' +
  'i me my you your he she we our they their them to of in on at for with from by as so very too really just still ' +
  'again never always nobody nothing all any some more most less what why how when where who can cant cannot will wont ' +
  'would should could dont doesnt didnt isnt wasnt good great bad worst best better nice awesome excellent terrible ' +
  'awful horrible slow fast fine thanks thank please love hate works working work broken down up service internet ' +
  'connection signal wifi bill support help ok okay yes sucks poor amazing perfect useless stable unstable keeps dropping ' +
  'again today since days hours answer answers'
).split(' ');

/** Below this many letters, as in the eld detector, no detector is meaningful. */
const MIN_LETTERS = 3;
/** The answer must be better than a coin toss to count as confident. */
const MIN_CONFIDENCE = 0.5;
const LETTER_RE = /\p{L}/gu;

/**
 * Identifies the language of short comments by the share of their words
 * found in each language's vocabulary. Registered after eld in the detector
 * chain, it only decides texts eld is unsure about ("No anda", "gracias",
 * "Excelente" — eld calls the last one Portuguese with low confidence).
 *
 * confidence = coverage(best) − coverage(second) / 2, so words both
 * languages share ("no", "ok") do not decide alone.
 */
export class LexiconLanguageDetector implements LanguageDetector {
  readonly name = 'sentir-lexicon-langid';
  readonly version = LEXICON_LANGID_VERSION;

  constructor(private readonly vocabularies: ReadonlyMap<string, ReadonlySet<string>>) {}

  detect(texts: readonly string[]): LanguageResult[] {
    return texts.map((t) => this.detectOne(t));
  }

  private detectOne(text: string): LanguageResult {
    const letters = text.match(LETTER_RE);
    if (!letters || letters.length < MIN_LETTERS) return { code: 'und', confidence: 0 };
    const words = tokenize(text).filter((t) => t.kind === 'word');
    if (words.length === 0) return { code: 'und', confidence: 0 };
    let best = '';
    let bestCoverage = 0;
    let secondCoverage = 0;
    for (const [lang, vocabulary] of this.vocabularies) {
      let known = 0;
      for (const w of words) if (vocabulary.has(w.norm) || (w.alt !== undefined && vocabulary.has(w.alt))) known++;
      const coverage = known / words.length;
      if (coverage > bestCoverage) {
        secondCoverage = bestCoverage;
        bestCoverage = coverage;
        best = lang;
      } else if (coverage > secondCoverage) {
        secondCoverage = coverage;
      }
    }
    const confidence = bestCoverage - secondCoverage / 2;
    if (!best || confidence <= MIN_CONFIDENCE) return { code: 'und', confidence: 0 };
    return { code: best, confidence: Math.round(confidence * 10000) / 10000 };
  }
}
