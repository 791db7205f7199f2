/**
 * Scoring candidate chunks and ordering them into answers and related passages. Pure functions over
 * plain data: the question's terms, each chunk's stored sentence terms and features, and what the
 * searches said of it. Weights live in `weights.ts`.
 */
import { type DenseCalibration, calibrated } from "./calibration.js";
import { Feature } from "./features.js";
import {
  type QuestionTerms,
  coverage,
  coverageOfBoth,
  creditsOf,
  maxCredits,
  raiseCredits,
} from "./match.js";
import type { ChunkSentences } from "./sentence-table.js";
import { MAX_SCORE, RANKING } from "./weights.js";

/**
 * Reciprocal rank fusion: each list is best-first, and counts with its weight (1 if not given);
 * returns id → fused score.
 */
export function reciprocalRankFusion<T>(
  lists: T[][],
  weights: readonly number[] = [],
  k: number = RANKING.rrfK,
): Map<T, number> {
  const scores = new Map<T, number>();
  lists.forEach((list, l) => {
    const weight = weights[l] ?? 1;
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank + 1)));
  });
  return scores;
}

/** The fused score of an item ranked first by every list: fused scores divide by it. */
export function bestFused(weights: readonly number[], k: number = RANKING.rrfK): number {
  return weights.reduce((a, b) => a + b, 0) / (k + 1);
}

/**
 * How much the vector list counts in fusion: as much as the model tells a passage from the closest
 * passage of another statement on this corpus (its calibration), none for a model that does not.
 */
export function denseWeight(calibration: DenseCalibration | null): number {
  if (!calibration?.separates) return 0;
  return Math.min(1, (calibration.ceiling - calibration.floor) / RANKING.fullSeparation);
}

/** What the question brings to the scoring of every candidate. */
export interface QuestionContext {
  terms: QuestionTerms;
  /** Feature bits of the kind of answer asked for (0: any). */
  wanted: number;
  /** Whether the question names a period (it may name years the corpus never mentions). */
  hasPeriod: boolean;
  /** Term ids of the years the question names. */
  periodYears: ReadonlySet<number>;
  /**
   * Positions in `terms` of the words naming whose words are asked for ("what did Woolley say
   * about..."): in a quotation, every sentence is that person's once one of them names them.
   */
  subject?: readonly number[];
}

/** What the searches and the statement say of one candidate chunk. */
export interface CandidateFacts {
  sentences: ChunkSentences;
  /** Sentence spans [start, end) in the statement text. */
  spans: ReadonlyArray<readonly [number, number]>;
  /** Fused rank score, 0..1. */
  fused: number;
  /** Cosine similarity to the question, when a model searched. */
  similarity: number | null;
  speakerNamed: boolean;
  /** The statement is dated within the question's period (or shortly after). */
  datedInPeriod: boolean;
}

export interface ScoredChunk {
  /** Quote span in the statement text. */
  start: number;
  end: number;
  /** 0..1: how well the chunk answers, by words and by meaning. */
  relevance: number;
  /** 0..1 (before bonuses are scaled): the ordering score. */
  score: number;
  /** Whether the quote holds the kind of answer asked for. */
  typed: boolean;
}

function has(features: number, bits: number): boolean {
  return bits !== 0 && (features & bits) !== 0;
}

function mentionsPeriod(ids: Uint32Array, years: ReadonlySet<number>): boolean {
  if (years.size === 0) return false;
  for (let i = 0; i < ids.length; i++) if (years.has(ids[i]!)) return true;
  return false;
}

/**
 * Scores one chunk's sentences as quotes: each sentence that shares a word with the question
 * (widened to a neighbour when the answer spans two), rated with the chunk around it. Terms of the
 * statement's title and speaker count, in part, for every sentence alike, so a lead sentence that
 * merely repeats the speaker's name earns little for it. A chunk found by meaning alone, sharing
 * no word with the question, is quoted whole.
 */
export function scoreChunk(
  question: QuestionContext,
  facts: CandidateFacts,
  calibration: DenseCalibration | null,
): ScoredChunk[] {
  const { terms } = question;
  const { sentences, spans } = facts;
  const title = creditsOf(terms, sentences.title);
  const speaker = creditsOf(terms, sentences.speaker);
  // What every sentence of the statement carries: its speaker wholly (every sentence is theirs),
  // its title in part (a sentence that names the subject says more).
  const implied = maxCredits(
    title.map((credit) => credit * RANKING.credit.statement),
    speaker,
  );
  const found = sentences.terms.map((ids) => creditsOf(terms, ids));
  if (question.subject?.length) attributeQuotations(found, sentences.features, question.subject);
  // A sentence is a quote only for words of the question it says itself (more than its statement
  // implies); a sentence's own credits are then what it says and what its statement implies.
  const anchors: number[] = [];
  found.forEach((credits, i) => {
    if (credits.some((credit, t) => credit > implied[t]!)) anchors.push(i);
  });
  // Raised in place: from here on `found[i]` is `own[i]`.
  const own = found.map((credits) => raiseCredits(credits, implied));
  const alone = own.map((credits) => coverage(terms, credits));
  const W = RANKING.sentence;

  const titleSpeaker = maxCredits(title, speaker);
  const chunkCredits = own.reduce((a, b) => raiseCredits(a, b), Float64Array.from(titleSpeaker));
  const inChunk = coverage(terms, chunkCredits);
  /** Scratch credits for a quote with its neighbours (scoring is synchronous: one at a time). */
  const scratch = new Float64Array(terms.terms.length);
  const meaning =
    calibrated(facts.similarity, calibration) *
    denseWeight(calibration) *
    (1 - RANKING.unknownMeaningDiscount * (1 - terms.known));

  const periodIn = sentences.terms.map((ids) => mentionsPeriod(ids, question.periodYears));
  const chunkMentionsPeriod = periodIn.includes(true);
  const S = RANKING.score;
  const B = RANKING.bonus;
  const rate = (first: number, last: number, sentenceScore: number): ScoredChunk => {
    // The question's words around the quote (it and its neighbours) and in the whole chunk.
    const around = scratch;
    around.set(titleSpeaker);
    for (let i = Math.max(0, first - 1); i <= Math.min(own.length - 1, last + 1); i++)
      raiseCredits(around, own[i]!);
    let lexical = RANKING.nearQuote * coverage(terms, around) + (1 - RANKING.nearQuote) * inChunk;
    if (terms.uncovered.length > 0) lexical = Math.min(lexical, RANKING.uncoveredCap);
    // About another time than the one asked about: neither mentioned nor dated then.
    if (question.hasPeriod && !facts.datedInPeriod && !chunkMentionsPeriod)
      lexical *= RANKING.periodMiss;
    let quoteFeatures = 0;
    let quoteMentionsPeriod = false;
    for (let i = first; i <= last; i++) {
      quoteFeatures |= sentences.features[i]!;
      quoteMentionsPeriod ||= periodIn[i]!;
    }
    const typed = has(quoteFeatures, question.wanted);
    const relevance = Math.max(lexical, meaning);
    const raw =
      S.relevance * lexical +
      S.meaning * meaning +
      S.fused * facts.fused +
      S.sentence * sentenceScore +
      (facts.speakerNamed ? B.speaker : 0) +
      (quoteMentionsPeriod ? B.periodMention : 0) +
      (facts.datedInPeriod ? B.periodDate : 0) +
      (typed ? B.answerType : 0);
    return {
      start: spans[first]![0],
      end: spans[last]![1],
      relevance,
      score: raw / MAX_SCORE,
      typed,
    };
  };

  const quoteFrom = (i: number): ScoredChunk => {
    const window = scratch;
    window.set(own[i]!);
    if (own[i - 1]) raiseCredits(window, own[i - 1]!);
    if (own[i + 1]) raiseCredits(window, own[i + 1]!);
    const features = sentences.features[i]!;
    const score =
      alone[i]! +
      W.context * coverage(terms, window) +
      (has(features, question.wanted) ? W.answerType : 0) +
      (features & Feature.question ? W.question : 0) +
      (features & Feature.introduction ? W.introduction : 0) +
      (periodIn[i] ? W.periodMention : 0);
    const { first, last } = widen(i, own, alone, sentences.features, spans, question);
    const rated = rate(
      first,
      last,
      Math.min(1, Math.max(0, score / (1 + W.context + W.answerType))),
    );
    // A next sentence that points back at the quote ("These include...", "It was...") finishes
    // what the quote says: it is shown with it, without changing how the quote is rated.
    if (spans[last + 1] && sentences.features[last + 1]! & Feature.continues)
      rated.end = spans[last + 1]![1];
    return rated;
  };
  // A sentence that only announces what follows ("...made the following statement:") is a quote
  // only when nothing else in the chunk is.
  const saying = anchors.filter((i) => !(sentences.features[i]! & Feature.introduction));
  const chosen = saying.length > 0 ? saying : anchors;
  // Found by meaning alone, sharing no word with the question: the whole chunk is the quote.
  return chosen.length > 0 ? chosen.map(quoteFrom) : [rate(0, spans.length - 1, 0)];
}

/**
 * A quotation's sentences are all its speaker's: the credit of the words naming the speaker, earned
 * by one sentence of a run of direct speech (or the sentence just before, "She said:"), is given
 * to every sentence of the run.
 */
function attributeQuotations(
  found: Float64Array[],
  features: Uint32Array,
  subject: readonly number[],
): void {
  let start = 0;
  while (start < found.length) {
    if (!(features[start]! & Feature.speech)) {
      start++;
      continue;
    }
    let end = start;
    while (end + 1 < found.length && features[end + 1]! & Feature.speech) end++;
    for (const t of subject) {
      let best = start > 0 ? found[start - 1]![t]! : 0;
      for (let i = start; i <= end; i++) best = Math.max(best, found[i]![t]!);
      for (let i = start; i <= end; i++) found[i]![t] = best;
    }
    start = end + 1;
  }
}

/**
 * The quote around the best sentence: a neighbour joins when it brings enough more of the
 * question (the answer spans both), when the best sentence is an interview question (its answer
 * follows), or when the best sentence is a mere fragment.
 */
function widen(
  best: number,
  own: Float64Array[],
  alone: number[],
  features: Uint32Array,
  spans: ReadonlyArray<readonly [number, number]>,
  question: QuestionContext,
): { first: number; last: number } {
  const { terms, wanted } = question;
  let first = best;
  let last = best;
  let covered = alone[best]!;
  const lacksAnswer = wanted !== 0 && !has(features[best]!, wanted);
  for (const neighbour of [best - 1, best + 1]) {
    const credits = own[neighbour];
    // A sentence that only announces what follows adds nothing to a quote.
    if (!credits || features[neighbour]! & Feature.introduction) continue;
    const joined = coverageOfBoth(terms, own[best]!, credits);
    // The answer is in the neighbour: the best sentence names the subject, the next one the figure.
    const completes = lacksAnswer && has(features[neighbour]!, wanted) && joined > alone[best]!;
    // The question's words are split over the two, and the best sentence holds too few of them.
    const spansTwo =
      alone[best]! < RANKING.quote.aloneEnough &&
      joined - alone[best]! >= RANKING.quote.neighbourGain;
    if ((completes || spansTwo) && joined > covered) {
      covered = joined;
      first = Math.min(best, neighbour);
      last = Math.max(best, neighbour);
    }
  }
  const next = spans[last + 1];
  const short = spans[last]![1] - spans[first]![0] < RANKING.quote.shortQuote;
  if (next && (short || features[last]! & Feature.question)) last++;
  return { first, last };
}

export interface Ranked {
  docId: string;
  date: string;
  start: number;
  end: number;
  relevance: number;
  score: number;
}

/** Code-unit order of two strings (ISO dates and docIds), much cheaper than localeCompare. */
function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Answers (relevance at or above `minRelevance`) first, by score, and for "latest" questions
 * those about as relevant as the best newest first; then related passages, by score. Quotes that
 * overlap an earlier one of the same statement are dropped.
 */
export function orderPassages<T extends Ranked>(
  items: readonly T[],
  options: { minRelevance: number; wantsLatest: boolean },
): Array<T & { match: "answer" | "related" }> {
  const byScore = (a: T, b: T) =>
    b.score - a.score || order(b.date, a.date) || order(a.docId, b.docId) || a.start - b.start;
  const answers = items.filter((item) => item.relevance >= options.minRelevance).sort(byScore);
  const related = items
    .filter(
      (item) => item.relevance < options.minRelevance && item.relevance >= RANKING.relatedFloor,
    )
    .sort(byScore);
  if (options.wantsLatest && answers.length > 1) {
    const top = Math.max(...answers.map((item) => item.relevance));
    const band = Math.max(options.minRelevance, top * RANKING.latestBand);
    const recent = answers.filter((item) => item.relevance >= band);
    const rest = answers.filter((item) => item.relevance < band);
    recent.sort((a, b) => order(b.date, a.date) || byScore(a, b));
    answers.splice(0, answers.length, ...recent, ...rest);
  }
  /** Quotes kept so far, by statement. */
  const seen = new Map<string, Ranked[]>();
  const out: Array<T & { match: "answer" | "related" }> = [];
  for (const [list, match] of [
    [answers, "answer"],
    [related, "related"],
  ] as const) {
    const shown = new Map<string, number>();
    const later: T[] = [];
    for (const item of list) {
      const kept = seen.get(item.docId) ?? [];
      if (kept.some((s) => item.start < s.end && s.start < item.end)) continue;
      kept.push(item);
      seen.set(item.docId, kept);
      // More passages of a statement already shown wait until other statements have had theirs.
      const count = (shown.get(item.docId) ?? 0) + 1;
      shown.set(item.docId, count);
      if (count > RANKING.perStatement) later.push(item);
      else out.push({ ...item, match });
    }
    for (const item of later) out.push({ ...item, match });
  }
  return out;
}
