/**
 * Every weight of the ranking, in one place. Tuned on the development split of the evaluation set
 * (test/eval/unseen/dev.jsonl) and checked on SQuAD; reported on the test split (docs/eval.md).
 */
export const RANKING = {
  /** Candidates taken from each list (keyword, vector) before fusion. */
  candidates: 60,
  /** Reciprocal rank fusion constant: 1 / (rrfK + rank). */
  rrfK: 60,
  /**
   * A model whose passages score this much above the closest passage of another statement
   * (calibration.ts) counts fully, in fusion and as closeness in meaning; less separation, less.
   */
  fullSeparation: 0.25,

  /** How much of an exact match other forms of a question word earn. */
  credit: {
    /** The same word by a long shared beginning ("valdoria", "valdorian"). */
    sharedBeginning: 0.8,
    /** One letter off, for a word the corpus never uses ("frensh" → "french"). */
    misspelling: 0.8,
    /** A WordNet synonym ("deluge" → "flood"). */
    synonym: 0.5,
    /** A derived form ("royalty" for "royal", "quieter" for "quiet"). */
    derived: 0.7,
    /**
     * A word of the statement's title or speaker, for each of its sentences: the statement is
     * about it, but a sentence that also names it says more.
     */
    statement: 0.6,
  },
  /** A question word weighs its rarity (idf) to this power: above 1, rare words count more. */
  rarityExponent: 1,
  /** Weight of a question word the corpus never uses, as a share of its rarity weight. */
  unknownTermWeight: 0.5,
  /** Weight of a word that says what kind of information is wanted ("statistics", "details"). */
  genericTermWeight: 0.3,

  /** Choosing the sentence that answers, within a chunk. */
  sentence: {
    /** The sentence with its neighbours, against the sentence alone. */
    context: 0.3,
    /** Holds the kind of answer the question asks for (a figure for "how many"...). */
    answerType: 0.25,
    /** A question in an interview is not its answer. */
    question: -0.35,
    /** A sentence that announces what follows ("...made the following statement:"). */
    introduction: -0.35,
    /** Mentions the year the question names. */
    periodMention: 0.15,
  },

  /** Widening the quote. */
  quote: {
    /**
     * A neighbouring sentence joins when it adds this much of the question's words to a sentence
     * that holds less than `aloneEnough` of them (or when it holds the kind of answer asked for
     * and the sentence does not).
     */
    neighbourGain: 0.1,
    aloneEnough: 0.75,
    /** A quote shorter than this (characters) takes the next sentence too. */
    shortQuote: 30,
  },

  /** Ordering passages: parts of the score (they add up to 1), then bonuses. */
  score: {
    /** The question's words in the chunk. */
    relevance: 0.45,
    /** Closeness in meaning, calibrated (0 without a model). */
    meaning: 0.1,
    fused: 0.3,
    sentence: 0.25,
  },
  bonus: {
    /** The statement is by the speaker the question names. */
    speaker: 0.1,
    /** The passage mentions the year the question names. */
    periodMention: 0.1,
    /** The statement is dated within the period the question names, or within a year after. */
    periodDate: 0.05,
    /** The quote holds the kind of answer asked for. */
    answerType: 0.05,
  },

  /**
   * Relevance by words, at most, when the question names something the corpus never mentions
   * (match.ts `uncovered`): below the answer threshold, so such passages are only related.
   */
  uncoveredCap: 0.3,
  /**
   * Relevance by words is multiplied by this for a passage about another time than the question
   * names: its chunk does not mention the years asked about, and its statement is not dated then
   * (or within a year after). Low enough that such a passage is shown as related, not as an
   * answer, unless its meaning is close: the date phrase is a preference, never a filter.
   */
  periodMiss: 0.3,
  /**
   * Closeness in meaning counts this much less when the corpus never uses the question's words:
   * such a question is most likely about something the statements do not cover.
   */
  unknownMeaningDiscount: 0.75,
  /** For "latest" questions: answers within this share of the best relevance, newest first. */
  latestBand: 0.7,
  /**
   * A passage's relevance by words: this share from the quote and its neighbouring sentences, the
   * rest from the whole chunk.
   */
  nearQuote: 0.5,
  /** Passages of one statement shown before those of other statements come first. */
  perStatement: 2,
  /** Passages below this relevance are not shown at all, not even as related. */
  relatedFloor: 0.1,
} as const;

/** The largest score the parts and bonuses can add up to, so scores can be brought back to 0..1. */
export const MAX_SCORE = [...Object.values(RANKING.score), ...Object.values(RANKING.bonus)].reduce(
  (a, b) => a + b,
  0,
);
