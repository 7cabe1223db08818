/**
 * Guarani (avañe'ẽ, `gn`) word lists for {@link GuaraniLanguageDetector} and
 * the Jopara sentiment analyzer.
 *
 * ORIGINAL WORK written by hand for Sentir from the standard Paraguayan
 * Guarani grammar (closed-class words, pronouns, postpositions, everyday
 * nouns and evaluative words). Not copied from a corpus or dictionary file
 * and not learned from any evaluation file. Entries are lower-case with the
 * official orthography (nasal tilde, puso written as an apostrophe); the
 * detector also folds the usual substitutes (’ ʼ ´ for the puso, ê î û ŷ
 * circumflexes and ë ÿ for the nasal tilde).
 */

/**
 * Words found only in Guarani (or so rare elsewhere they decide alone):
 * pronouns, postpositions, conjunctions, particles, numerals, time words
 * and very common nouns and verbs.
 */
export const GN_WORDS =
  // pronouns and possessives
  "ha'e ha'ekuéra ñande ñane pende pene ore ndéve chéve chupe chupekuéra ichupe hese hendive chendive nendive ndejupe chejupe " +
  // postpositions and connectives
  "ndive rehe rehegua chugui guive peve rupi rupive pegua guarã guare ári apytépe jave mboyve haguã hag̃ua hagua hápe upéva upéi upéicha péicha upévare ko'ã ko'ãva kóva péva umi upe umíva térã avei " +
  // particles and adverbs
  "ndaje hína niko ningo piko katu voi jepe jepénte gueteri ramo ramoite ko'ág̃a ko'ágã ko'ápe ápe mamo mba'e mba'éicha mba'éichapa mba'ére máva moõ araka'e " +
  "ndaipóri ndaipori ndaha'éi oĩ oime ikatu ndikatúi heta mbovy tuicha michĩ porã iporã ivai añete nahániri heẽ aníke aguyje jajotopata " +
  // numerals and time
  "peteĩ petei mokõi mbohapy irundy ára ary jasy ko'ẽ kuehe ko'ẽrõ pyhareve ka'aru pyhare " +
  // everyday nouns and verbs
  "tetã táva óga róga hóga mitã kuña kuimba'e tapicha tembiapo mba'apo ñe'ẽ ñe'ẽme he'i he'íva oiko aiko reiko jaiko oikuaa ohecha ojapo oguahẽ oho aha jagua mbarakaja yvy yvága ka'a " +
  "tembiasa tembikuaa arandu mburuvicha tendota tavaygua hikuái gotyo pyahu reve ta'anga jepi";

/**
 * Short Guarani words that are also Spanish, Portuguese or Italian words or
 * names ("ha" is Spanish "has", "che" Rioplatense, "voi" Italian): evidence,
 * but weak.
 */
export const GN_AMBIGUOUS_WORDS = 'ha che nde ne ko pe ma pa re je ra vai po rire gui ani ere';

/** Guarani suffixes: `[evidence, 'suffix …']`, matched at the end of a word. */
export const GN_SUFFIXES: ReadonlyArray<readonly [number, string]> = [
  [0.8, 'hápe háme kuri'],
  [0.4, 'ite pegua ygua'],
  [0.2, 'pe ma pa'],
];

/** Morphemes that mark a word anywhere inside it ("itujaietereima", "mitãnguérape"). */
export const GN_INFIXES: ReadonlyArray<readonly [number, string]> = [[1, 'kuéra kuera nguéra nguera eterei iterei eteréi']];

/**
 * Guarani verb and noun prefixes: `[evidence, 'prefix …']` at the start of a
 * word that has at least three more letters ("oñemoneĩ", "ojejapo", "ombojoapy").
 */
export const GN_PREFIXES: ReadonlyArray<readonly [number, string]> = [
  [0.8, 'oñe oje ombo omo ñemo jeho ojo ndo nda ndi nde ndere ndaje mbo mba mby ñe ña ño ñu iñ'],
  [0.5, 'oi ogu oha ohe oho ohu opy oky ore ajo aje ehe embo jei'],
  [0.3, 'ai'],
];

/**
 * Common Spanish function words: in a Guarani text they mark Jopara
 * (Guarani–Spanish mix) when frequent enough.
 */
export const ES_FUNCTION_WORDS =
  'de la el que en los del se las por un para con una su al es lo como más mas pero sus le ya este sí si porque esta entre cuando muy sin sobre también hasta hay donde quien desde todo nos ' +
  'durante todos uno les ni contra otros ese eso ante ellos esto antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo ' +
  'nosotros mi mis tú te ti tu tus ellas nosotras vosotros os mío mía suyo suya nuestro nuestra está están era fue son ser tiene tengo no';

/**
 * Guarani evaluative and structural words, read by the Jopara sentiment
 * analyzer as the Spanish words given (its lexicon then scores them): keys
 * are folded (no accents, nasal tilde dropped, puso kept: "porã" → "pora",
 * "vy'a"). "ha" is the conjunction "and", so it closes a clause like "y".
 */
export const GN_TO_SPANISH: Readonly<Record<string, string>> = {
  pora: 'bueno',
  ipora: 'bueno',
  porave: 'mejor',
  iporave: 'mejor',
  vai: 'malo',
  ivai: 'malo',
  ivaive: 'peor',
  ndaiporai: 'no bueno',
  aguyje: 'gracias',
  aguyjevete: 'muchas gracias',
  ndoikoi: 'no anda',
  ndaipori: 'no hay',
  nahaniri: 'no',
  "mba'eve": 'nada',
  hasy: 'difícil',
  ihasy: 'difícil',
  "vy'a": 'alegría',
  "avy'a": 'feliz',
  "rovy'a": 'feliz',
  "ovy'a": 'feliz',
  ahayhu: 'amo',
  rohayhu: 'amo',
  nembyasy: 'tristeza',
  ambyasy: 'lástima',
  pochy: 'enojado',
  ipochy: 'enojado',
  apochy: 'enojado',
  "kane'o": 'cansado',
  "akane'o": 'cansado',
  "pya'e": 'rápido',
  "ipya'e": 'rápido',
  mbegue: 'lento',
  imbegue: 'lento',
  mbeguekatu: 'lento',
  hepy: 'caro',
  ihepy: 'caro',
  oguahe: 'llegó',
  ndoguahei: 'no llegó',
  ndaikatui: 'no puedo',
  ha: 'y',
  katu: 'pero',
  jepe: 'aunque',
  avei: 'también',
  heta: 'mucho',
};

/** Guarani intensifying suffixes ("iporãiterei" = "very good"), read as a preceding "muy". */
export const GN_INTENSIFIER_SUFFIXES = 'eterei iterei ete ite';
