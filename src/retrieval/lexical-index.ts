/** Keyword search (BM25 via MiniSearch) over chunks, with the shared term processing. */
import MiniSearch from "minisearch";
import { processTerm, tokenize } from "./terms.js";

export interface LexicalDocument {
  /** The chunk's vector label, also its id here. */
  id: number;
  text: string;
  title: string;
  speaker: string;
}

const OPTIONS = {
  fields: ["text", "title", "speaker"],
  tokenize: (text: string) => tokenize(text),
  processTerm: (term: string) => processTerm(term) ?? false,
  searchOptions: { boost: { speaker: 2, title: 1.5 }, combineWith: "OR" as const },
};

export const LEXICAL_FORMAT = "minisearch-7/verbatim-terms-1";

export class LexicalIndex {
  private constructor(private readonly search_: MiniSearch<LexicalDocument>) {}

  /** `termOf` may be a `cachedProcessTerm()` shared with other passes over the same texts. */
  static build(
    documents: LexicalDocument[],
    termOf: (token: string) => string | null = cachedProcessTerm(),
  ): LexicalIndex {
    const index = new MiniSearch<LexicalDocument>({
      ...OPTIONS,
      processTerm: (term: string) => termOf(term) ?? false,
    });
    index.addAll(documents);
    return new LexicalIndex(index);
  }

  static fromJSON(json: string): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJSON<LexicalDocument>(json, OPTIONS));
  }

  toJSON(): string {
    return JSON.stringify(this.search_);
  }

  get size(): number {
    return this.search_.documentCount;
  }

  /** Labels best-first with their BM25 score. */
  search(
    text: string,
    limit: number,
    filter?: (label: number) => boolean,
  ): Array<{ label: number; score: number }> {
    const results = this.search_.search(
      text,
      filter ? { filter: (result) => filter(result.id as number) } : {},
    );
    return results
      .slice(0, limit)
      .map((result) => ({ label: result.id as number, score: result.score }));
  }
}

/**
 * `processTerm`, remembering each token's term: a corpus repeats its words, and stemming them
 * again and again was most of the cost of indexing a large corpus for keyword search.
 */
export function cachedProcessTerm(): (token: string) => string | null {
  const cache = new Map<string, string | null>();
  return (token) => {
    let term = cache.get(token);
    if (term === undefined) {
      term = processTerm(token);
      cache.set(token, term);
    }
    return term;
  };
}

/** The distinct terms of a text, as `new Set(terms(text))`, with a given `processTerm`. */
export function termSet(text: string, termOf: (token: string) => string | null): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(text)) {
    const term = termOf(token);
    if (term) out.add(term);
  }
  return out;
}

/** Document frequency of every term across chunk term sets. */
export function documentFrequencies(termSets: Iterable<ReadonlySet<string>>): Map<string, number> {
  const df = new Map<string, number>();
  for (const set of termSets) for (const term of set) df.set(term, (df.get(term) ?? 0) + 1);
  return df;
}
