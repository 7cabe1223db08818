import type { SentimentResult } from './analysis.types';
import type { SentimentAnalyzer } from './analyzer-registry';
import { TallyBuilder, sentimentFromTally, type Tally } from './sentiment-score.util';
import {
  ES_ABBREVIATIONS,
  ES_ADJECTIVES,
  ES_BOOSTER_PHRASES,
  ES_BOOSTERS,
  ES_CLAUSE_WORDS,
  ES_COMMON_WORDS,
  ES_CONCESSIVE,
  ES_CONCESSIVE_PHRASES,
  ES_CONTRAST,
  ES_CONTRAST_PHRASES,
  ES_EXPECTED,
  ES_EXPECTED_PHRASES,
  ES_FUNCTION_WORDS,
  ES_IRREALIS,
  ES_LUKEWARM,
  ES_MINOR_FLAW_PHRASES,
  ES_LACK_VERBS,
  ES_RESTRICTIVES,
  ES_NEGATOR_PHRASES,
  ES_NEGATORS,
  ES_PHRASES,
  ES_POSTPOSED_BOOSTERS,
  ES_REFLEXIVE_FAILURES,
  ES_VERBS,
  ES_WORDS,
} from './spanish-sentiment.lexicon';
import { foldText, tokenize, type Token } from './text.tokenizer';

/**
 * Bump on any change to rules or lexicon: stored results record it, and a
 * changed score must be traceable to a changed version.
 */
export const SPANISH_SENTIMENT_VERSION = '0.3.0';

// VADER's empirically derived constants (Hutto & Gilbert 2014), reused so the
// Spanish and English scores live on the same scale.
const N_SCALAR = -0.74;
const B_INCR = 0.293;
const C_INCR = 0.733;
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
/** Letter elongation ("lentooo") and "-ísimo" are emphasis, weighted like one booster word. */
const ELONGATION_INCR = B_INCR;
const SUPERLATIVE_INCR = B_INCR;
/** "poco útil" means "not useful": bare "poco" flips positive words (softly) and halves negative ones. */
const POCO_ON_POSITIVE = -0.5;
const POCO_ON_NEGATIVE = 0.5;
const POCO_EXPECTED = 0.7;
/** "solo funciona uno", "sólo enciende la mitad": an expected action that only partly happens. */
const SOLO_EXPECTED = 0.7;
/** "faltaba el cartucho": a lack verb whose object the lexicon does not know. */
const LACK_VALENCE = -1.2;
/** After "sin", these mark a missing thing rather than a manner ("sin el cable" vs "sin problemas"). */
const DEFINITE_ARTICLES = new Set(['el', 'la', 'los', 'las']);
const MANNER_AFTER_ARTICLE = new Set(['menor', 'mas', 'mínimo', 'minimo']);
/** "la cámara bien, pero la pantalla no": a clause-final "no" after a contrast denies the praised predicate. */
const ELLIPTIC_NO_VALENCE = -1.2;
/** Positive words under a counterfactual ("debería", "esperaba") turn weakly negative. */
const IRREALIS_ON_POSITIVE = 0.5;
/** Content words a negator can reach across ("no llegó nunca el técnico" reaches "llegó"). */
const NEGATION_WINDOW = 3;
/** Booster reach: VADER looks three words back, with decay. */
const BOOST_DECAY = [1, 0.95, 0.9];

type Role = 'sentiment' | 'negator' | 'irrealis' | 'booster' | 'poco' | 'solo' | 'contrast' | 'concessive' | 'function' | 'clause';

interface Entry {
  role: Role;
  /** Valence when affirmed (sentiment) or scalar (booster). */
  value: number;
  /** Valence when negated; undefined → value × N_SCALAR. */
  negated?: number;
  adjective?: boolean;
  /** Set for phrases that already contain their own negation. */
  selfNegated?: boolean;
  /** Concessive that acts as a contrast when it does not open the sentence ("aunque"). */
  contrastMidSentence?: boolean;
  /** Marks a middling opinion ("correcto", "ni fu ni fa") on top of its valence. */
  lukewarm?: boolean;
  /** Negator that is a verb of lack ("falta", "carece"): a complaint even when what is missing is not in the lexicon. */
  lack?: boolean;
}

/** Phrase trie node: phrases are matched longest-first in one walk, whatever their number. */
interface PhraseNode {
  entry?: Entry;
  /** The phrase as written (folded), for the matched unit. */
  text?: string;
  next: Map<string, PhraseNode>;
}

// ---------------------------------------------------------------------------
// Lexicon compilation: done once at module load so analyze() only does Map
// look-ups.
// ---------------------------------------------------------------------------

const WORDS = new Map<string, Entry>();
const PHRASES: PhraseNode = { next: new Map() };
const POSTPOSED = new Set(ES_POSTPOSED_BOOSTERS.split(' ').map(foldText));
const NEGATOR_SET = new Set(ES_NEGATORS.split(' ').map(foldText));

function setWord(word: string, entry: Entry, overwrite = true): void {
  const key = foldText(word);
  if (!overwrite && WORDS.has(key)) return;
  WORDS.set(key, entry);
}

function adjectiveForms(adj: string): string[] {
  const w = foldText(adj);
  if (w.endsWith('o')) {
    const stem = w.slice(0, -1);
    return [w, `${stem}a`, `${stem}os`, `${stem}as`];
  }
  if (w.endsWith('e') || w.endsWith('a')) return [w, `${w}s`];
  if (w.endsWith('z')) return [w, `${w.slice(0, -1)}ces`];
  return [w, `${w}es`];
}

const VERB_ENDINGS: Readonly<Record<string, readonly string[]>> = {
  ar: ['ar', 'a', 'an', 'o', 'e', 'en', 'aba', 'aban', 'ado', 'ada', 'ados', 'adas', 'ando', 'aron', 'aste', 'ara', 'aria', 'arian'],
  er: ['er', 'e', 'en', 'o', 'a', 'an', 'ia', 'ian', 'ido', 'ida', 'idos', 'idas', 'iendo', 'io', 'ieron', 'i', 'era', 'eria', 'erian'],
  ir: ['ir', 'e', 'en', 'o', 'a', 'an', 'ia', 'ian', 'ido', 'ida', 'idos', 'idas', 'iendo', 'io', 'ieron', 'i', 'ira', 'iria', 'irian'],
};
const REFLEXIVE_PREFIXES = ['se', 'se me', 'se nos', 'se le', 'se les', 'se te'];
/** Folded past participles, regular and the irregular ones the tables list ("roto", "deshecho"). */
const PARTICIPLE_RE = /(?:ad|id)[oa]s?$|(?:t|ch)[oa]s?$/;

/**
 * Regular conjugation of a verb spec `infinitive[:irregular,forms]` into the
 * folded forms comments use (3rd/1st person present and past, imperfect,
 * subjunctive, participles, gerund, conditional). Stem-changing forms
 * ("sirve") must be listed; the regular guesses for them ("serve") are
 * harmless non-words.
 */
function verbForms(spec: string): string[] {
  const [infinitive, irregular] = spec.split(':');
  const inf = foldText(infinitive);
  const stem = inf.slice(0, -2);
  const endings = VERB_ENDINGS[inf.slice(-2)] ?? [];
  const forms = endings.map((e) => stem + e);
  if (irregular) forms.push(...irregular.split(',').map(foldText));
  return forms;
}

function addPhrase(text: string, entry: Entry): void {
  const folded = foldText(text);
  let node = PHRASES;
  for (const w of folded.split(' ')) {
    let child = node.next.get(w);
    if (!child) {
      child = { next: new Map() };
      node.next.set(w, child);
    }
    node = child;
  }
  // First registration wins, so the explicit phrase tables beat generated ones.
  if (!node.entry) {
    node.entry = entry;
    node.text = folded;
  }
}

for (const w of ES_FUNCTION_WORDS.split(' ')) setWord(w, { role: 'function', value: 0 });
for (const w of ES_CLAUSE_WORDS.split(' ')) setWord(w, { role: 'clause', value: 0 });
for (const [value, words] of ES_ADJECTIVES) {
  for (const adj of words.split(' ')) {
    for (const form of adjectiveForms(adj)) setWord(form, { role: 'sentiment', value, adjective: true });
  }
}
for (const [value, words] of ES_WORDS) {
  // Nouns/verbs never replace an adjective form of the same spelling ("encantado").
  for (const w of words.split(' ')) setWord(w, { role: 'sentiment', value }, false);
}
for (const [value, negated, words] of ES_EXPECTED) {
  for (const w of words.split(' ')) setWord(w, { role: 'sentiment', value, negated });
}
for (const [value, negated, verbs] of ES_VERBS) {
  for (const spec of verbs.split(' ')) {
    // Never replaces an adjective or noun of the same spelling ("molesto", "daño").
    for (const form of verbForms(spec)) setWord(form, { role: 'sentiment', value, negated: negated ?? undefined }, false);
  }
}
for (const [value, words] of ES_BOOSTERS) {
  for (const w of words.split(' ')) setWord(w, { role: 'booster', value });
}
for (const w of ['poco', 'poca', 'pocos', 'pocas']) setWord(w, { role: 'poco', value: 0 });
for (const w of ES_NEGATORS.split(' ')) setWord(w, { role: 'negator', value: 0 });
for (const w of ES_LACK_VERBS.split(' ')) setWord(w, { role: 'negator', value: 0, lack: true });
for (const w of ES_RESTRICTIVES.split(' ')) setWord(w, { role: 'solo', value: 0 });
for (const w of ES_CONTRAST.split(' ')) setWord(w, { role: 'contrast', value: 0 });
for (const w of ES_CONCESSIVE.split(' ')) setWord(w, { role: 'concessive', value: 0, contrastMidSentence: true });
for (const w of ES_IRREALIS.split(' ')) setWord(w, { role: 'irrealis', value: 0 });

for (const [value, phrases] of ES_PHRASES) {
  for (const p of phrases.split('|')) {
    const selfNegated = NEGATOR_SET.has(foldText(p.split(' ')[0]));
    addPhrase(p, { role: 'sentiment', value, selfNegated });
  }
}
for (const [value, negated, phrases] of ES_EXPECTED_PHRASES) {
  for (const p of phrases.split('|')) addPhrase(p, { role: 'sentiment', value, negated });
}
for (const spec of ES_REFLEXIVE_FAILURES[1].split(' ')) {
  for (const form of verbForms(spec)) {
    for (const clitic of REFLEXIVE_PREFIXES) {
      addPhrase(`${clitic} ${form}`, { role: 'sentiment', value: ES_REFLEXIVE_FAILURES[0] });
      // Perfect tenses: "se ha desprendido", "se me han roto".
      if (PARTICIPLE_RE.test(form)) for (const aux of ['ha', 'han', 'habia', 'habian']) addPhrase(`${clitic} ${aux} ${form}`, { role: 'sentiment', value: ES_REFLEXIVE_FAILURES[0] });
    }
  }
}
for (const p of ES_NEGATOR_PHRASES.split('|')) addPhrase(p, { role: 'negator', value: 0 });
for (const [value, phrases] of ES_BOOSTER_PHRASES) {
  for (const p of phrases.split('|')) addPhrase(p, { role: 'booster', value });
}
for (const p of ES_CONTRAST_PHRASES.split('|')) addPhrase(p, { role: 'contrast', value: 0 });
for (const p of ES_CONCESSIVE_PHRASES.split('|')) addPhrase(p, { role: 'concessive', value: 0 });
for (const p of ES_MINOR_FLAW_PHRASES.split('|')) addPhrase(p, { role: 'concessive', value: 0 });

// Lukewarm marks go on the already compiled entries (words and phrases alike).
for (const item of ES_LUKEWARM.split('|')) {
  const folded = foldText(item);
  const words = folded.split(' ');
  if (words.length === 1) {
    const entry = WORDS.get(folded);
    if (entry) entry.lukewarm = true;
    continue;
  }
  let node: PhraseNode | undefined = PHRASES;
  for (const w of words) node = node?.next.get(w);
  if (node?.entry) node.entry.lukewarm = true;
}

const ABBREVIATIONS = new Map<string, string[]>(
  Object.entries(ES_ABBREVIATIONS).map(([k, v]) => [k, v.split(' ')]),
);
const LAUGH_RE = /^(?:[jh][aeiou]|js|aj){2,}[jh]?$/;
const SUPERLATIVE_RE = /^(.{2,}?)isim([oa]s?)$/;
const MENTE_SUFFIX = 'mente';
/** Diminutives read as their base word: "flojito" → "flojo", "cortita" → "corta", "pequeñito" → "pequeño". */
const DIMINUTIVE_RE = /^(.{3,}?)(?:it|ic|ill)([oa]s?)$/;
const CLITIC_RE = /^(.{2,}[aei]r)(?:lo|la|los|las|le|les|me|te|se|nos)$/;
const SENTENCE_END = new Set(['.', '!', '?', '\n', '…']);

/**
 * Every folded word the Spanish lexicon knows (words, phrase words,
 * abbreviations), for lexicon-based language identification of short texts.
 */
export function spanishVocabulary(): ReadonlySet<string> {
  const vocabulary = new Set<string>(WORDS.keys());
  const walk = (node: PhraseNode): void => {
    for (const [word, child] of node.next) {
      vocabulary.add(word);
      walk(child);
    }
  };
  walk(PHRASES);
  for (const abbreviation of ABBREVIATIONS.keys()) vocabulary.add(abbreviation);
  for (const word of ES_COMMON_WORDS.split(' ')) vocabulary.add(foldText(word));
  return vocabulary;
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

/** A word or phrase after look-up, with the emphasis carried by its surface form. */
interface Unit {
  entry: Entry | undefined;
  /** UTF-16 offsets in the text, for sentence spans. */
  start: number;
  end: number;
  norm: string;
  caps: boolean;
  elongated: boolean;
  superlative: boolean;
  /** Punctuation mark, for clause/sentence boundaries. */
  punct?: string;
  /** Emoji/emoticon valence (never negated or boosted: it is the writer's own tone). */
  emoji?: number;
}

/** Token words after expanding chat abbreviations ("xq" → "porque"). */
function expandTokens(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.kind !== 'word') {
      out.push(t);
      continue;
    }
    const expansion = ABBREVIATIONS.get(t.norm);
    if (expansion) {
      for (const w of expansion) out.push({ ...t, norm: w, alt: undefined });
    } else if (t.norm.length >= 4 && LAUGH_RE.test(t.norm)) {
      out.push({ ...t, norm: 'jaja', alt: undefined });
    } else {
      out.push(t);
    }
  }
  return out;
}

/** Single-word look-up with the fallbacks Spanish morphology needs. */
function lookupWord(t: Token): { entry: Entry | undefined; superlative: boolean } {
  const direct = WORDS.get(t.norm) ?? (t.alt !== undefined ? WORDS.get(t.alt) : undefined);
  if (direct) return { entry: direct, superlative: false };
  const w = t.norm;
  // "carísimo" → "caro", "facilísimo" → "fácil"
  const sup = SUPERLATIVE_RE.exec(w);
  if (sup) {
    const stem = sup[1];
    const ending = sup[2];
    const found = WORDS.get(stem + ending) ?? WORDS.get(stem) ?? WORDS.get(`${stem}e`);
    if (found && found.role === 'sentiment') return { entry: found, superlative: true };
  }
  // "perfectamente" → "perfecta", "lamentablemente" → "lamentable"
  if (w.length > MENTE_SUFFIX.length + 3 && w.endsWith(MENTE_SUFFIX)) {
    const found = WORDS.get(w.slice(0, -MENTE_SUFFIX.length));
    if (found && found.role === 'sentiment') return { entry: found, superlative: false };
  }
  const dim = DIMINUTIVE_RE.exec(w);
  if (dim) {
    const found = WORDS.get(dim[1] + dim[2]) ?? WORDS.get(dim[1] + dim[2].replace('a', 'o'));
    if (found && found.role === 'sentiment') return { entry: found, superlative: false };
  }
  // "devolverlo", "comprarla": infinitive with an enclitic pronoun
  const clitic = CLITIC_RE.exec(w);
  if (clitic) {
    const found = WORDS.get(clitic[1]);
    if (found && found.role === 'sentiment') return { entry: found, superlative: false };
  }
  return { entry: undefined, superlative: false };
}

function toUnits(tokens: readonly Token[]): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      units.push({ entry: undefined, start: t.start, end: t.end, norm: t.norm, caps: false, elongated: false, superlative: false, punct: t.norm });
      continue;
    }
    if (t.kind === 'emoji') {
      if (t.valence !== 0) {
        units.push({ entry: undefined, start: t.start, end: t.end, norm: t.norm, caps: false, elongated: false, superlative: false, emoji: t.valence });
      }
      continue;
    }
    let matched: PhraseNode | undefined;
    let matchedLength = 0;
    let node = PHRASES.next.get(t.norm) ?? (t.alt !== undefined ? PHRASES.next.get(t.alt) : undefined);
    if (node?.entry) {
      matched = node;
      matchedLength = 1;
    }
    for (let k = 1; node && i + k < tokens.length; k++) {
      const tk = tokens[i + k];
      if (tk.kind !== 'word') break;
      node = node.next.get(tk.norm) ?? (tk.alt !== undefined ? node.next.get(tk.alt) : undefined);
      if (node?.entry) {
        matched = node;
        matchedLength = k + 1;
      }
    }
    if (matched?.entry) {
      let caps = false;
      let elongated = false;
      for (let k = 0; k < matchedLength; k++) {
        caps ||= tokens[i + k].caps;
        elongated ||= tokens[i + k].elongated;
      }
      const last = tokens[i + matchedLength - 1];
      units.push({ entry: matched.entry, start: t.start, end: last.end, norm: matched.text ?? '', caps, elongated, superlative: false });
      i += matchedLength - 1;
      continue;
    }
    const { entry, superlative } = lookupWord(t);
    units.push({ entry, start: t.start, end: t.end, norm: t.norm, caps: t.caps, elongated: t.elongated, superlative });
  }
  return units;
}

const EASE_WORDS = new Set(['facil', 'facilmente', 'facilidad']);

/** "fácil de perder": an ease word whose next content word (after "de"/"con") is negative. */
function isEaseOfHarm(u: Unit, units: readonly Unit[], i: number): boolean {
  if (!EASE_WORDS.has(u.norm)) return false;
  let j = i + 1;
  if (units[j]?.norm === 'de' || units[j]?.norm === 'con') j++;
  const target = units[j]?.entry;
  return target !== undefined && target.role === 'sentiment' && target.value < 0;
}

function scoreUnits(units: readonly Unit[], capDifferential: boolean): Tally {
  const tally = new TallyBuilder();
  let contrastAt = -1;
  let concessiveAt = -1;
  let concessiveEnd = -1;
  let concessiveLeading = false;
  let negationLeft = 0;
  let irrealisLeft = 0;
  let boost = 0;
  let boostAge = 0;
  let poco = false;
  /** Index of a "poco" already applied backwards ("dura poco"), so it does not also act forwards. */
  let pocoTakenAt = -1;
  let solo = false;
  /** A lack verb ("faltaba") whose negation no sentiment word has used yet. */
  let lackPending = false;

  const flushLack = (): void => {
    if (lackPending) tally.push(LACK_VALENCE);
    lackPending = false;
  };

  const closeSentence = (): void => {
    flushLack();
    const sentenceStart = tally.sentenceStart;
    const end = tally.length;
    if (contrastAt >= 0) {
      for (let k = sentenceStart; k < end; k++) tally.reweight(k, k < contrastAt ? CONTRAST_BEFORE : CONTRAST_AFTER);
    }
    if (concessiveAt >= 0) {
      const stop = concessiveEnd >= 0 ? concessiveEnd : end;
      for (let k = sentenceStart; k < end; k++) {
        const conceded = k >= concessiveAt && k < stop;
        tally.reweight(k, conceded ? CONTRAST_BEFORE : concessiveLeading || k < concessiveAt ? CONTRAST_AFTER : 1);
      }
    }
    tally.endSentence();
    contrastAt = -1;
    concessiveAt = -1;
    concessiveEnd = -1;
    concessiveLeading = false;
  };
  const closeClause = (): void => {
    flushLack();
    negationLeft = 0;
    irrealisLeft = 0;
    boost = 0;
    poco = false;
    solo = false;
  };

  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u.punct !== undefined) {
      tally.punct(u.punct, u.end);
      closeClause();
      if (concessiveAt >= 0 && concessiveEnd < 0 && tally.length > concessiveAt) concessiveEnd = tally.length;
      if (SENTENCE_END.has(u.punct)) closeSentence();
      continue;
    }
    const opensSentence = tally.atSentenceStart;
    tally.content(u.start, u.end, u.emoji === undefined);
    if (u.emoji !== undefined) {
      tally.push(u.emoji);
      continue;
    }
    const e = u.entry;
    if (!e) {
      // Unknown content word: uses up the negation window and ages boosters.
      if (negationLeft > 0 && --negationLeft === 0) flushLack();
      if (irrealisLeft > 0) irrealisLeft--;
      if (boost !== 0 && ++boostAge >= BOOST_DECAY.length) boost = 0;
      continue;
    }
    switch (e.role) {
      case 'function':
        continue;
      case 'clause':
        closeClause();
        continue;
      case 'negator': {
        const next = units[i + 1];
        if (u.norm === 'no' && contrastAt >= 0 && (next === undefined || next.punct !== undefined)) {
          // "… pero la pantalla no": the "no" stands for the negated predicate.
          tally.push(ELLIPTIC_NO_VALENCE);
          continue;
        }
        // "vino sin el cargador", "llegaron sin los agujeros": "sin" + a definite article names a
        // missing thing, a complaint whatever the thing's own valence; only "sin el menor/más
        // mínimo …" keeps the manner reading of "sin problemas".
        if (u.norm === 'sin' && next?.norm !== undefined && DEFINITE_ARTICLES.has(next.norm) && !MANNER_AFTER_ARTICLE.has(units[i + 2]?.norm ?? '')) {
          lackPending = true;
          continue;
        }
        negationLeft = NEGATION_WINDOW;
        if (e.lack) lackPending = true;
        continue;
      }
      case 'irrealis':
        if (negationLeft > 0) {
          // "no me esperaba tan pequeño": the negation belongs to the expectation, not to what follows.
          negationLeft = 0;
          lackPending = false;
          continue;
        }
        irrealisLeft = NEGATION_WINDOW;
        continue;
      case 'solo':
        solo = true;
        continue;
      case 'poco':
        if (i !== pocoTakenAt) poco = true;
        continue;
      case 'booster':
        boost += e.value * (u.caps && capDifferential ? 1 + C_INCR / B_INCR : 1);
        boostAge = 0;
        continue;
      case 'contrast':
        closeClause();
        if (opensSentence) tally.markLeadingContrast();
        if (contrastAt < 0) contrastAt = tally.length;
        continue;
      case 'concessive':
        closeClause();
        // Mid-sentence "aunque" reads like "pero" in comments ("anda bien aunque se corta"):
        // the part after it is the complaint being raised.
        if (e.contrastMidSentence && tally.length !== tally.sentenceStart) {
          if (contrastAt < 0) contrastAt = tally.length;
          continue;
        }
        if (concessiveAt < 0 && contrastAt < 0) {
          concessiveAt = tally.length;
          concessiveLeading = tally.length === tally.sentenceStart;
        }
        continue;
      case 'sentiment':
        break;
    }

    // "bien" before an evaluative adjective is an intensifier ("bien lento" = "muy lento").
    if (u.norm === 'bien' && i + 1 < units.length && units[i + 1].entry?.adjective) {
      boost += B_INCR;
      boostAge = 0;
      continue;
    }

    // "fácil de romper", "fácil de perder": ease of a bad thing is a complaint.
    if (isEaseOfHarm(u, units, i)) {
      boost += B_INCR;
      boostAge = 0;
      continue;
    }

    let v = e.value;
    const negated = negationLeft > 0 && !e.selfNegated;
    if (e.lukewarm && !negated) tally.lukewarm();
    if (negated) lackPending = false;
    // Expected words ("señal", "calidad") are neutral alone but still read negation, "poco" and "solo".
    if (v !== 0 || e.negated !== undefined) {
      const sign = v >= 0 ? 1 : -1;
      const next = units[i + 1];
      if (v !== 0) {
        if (u.caps && capDifferential) v += sign * C_INCR;
        if (u.elongated) v += sign * ELONGATION_INCR;
        if (u.superlative) v += sign * SUPERLATIVE_INCR;
        if (boost !== 0) v += sign * boost * BOOST_DECAY[Math.min(boostAge, BOOST_DECAY.length - 1)];
        if (next?.entry?.role === 'booster' && POSTPOSED.has(next.norm)) v += sign * next.entry.value;
      }
      if (negated) {
        // Expected words have their own, stronger negated valence; emphasis carries over.
        v = e.negated !== undefined ? e.negated - (Math.abs(v) - Math.abs(e.value)) : v * N_SCALAR;
      } else if (irrealisLeft > 0 && v > 0) {
        // "debería funcionar", "podría ser mejor", "esperaba más calidad": praise that did not happen.
        v = e.negated !== undefined ? e.negated * IRREALIS_ON_POSITIVE : v * -IRREALIS_ON_POSITIVE;
      } else if (solo && v >= 0 && e.negated !== undefined) {
        v = e.negated * SOLO_EXPECTED;
      } else if (poco || next?.entry?.role === 'poco') {
        // "poco útil" / "dura poco": for expected words a short "poco" is most of a "no".
        if (!poco) pocoTakenAt = i + 1;
        if (v >= 0 && e.negated !== undefined) v = e.negated * POCO_EXPECTED;
        else v *= v > 0 ? POCO_ON_POSITIVE : POCO_ON_NEGATIVE;
      }
    }
    // Spanish negative concord: one negation is consumed by the first word it reaches.
    negationLeft = 0;
    irrealisLeft = 0;
    boost = 0;
    poco = false;
    solo = false;
    tally.push(v);
  }
  closeSentence();
  return tally.finish();
}

/**
 * Lexicon- and rule-based Spanish sentiment in the spirit of VADER: negation
 * scope with negative concord, intensifiers/diminishers (before and after the
 * word), contrast/concession weighting (minor-flaw markers like "lo único"
 * concede), exclamation marks, capitals, letter elongation, emoji/emoticons,
 * accent-insensitive look-up, diminutives and chat abbreviations. Expected
 * actions and nouns ("funciona", "señal", "calidad") turn into complaints
 * when negated, lacking ("falta", "sin"), scarce ("poca") or restricted
 * ("solo funciona un lado"). Tuned for customer comments to an ISP and for
 * product reviews; results carry `mixed` and per-sentence labels.
 */
export class SpanishSentimentAnalyzer implements SentimentAnalyzer {
  readonly name = 'sentir-es-lexicon';
  readonly version = SPANISH_SENTIMENT_VERSION;
  readonly languages = ['es'] as const;

  analyze(texts: readonly string[]): SentimentResult[] {
    return texts.map((t) => this.analyzeOne(t));
  }

  /** Raw scores of one text, exposed for evaluation and tests. */
  tally(text: string): Tally {
    return this.tallyTokens(tokenize(text));
  }

  /** Scores already tokenized text; the Jopara analyzer rewrites Guarani tokens into Spanish ones first. */
  tallyTokens(tokenized: readonly Token[]): Tally {
    const tokens = expandTokens(tokenized);
    let words = 0;
    let capsWords = 0;
    for (const t of tokens) {
      if (t.kind !== 'word') continue;
      words++;
      if (t.caps) capsWords++;
    }
    // VADER: capitals only emphasise when the rest of the text is not shouted too.
    const capDifferential = capsWords > 0 && capsWords < words;
    return scoreUnits(toUnits(tokens), capDifferential);
  }

  private analyzeOne(text: string): SentimentResult {
    return sentimentFromTally(text, this.tally(text));
  }
}
