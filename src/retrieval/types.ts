/**
 * Relevance (0 to 1) a passage needs to be shown as an answer rather than as related: tuned on the
 * evaluation set's development split (docs/eval.md).
 */
export const DEFAULT_MIN_RELEVANCE = 0.4;
/** Most passages one question may ask for. */
export const MAX_K = 50;

/** A dated statement read from the corpus. `text` is the body exactly as quoted. */
export interface Statement {
  /** Path relative to the corpus folder; for a JSONL record `<path>#<id>`. */
  docId: string;
  /** ISO date, YYYY-MM-DD. */
  date: string;
  title: string | null;
  speaker: string | null;
  source: string | null;
  url: string | null;
  /** Dateline such as "BAKU, Azerbaijan, July 1." when one leads the body. */
  dateline: string | null;
  /** The body. Every quote is an exact substring of it. */
  text: string;
}

/** A few sentences of a statement; [start, end) are character offsets into `Statement.text`. */
export interface Chunk {
  /** Stable across runs: `${docId}::${ordinal}`. */
  id: string;
  docId: string;
  ordinal: number;
  start: number;
  end: number;
  /** Sentence boundaries inside the chunk, as offsets into `Statement.text`. */
  sentences: Array<[number, number]>;
}

/** One passage shown to a user: the quote is `statement.text.slice(start, end)`. */
export interface Passage {
  quote: string;
  /** Offsets of the quote inside the statement text. */
  start: number;
  end: number;
  /** The chunk the quote came from (its surrounding context). */
  chunkId: string;
  date: string;
  speaker: string | null;
  title: string | null;
  source: string | null;
  url: string | null;
  docId: string;
  /** 0..1, for ordering: relevance, search ranks and the quote's fit, with bonuses. */
  score: number;
  /** 0..1: how well the passage answers the question, by words and by meaning. */
  relevance: number;
  /**
   * "answer": the passage answers the question. "related": nothing answers well enough, and this
   * is one of the closest passages, shown under its own heading. Answers always come first.
   */
  match: "answer" | "related";
}

export interface AskOptions {
  /** Number of passages wanted (1 to 50). */
  k?: number;
  /** Passages to skip, for "more results" paging. */
  offset?: number;
  since?: string;
  until?: string;
  speaker?: string;
  /** Minimum relevance (0 to 1) for a passage to be shown; defaults to the engine's. */
  minRelevance?: number;
}

export interface AskResult {
  question: string;
  passages: Passage[];
  /** True when more passages are available past offset + k. */
  hasMore: boolean;
  /** Filters in force: the explicit options (since, until, speaker). */
  filters: { since: string | null; until: string | null; speaker: string | null };
  /**
   * A period written in the question ("in 2022", "since March 2020"): a preference for passages
   * that mention it and statements dated within it or shortly after, never a filter.
   */
  period: { since: string | null; until: string | null; phrase: string } | null;
  /** "hybrid" or "keyword" (no embedding model available). */
  mode: "hybrid" | "keyword";
  tookMs: number;
}

export interface StatementSummary {
  docId: string;
  date: string;
  title: string | null;
  speaker: string | null;
  source: string | null;
  url: string | null;
  chunks: number;
}

/** How the corpus folder differs from the index being served (corpus-changes.ts). */
export interface CorpusChanges {
  /** The folder compared, absolute. */
  corpusDir: string;
  /** The folder the index was built from; null for an index too old to record it. */
  indexedFrom: string | null;
  newOrChanged: number;
  removed: number;
}

/** What the bot and the CLI see of retrieval. */
export interface Retriever {
  ask(question: string, options?: AskOptions): Promise<AskResult>;
  statement(docId: string): Statement | null;
  statements(): StatementSummary[];
  speakers(): string[];
  readonly info: { statements: number; chunks: number; model: string; mode: "hybrid" | "keyword" };
  /** What changed in the corpus since the served index was built, when that was checked. */
  readonly corpusChanges?: CorpusChanges | null;
}
