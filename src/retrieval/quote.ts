/** Picking the sentence(s) of a chunk that answer the question. Pure; offsets into the statement text. */
import { coverage as termCoverage } from "./rank.js";
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

/**
 * The best sentence of the chunk by weighted term overlap (figures break ties for "how many"
 * questions), widened to the next sentence when it is very short. With no overlap at all (a
 * paraphrase found by the embedding model) the whole chunk is the quote.
 */
export function selectQuote(
  statement: Statement,
  chunk: Chunk,
  weights: Map<string, number>,
  wantsFigure: boolean,
): QuoteChoice {
  let best: { index: number; score: number; coverage: number; figure: boolean } | null = null;
  chunk.sentences.forEach(([s, e], index) => {
    const sentence = statement.text.slice(s, e);
    const coverage = termCoverage(weights, new Set(terms(sentence)));
    const figure = hasFigure(sentence);
    const score = coverage + (wantsFigure && figure && coverage > 0 ? 0.35 : 0);
    if (!best || score > best.score + 1e-9) best = { index, score, coverage, figure };
  });
  const chosen = best as { index: number; coverage: number; figure: boolean } | null;
  if (!chosen || chosen.coverage === 0) {
    const text = statement.text.slice(chunk.start, chunk.end);
    return { start: chunk.start, end: chunk.end, coverage: 0, hasFigure: hasFigure(text) };
  }
  const [start, firstEnd] = chunk.sentences[chosen.index]!;
  let end = firstEnd;
  const next = chunk.sentences[chosen.index + 1];
  if (end - start < SHORT_QUOTE && next) end = next[1];
  return { start, end, coverage: chosen.coverage, hasFigure: chosen.figure };
}
