/** Picking the sentence(s) of a chunk that answer the question. Pure; offsets into the statement text. */
import { NO_SYNONYMS, type Synonyms, coverage as weightedCoverage } from "./rank.js";
import { hasFigure, terms } from "./terms.js";
import type { Chunk, Statement } from "./types.js";

export interface QuoteChoice {
  start: number;
  end: number;
  /** Weighted share of the question's terms found in the quote (0 to 1). */
  coverage: number;
  hasFigure: boolean;
}

/** Quotes shorter than this get the next sentence too, so a fragment never stands alone. */
const SHORT_QUOTE = 30;

/** A neighbouring sentence joins the quote when it brings this much more of the question. */
const NEIGHBOUR_GAIN = 0.2;

/** What quote selection needs of each sentence of a chunk, whatever the question. */
export interface SentenceAnalysis {
  terms: Array<ReadonlySet<string>>;
  figures: boolean[];
}

export function analyseSentences(statement: Statement, chunk: Chunk): SentenceAnalysis {
  const texts = chunk.sentences.map(([s, e]) => statement.text.slice(s, e));
  return { terms: texts.map((text) => new Set(terms(text))), figures: texts.map(hasFigure) };
}

/**
 * The best sentence of the chunk by weighted term overlap (figures break ties for "how many"
 * questions), joined by a neighbouring sentence when that one brings in more of the question's
 * words (an answer split over two sentences) or when the best one is a mere fragment. With no
 * overlap at all (a paraphrase found by the embedding model) the whole chunk is the quote.
 */
export function selectQuote(
  statement: Statement,
  chunk: Chunk,
  weights: Map<string, number>,
  wantsFigure: boolean,
  synonyms: Synonyms = NO_SYNONYMS,
  analysis: SentenceAnalysis = analyseSentences(statement, chunk),
): QuoteChoice {
  const termCoverage = (w: Map<string, number>, set: ReadonlySet<string>): number =>
    weightedCoverage(w, set, synonyms);
  const { terms: sentenceTerms, figures } = analysis;
  let best = -1;
  let bestScore = 0;
  sentenceTerms.forEach((set, index) => {
    const coverage = termCoverage(weights, set);
    const score = coverage + (wantsFigure && figures[index] && coverage > 0 ? 0.35 : 0);
    if (coverage > 0 && score > bestScore + 1e-9) {
      best = index;
      bestScore = score;
    }
  });
  if (best < 0) {
    const text = statement.text.slice(chunk.start, chunk.end);
    return { start: chunk.start, end: chunk.end, coverage: 0, hasFigure: hasFigure(text) };
  }
  let first = best;
  let last = best;
  const alone = termCoverage(weights, sentenceTerms[best]!);
  let coverage = alone;
  for (const neighbour of [best - 1, best + 1]) {
    const set = sentenceTerms[neighbour];
    if (!set) continue;
    const joined = termCoverage(weights, new Set([...sentenceTerms[best]!, ...set]));
    if (joined - alone >= NEIGHBOUR_GAIN && joined > coverage) {
      coverage = joined;
      first = Math.min(best, neighbour);
      last = Math.max(best, neighbour);
    }
  }
  const start = chunk.sentences[first]![0];
  let end = chunk.sentences[last]![1];
  const next = chunk.sentences[last + 1];
  if (end - start < SHORT_QUOTE && next) end = next[1];
  return { start, end, coverage, hasFigure: figures.slice(first, last + 1).some(Boolean) };
}
