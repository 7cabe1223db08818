/**
 * English supplement to VADER's lexicon for {@link EnglishSentimentAnalyzer}:
 * product-review and customer-service vocabulary that VADER does not score
 * ("sturdy", "flimsy", "returned it", "doesn't work").
 *
 * ORIGINAL WORK written by hand for Sentir from general knowledge of how
 * customers write reviews and complaints, with valences assigned by the
 * authors on VADER's −4…+4 scale so they add up with VADER's own. It is not
 * copied from another lexicon nor learned from any evaluation file.
 *
 * VADER's own lexicon (Hutto & Gilbert 2014; MIT in cjhutto/vaderSentiment,
 * Apache-2.0 in the `vader-sentiment` JS port we depend on) stays inside that
 * package; these tables only add to it. A spec keeps {@link EN_WORDS}
 * disjoint from VADER's lexicon, so no entry silently double-counts; the few
 * deliberate replacements are in {@link EN_OVERRIDES}.
 */

/** `[valence, 'word …']`: single words VADER does not know, used as written (lower case). */
export const EN_WORDS: ReadonlyArray<readonly [number, string]> = [
  [2.5, 'tremendous'],
  [2.2, 'sturdy durable reliable dependable seamless seamlessly effortless effortlessly peachy tasty'],
  [1.8, 'intuitive crisp comfy handy affordable versatile snappy knowledgeable'],
  [1.5, 'prompt promptly'],
  [1.4, 'lightweight compact convenient rocks'],
  [1.2, 'decent'],
  [-0.6, 'cheap pricey dim'],
  [-1.0, 'issue issues refurbished returned bland'],
  [-1.3, 'slow slower sluggishly expensive overpriced overrated mediocre subpar finicky inconsistent inaccurate unresponsive poorly cheaply sloppy'],
  [-1.6, 'flaw flaws substandard stale static crackling muffled tinny garbled choppy grainy fuzzy scratched dented peeling wobbly clunky bulky cumbersome fragile smelly stained rusted ripped frayed faded shrunk shrank leaky drains'],
  [-2.0, 'dies jammed unhelpful refund refunded breaks cracked snapped leaks leaking glitchy buggy laggy overheats overheating crashes crashed froze frozen malfunction'],
  [-2.4, 'flimsy unusable inoperable nonexistent overcharged shoddy unreliable malfunctioned malfunctioning junk garbage rubbish'],
  [-2.6, 'scammed'],
  [-2.8, 'ripoff'],
];

/**
 * `[valence, 'word …']`: VADER words whose general-purpose valence misreads
 * reviews: "freezes" is a device fault, not weather; "what a joke" is scorn.
 */
export const EN_OVERRIDES: ReadonlyArray<readonly [number, string]> = [
  // VADER has "flawless" 2.3 but "flawlessly" only 0.8.
  [2.3, 'flawlessly'],
  [-1.8, 'freeze freezes'],
  [-1.5, 'joke'],
];

/** Common misspellings in reviews, read as the VADER word they misspell. */
export const EN_ALIASES: Readonly<Record<string, string>> = {
  dissapointed: 'disappointed',
  disapointed: 'disappointed',
  dissapointing: 'disappointing',
  disapointing: 'disappointing',
  dissapointment: 'disappointment',
  disapointment: 'disappointment',
  unacceptible: 'unacceptable',
  recomend: 'recommend',
  reccomend: 'recommend',
  reccommend: 'recommend',
  excelent: 'excellent',
  awsome: 'awesome',
  horible: 'horrible',
  terible: 'terrible',
  defected: 'defective',
  embarassing: 'embarrassing',
  embarassed: 'embarrassed',
  realy: 'really',
};

/**
 * `[affirmed | null, negated, 'word …']`: what a customer expects a product to
 * do. Affirmed they are neutral or mildly good (null keeps VADER's valence),
 * negated or absent they are a clear complaint, far stronger than VADER's
 * generic flip (×−0.74): "doesn't work", "won't charge", "didn't last",
 * "unable to connect", "would not recommend".
 */
export const EN_EXPECTED: ReadonlyArray<readonly [number | null, number, string]> = [
  [0.5, -2.2, 'work works worked working function functions functioned functioning'],
  [0, -1.8, 'charge charges charged charging hold holds held last lasts lasted stay stays stayed connect connects connected pair pairs paired sync syncs synced'],
  [0, -1.8, 'recognize recognizes recognized detect detects detected respond responds responded load loads loaded boot boots booted'],
  [0, -1.6, 'arrive arrives arrived arrival answer answers answered include includes included match matches matched receive received deliver delivered ship shipped'],
  [0, -1.8, 'play plays played playing read reads open opens close closes start starts install installs installed print prints scan scans download downloads update updates send sends'],
  [0.8, -2.0, 'fix fixes fixed resolve resolves'],
  [null, -2.4, 'recommend recommended'],
  [null, -1.8, 'worth'],
];

/** `[affirmed, negated, 'phrase|phrase']`: multi-word expected actions ("doesn't turn on"). */
export const EN_EXPECTED_PHRASES: ReadonlyArray<readonly [number, number, string]> = [
  [0, -2.2, 'turn on|turns on|turned on|power on|powers on|powered on|come on|comes on|fit in|fits in'],
  [2.0, -2.4, 'buy again|buy it again|buy another|order again|buy from them again|order from them again|purchase again|buy this again'],
];

/**
 * `[valence, 'phrase|phrase']`: multi-word units, matched longest first on
 * lower-cased words (apostrophes kept in contractions) and replacing the
 * valence of their words. A phrase that contains its own negation is not
 * negated again.
 */
export const EN_PHRASES: ReadonlyArray<readonly [number, string]> = [
  [3.0, "worth every penny|could not be happier|couldn't be happier|couldnt be happier|could not have been happier|couldn't have been happier|could not be better|couldn't be better|couldnt be better|five stars|5 stars"],
  [2.6, "highly recommend|highly recommended|exceeded my expectations|exceeded expectations|exceeds expectations|exceeded all my expectations|above and beyond|like a charm|can't go wrong|cannot go wrong|cant go wrong|can't beat|cannot beat|hard to beat|couldn't be easier|could not be easier|couldn't have been easier|couldn't be simpler|couldn't have been simpler|could not have been simpler|could not be simpler"],
  [2.0, "so far so good|does the job|does the trick|gets the job done|did the job|did the trick|no complaints|no problems|no problem|no issues|not a single problem|not one problem|well made|well built|well designed|well worth|value for money|happy camper|a keeper|hassle free|trouble free|a breeze|user friendly|bang for the buck|bang for your buck|what more can you ask for|what more could you ask for|what more can i ask for|would not hesitate|wouldn't hesitate|wouldnt hesitate|not hesitate"],
  [1.2, 'as described|as advertised|as expected|as pictured|not a problem|not an issue|not bad at all|not bad'],
  [-0.3, 'so so|nothing special|nothing great'],
  [0, 'as well|well as|pretty much|customer support|tech support|technical support|support team|customer care|hands free|help desk|free shipping|at least'],
  [-0.8, 'the only problem|the only complaint|the only issue|the only downside|the only drawback|the only con|only complaint|only problem|only downside|only drawback|minor issue|minor complaint|minor problem'],
  [-1.5, "you get what you pay for|buy something else|buy a different|buy another brand|buy elsewhere|look elsewhere|go elsewhere|arrived late|came late|hoping for more|was hoping for|expected more|expected better|expected much more|forever to|took forever|takes forever|runs down|ran down|battery drains|drains fast|drains quickly|short battery life|not what i expected|not as expected|design flaw|not worth|not worth it"],
  [-2.4, 'stopped working|quit working|stops working|quits working|stopped charging|stopped responding|died after|died within|broke after|broke within|fell apart|falls apart|fall apart|came apart|went dead|went black|dead on arrival|non existent|false advertising|poor quality|low quality|cheap quality|bad quality|cheaply made|poorly made|badly made|poorly designed|sent it back|send it back|sending it back|returned it|return it|returning it|returned them|returning them|sent them back|return them|had to return|take it back|took it back|big mistake|not as described|not as advertised|money back|my money back|quit after|stopped after|recommend against'],
  [-3.0, "don't waste your money|do not waste your money|dont waste your money|don't waste your time|do not waste your time|save your cash|waste of money|waste of time|waste your money|piece of junk|piece of crap|piece of garbage|piece of shit|total waste|complete waste|rip off|ripped off|do not buy|don't buy|dont buy|never again|stay away|save your money|buyer beware|one star|1 star|zero stars|0 stars|worst purchase"],
];

/**
 * Adjectives that are a complaint after "too" in a review ("too small",
 * "way too big"); "too good" keeps its own valence through the lexicon.
 */
export const EN_TOO_ADJECTIVES =
  'small big large tight loose short long heavy thin thick bright dim loud quiet soft hard expensive pricey much slow sensitive complicated bulky fragile flimsy narrow wide low high stiff weak hot cold noisy early late little many few';
/** Valence of "too" + one of {@link EN_TOO_ADJECTIVES}. */
export const EN_TOO_VALENCE = -1.3;

/** Words that open a negation reach (VADER's NEGATE list plus "nobody"; "despite" is concessive here). */
export const EN_NEGATORS =
  "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't wasn't weren't without wont wouldnt won't wouldn't rarely seldom nobody";

/** Multi-word negators: "no longer works", "unable to connect", "fails to charge". */
export const EN_NEGATOR_PHRASES = 'no longer|unable to|failed to|fails to|fail to|refuses to|refused to|far from|anything but|lack of|lacks|lacking';

/**
 * VADER's booster/dampener list (Hutto & Gilbert 2014, `BOOSTER_DICT`; the JS
 * port does not export it), `[scalar, 'word …']`, plus "way"/"far" ("way too
 * big", "far better"), which reviews use as intensifiers.
 */
export const EN_BOOSTERS: ReadonlyArray<readonly [number, string]> = [
  [
    0.293,
    'absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially exceptionally extremely ' +
      'fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly ' +
      'more most particularly purely quite really remarkably so substantially thoroughly totally tremendously uber unbelievably unusually ' +
      'utterly very way far',
  ],
  [-0.293, 'almost barely hardly kinda kindof less little marginally occasionally partly scarcely slightly somewhat sorta sortof'],
];
/** Multi-word dampeners from VADER's booster list. */
export const EN_BOOSTER_PHRASES: ReadonlyArray<readonly [number, string]> = [[-0.293, 'kind of|sort of|just enough']];

/**
 * Lexicon words that are intensifiers when a sentiment word follows ("pretty
 * bad", "super easy", "real good"): VADER scores "pretty" +2.2 even there.
 */
export const EN_ADVERB_READINGS = 'pretty super real';

/**
 * "like" is a preposition far more often than a verb in reviews ("feels like
 * plastic", "looks like new"); VADER scores it +1.5 everywhere. It keeps its
 * valence only after one of these words ("I like", "really like", "don't like").
 */
export const EN_LIKE_VERB_CUES = "i we you they really also definitely totally still just do does did don't didn't doesn't dont didnt doesnt kids people everyone";

/** Lukewarm words and phrases: besides their valence they mark a middling opinion ("it's ok", "nothing special"). */
export const EN_LUKEWARM = 'ok|okay|alright|average|meh|so so|nothing special|not bad|nothing great|decent';

/**
 * Restrictives: before an expected action they report a partial failure
 * ("only works on one side", "only charges halfway").
 */
export const EN_RESTRICTIVES = 'only barely hardly scarcely';

/**
 * Words that do not use up VADER's three-word look-back for negation and
 * boosters ("neither one of them work", "doesn't seem to work").
 */
export const EN_FUNCTION_WORDS = 'i the a an it its them this that these those of to my your his her their our me you him us one';

/** Contrast: the clause after carries the point (VADER's "but", plus "however"). */
export const EN_CONTRAST = 'but however';

/** Concessive: the clause they open is the conceded, weaker part. */
export const EN_CONCESSIVE = 'although though despite';
export const EN_CONCESSIVE_PHRASES = 'even though|even if|in spite of';
