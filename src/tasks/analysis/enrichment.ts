import type { AnalyzerVersion, SentimentLabel, TextAnalysis } from './analysis.types';
import { analyzeEmotions, EMOTION_NAME, EMOTION_VERSION, type EmotionResult } from './emotion/emotion.analyzer';
import { extractKeyPhrases, KEYPHRASES_NAME, KEYPHRASES_VERSION, type KeyPhrase } from './keyphrases/keyphrase.extractor';
import { PII_NAME, PII_VERSION, redactPii, type PiiEntity } from './pii/pii.detector';
import { QUALITY_NAME, QUALITY_VERSION, qualityFlags, type QualityFlag } from './quality/quality.checker';
import { prepareText } from './text-normalize';
import { ISP_DEFAULT_TAXONOMY } from './themes/isp-default.taxonomy';
import { compileTaxonomy, matchThemes, THEMES_NAME, THEMES_VERSION, type CompiledTaxonomy } from './themes/theme.matcher';
import type { Evidence } from './themes/theme.types';

import { ANALYSES, type Analysis } from './analyses';

export { ANALYSES, type Analysis } from './analyses';

/** A theme found in a text, with the sentiment of the sentence it sits in ("what people complain about"). */
export interface ThemeMatch {
  themeId: string;
  label: string;
  evidence: Evidence[];
  sentiment: SentimentLabel;
}

/** The optional parts of a text's analysis; present only when asked for. */
export interface Enrichment {
  themes?: ThemeMatch[];
  keyPhrases?: Pick<KeyPhrase, 'phrase' | 'key' | 'score'>[];
  emotion?: Pick<EmotionResult, 'scores' | 'dominant'>;
  pii?: { entities: PiiEntity[]; redactedText: string };
  quality?: { flags: QualityFlag[] };
}

export interface EnrichOptions {
  analyses: ReadonlySet<Analysis>;
  /** Compiled once per task; default: the built-in ISP taxonomy. */
  taxonomy?: CompiledTaxonomy;
  /** Recorded in the result so a stored result names the taxonomy version it used. */
  taxonomyRef?: { id: string; version: number };
}

const DEFAULT_TAXONOMY = compileTaxonomy(ISP_DEFAULT_TAXONOMY);
const MAX_KEY_PHRASES = 5;

export const ENRICHMENT_VERSIONS: Record<Exclude<Analysis, 'language' | 'sentiment'>, AnalyzerVersion> = {
  themes: { name: THEMES_NAME, version: THEMES_VERSION },
  keyphrases: { name: KEYPHRASES_NAME, version: KEYPHRASES_VERSION },
  emotion: { name: EMOTION_NAME, version: EMOTION_VERSION },
  pii: { name: PII_NAME, version: PII_VERSION },
  quality: { name: QUALITY_NAME, version: QUALITY_VERSION },
};

/** The theme matcher's version, plus the taxonomy it ran with when that is not the built-in one. */
export function themesVersion(taxonomyRef?: { id: string; version: number }): AnalyzerVersion {
  return taxonomyRef ? { name: THEMES_NAME, version: `${THEMES_VERSION}+${taxonomyRef.id}@${taxonomyRef.version}` } : ENRICHMENT_VERSIONS.themes;
}

/** Parses a task's `analyses`; unknown names are ignored here (the API validates them). */
export function analysesOf(requested: readonly string[] | undefined): Set<Analysis> {
  const set = new Set<Analysis>(requested?.length ? (requested.filter((a) => (ANALYSES as readonly string[]).includes(a)) as Analysis[]) : ANALYSES);
  set.add('language');
  set.add('sentiment');
  return set;
}

/**
 * Adds themes, key phrases, emotion, PII and quality flags to one analysed text. Pure and
 * synchronous; the text is folded once and shared by every module. Theme hits take the
 * label of the sentence they sit in (or of the whole text when it has one sentence).
 */
export function enrich(text: string, base: TextAnalysis, options: EnrichOptions): TextAnalysis & Enrichment {
  const out: TextAnalysis & Enrichment = { ...base };
  const a = options.analyses;
  if (!a.has('themes') && !a.has('keyphrases') && !a.has('emotion') && !a.has('pii') && !a.has('quality')) return out;
  const prepared = prepareText(text);
  const lang = base.language.code;
  const used: AnalyzerVersion[] = [...base.engine.analyzers];

  if (a.has('themes')) {
    const sentences = base.sentiment.sentences;
    const hits = matchThemes(prepared, options.taxonomy ?? DEFAULT_TAXONOMY, sentences?.map((s) => ({ start: s.start, end: s.end })));
    out.themes = hits.map((h) => ({
      themeId: h.themeId,
      label: h.label,
      evidence: h.evidence,
      sentiment: h.sentenceIndex !== null && sentences?.[h.sentenceIndex] ? sentences[h.sentenceIndex].label : base.sentiment.label,
    }));
    used.push(themesVersion(options.taxonomyRef));
  }
  if (a.has('keyphrases')) {
    out.keyPhrases = extractKeyPhrases(prepared, lang, { max: MAX_KEY_PHRASES }).map((k) => ({ phrase: k.phrase, key: k.key, score: k.score }));
    used.push(ENRICHMENT_VERSIONS.keyphrases);
  }
  if (a.has('emotion')) {
    const e = analyzeEmotions(prepared, lang);
    out.emotion = { scores: e.scores, dominant: e.dominant };
    used.push(ENRICHMENT_VERSIONS.emotion);
  }
  if (a.has('pii')) {
    const p = redactPii(prepared);
    out.pii = { entities: p.entities, redactedText: p.redactedText };
    used.push(ENRICHMENT_VERSIONS.pii);
  }
  if (a.has('quality')) {
    out.quality = { flags: qualityFlags(prepared).flags };
    used.push(ENRICHMENT_VERSIONS.quality);
  }
  out.engine = { ...base.engine, analyzers: used };
  return out;
}
