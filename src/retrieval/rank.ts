/** Fusion, relevance and ordering of candidate chunks. Pure functions over plain data. */

/** Reciprocal rank fusion: each list is best-first; returns id → fused score. */
export function reciprocalRankFusion(lists: string[][], k = 60): Map<string, number> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1)));
  }
  return scores;
}

/** Inverse document frequency; a term the corpus never uses weighs as much as the rarest one. */
export function idf(documentFrequency: number, documents: number): number {
  return Math.log(1 + (documents + 1) / (Math.max(documentFrequency, 0) + 0.5));
}

/** Query term → weight (its idf). */
export function termWeights(
  queryTerms: string[],
  documentFrequency: (term: string) => number,
  documents: number,
): Map<string, number> {
  return new Map(queryTerms.map((term) => [term, idf(documentFrequency(term), documents)]));
}

/** Shortest shared beginning for two different stems to count as the same word ("valdoria", "valdorian"). */
const PREFIX_MATCH = 6;
/** A match by shared beginning counts this much of an exact one. */
const PREFIX_CREDIT = 0.8;
/** A match by a WordNet synonym counts this much of an exact one. */
export const SYNONYM_CREDIT = 0.5;

/** Query term → corpus terms that mean the same. */
export type Synonyms = ReadonlyMap<string, readonly string[]>;
export const NO_SYNONYMS: Synonyms = new Map();

/** How well a document's terms contain one query term: 1 exactly, less for a shared beginning, else 0. */
export function termMatch(term: string, documentTerms: ReadonlySet<string>): number {
  if (documentTerms.has(term)) return 1;
  if (term.length < PREFIX_MATCH || /^\d+$/.test(term)) return 0;
  const stem = term.slice(0, PREFIX_MATCH);
  for (const candidate of documentTerms) {
    if (
      candidate.length >= PREFIX_MATCH &&
      candidate.startsWith(stem) &&
      sharedPrefix(term, candidate) >= 0.8 * Math.min(term.length, candidate.length)
    ) {
      return PREFIX_CREDIT;
    }
  }
  return 0;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Weighted share of the query terms that a set of document terms contains (0 to 1). */
export function coverage(
  weights: Map<string, number>,
  documentTerms: ReadonlySet<string>,
  synonyms: Synonyms = NO_SYNONYMS,
): number {
  let total = 0;
  let found = 0;
  for (const [term, weight] of weights) {
    total += weight;
    let match = termMatch(term, documentTerms);
    if (match < SYNONYM_CREDIT && synonyms.get(term)?.some((alt) => documentTerms.has(alt))) {
      match = SYNONYM_CREDIT;
    }
    found += weight * match;
  }
  return total > 0 ? found / total : 0;
}

/** Where the embedding model's cosine similarity starts and stops meaning something. */
export interface DenseCalibration {
  floor: number;
  ceiling: number;
}

/** Fitted by hand to all-MiniLM-L6-v2: unrelated sentences score about 0.1, answers 0.45 and up. */
export const MINILM_CALIBRATION: DenseCalibration = { floor: 0.15, ceiling: 0.6 };

export function calibrate(similarity: number | null, calibration: DenseCalibration): number {
  if (similarity === null) return 0;
  const value = (similarity - calibration.floor) / (calibration.ceiling - calibration.floor);
  return Math.min(1, Math.max(0, value));
}

export interface Scored {
  id: string;
  date: string;
  /** 0..1: how well this passage answers the question, by words and by meaning. */
  relevance: number;
  /** 0..1: position in the fused lists, normalised. */
  fused: number;
  /** Extra credit: a figure for "how many" questions, the named speaker. */
  bonus: number;
}

/** Bonuses add up to at most this, so scores stay within 0 to 1. */
export const MAX_BONUS = 0.3;

export interface OrderOptions {
  minRelevance: number;
  wantsLatest: boolean;
  /** For "latest" questions: passages within this share of the best relevance count as answers. */
  latestBand?: number;
}

/**
 * Drops what does not answer well enough, orders the rest by score; for "latest" questions the
 * passages that answer about as well as the best come first, newest first.
 */
export function orderCandidates<T extends Scored>(
  items: T[],
  options: OrderOptions,
): Array<T & { score: number }> {
  const scored = items
    .filter((item) => item.relevance >= options.minRelevance)
    .map((item) => ({
      ...item,
      score: round((0.55 * item.relevance + 0.45 * item.fused + item.bonus) / (1 + MAX_BONUS)),
    }))
    .sort((a, b) => b.score - a.score || b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
  if (!options.wantsLatest || scored.length < 2) return scored;
  const top = Math.max(...scored.map((item) => item.relevance));
  const band = Math.max(options.minRelevance, top * (options.latestBand ?? 0.7));
  const answers = scored.filter((item) => item.relevance >= band);
  const rest = scored.filter((item) => item.relevance < band);
  answers.sort(
    (a, b) => b.date.localeCompare(a.date) || b.score - a.score || a.id.localeCompare(b.id),
  );
  return [...answers, ...rest];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
