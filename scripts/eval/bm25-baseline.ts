/**
 * The reference the issue measures paraphrases against: plain Okapi BM25 over windows of 3
 * sentences (stride 2, so neighbouring windows share a sentence) of the same corpus; no title,
 * dates, filters or threshold; the quote is the whole window. This is the SQuAD benchmark's
 * `bm25_baseline.py` (k1 1.5, b 0.75), with the project's sentences (`splitSentences`), statements
 * read by the project's corpus reader (so docIds are the ones Verbatim gives), and MiniSearch's
 * BM25 (`bm25.d = 0` turns its BM25+ floor off).
 *
 * Why MiniSearch and not Orama (also a devDependency, the speed benchmark's peer): Orama's scoring
 * is not Okapi BM25. It divides a term's count by the field's length before BM25's own length
 * normalisation, keeps one copy of each word per document, and looks question words up as
 * prefixes ("war" finds "Warsaw"); over these windows it reached quote-level R@1 0.545 on SQuAD
 * where `bm25_baseline.py` reaches 0.815, which would make the baseline a straw man.
 */
import MiniSearch from "minisearch";
import { eng } from "stopword";
import { splitSentences } from "../../src/retrieval/chunk.js";
import type { Statement } from "../../src/retrieval/types.js";
import type { ListedResult } from "./score.js";

export const WINDOW_SENTENCES = 3;
export const WINDOW_STRIDE = 2;
/** bm25_baseline.py's parameters; d = 0 is plain BM25 (not BM25+). */
export const BM25_PARAMETERS = { k: 1.5, b: 0.75, d: 0 };
const STOPWORDS = new Set(eng);

export interface Window {
  docId: string;
  text: string;
}

/** Windows of 3 sentences starting every 2nd sentence; a short statement is one window. */
export function sentenceWindows(statement: Statement): Window[] {
  const spans = splitSentences(statement.text);
  const windows: Window[] = [];
  for (let i = 0; i < Math.max(1, spans.length - 1); i += WINDOW_STRIDE) {
    const first = spans[i];
    const last = spans[Math.min(i + WINDOW_SENTENCES, spans.length) - 1];
    if (!first || !last) continue;
    windows.push({ docId: statement.docId, text: statement.text.slice(first[0], last[1]) });
  }
  return windows;
}

export interface Bm25Baseline {
  windows: number;
  /** The top `limit` windows for a question, best first, as listed (answer-tier) results. */
  ask(question: string, limit: number): ListedResult[];
}

export function buildBm25Baseline(statements: readonly Statement[]): Bm25Baseline {
  const windows = statements.flatMap(sentenceWindows);
  const search = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    processTerm: (term) => {
      const word = term.toLowerCase();
      return STOPWORDS.has(word) ? null : word;
    },
    searchOptions: { bm25: BM25_PARAMETERS },
  });
  search.addAll(windows.map((w, id) => ({ id, text: w.text })));
  return {
    windows: windows.length,
    ask(question, limit) {
      return search
        .search(question)
        .slice(0, limit)
        .flatMap((hit) => {
          const w = windows[hit.id as number];
          return w ? [{ docId: w.docId, quote: w.text, match: "answer" as const }] : [];
        });
    },
  };
}
