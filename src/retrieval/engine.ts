/** Answering questions over a loaded index: hybrid search, filters, ranking and quote selection. */
import type { Embedder } from "./embedder.js";
import { QueryError } from "./errors.js";
import {
  type LoadedIndex,
  type StoredChunk,
  type StoredStatement,
  loadIndex,
  toChunk,
} from "./index-data.js";
import { KeywordSearch } from "./keyword-search.js";
import {
  type FilterSpec,
  type LabelTables,
  dateNumber,
  labelFilter,
  sharedLabelTables,
} from "./label-filter.js";
import { affordableTerms } from "./lexical-index.js";
import { checkDateOption, mergeDates, parseQuestion } from "./query.js";
import { type SentenceAnalysis, analyseSentences, selectQuote } from "./quote.js";
import {
  type DenseCalibration,
  MINILM_CALIBRATION,
  calibrate,
  coverage,
  orderCandidates,
  reciprocalRankFusion,
  termWeights,
} from "./rank.js";
import { terms } from "./terms.js";
import type {
  AskOptions,
  AskResult,
  Passage,
  Retriever,
  Statement,
  StatementSummary,
} from "./types.js";

export const DEFAULT_MIN_RELEVANCE = 0.45;
export const MAX_K = 50;
/**
 * Chunks whose analysis is kept (then the cache starts over): the candidates of the last few
 * dozen questions, some 4 kB each.
 */
const ANALYSED_CHUNKS = 5_000;

interface Analysed {
  sentences: SentenceAnalysis;
  /** The chunk's terms, its title's and its speaker's. */
  terms: Set<string>;
}

/** Candidates taken from each list before fusion. */
const CANDIDATES = 60;

interface Located {
  statement: StoredStatement;
  chunk: StoredChunk;
  ordinal: number;
}

export interface EngineOptions {
  minRelevance?: number;
  calibration?: DenseCalibration;
  /**
   * Run keyword searches in a worker thread, in parallel with the question's embedding and graph
   * search. Off by default: on a 2-core machine ONNX Runtime keeps both cores busy and the thread
   * measured no faster (docs/design.md).
   */
  keywordThread?: boolean;
  /** Told why the keyword search thread failed or stopped (searches then run on this thread). */
  onKeywordThreadLost?: (reason: string) => void;
}

export class SearchEngine implements Retriever {
  private readonly byLabel = new Map<number, Located>();
  private readonly byDoc = new Map<string, StoredStatement>();
  private readonly analyses = new Map<number, Analysed>();
  private readonly speakerNames: string[];
  /** Lower-case surname → the speakers who have it. */
  private readonly surnames = new Map<string, string[]>();
  /** By label: date and speaker, for the date and speaker filters. */
  private readonly labels: LabelTables;
  private readonly keyword: KeywordSearch;
  private readonly minRelevance: number;
  private readonly calibration: DenseCalibration;
  /** Questions being answered, and whether `close` was called. */
  private pending = 0;
  private closing = false;

  private constructor(
    private readonly index: LoadedIndex,
    private readonly embedder: Embedder | null,
    options: EngineOptions,
  ) {
    let maxLabel = -1;
    for (const s of index.statements)
      for (const c of s.chunks) maxLabel = Math.max(maxLabel, c.label);
    this.labels = sharedLabelTables(maxLabel + 1);
    for (const statement of index.statements) {
      this.byDoc.set(statement.docId, statement);
      statement.chunks.forEach((chunk, ordinal) =>
        this.byLabel.set(chunk.label, { statement, chunk, ordinal }),
      );
    }
    this.speakerNames = [
      ...new Set(index.statements.map((s) => s.speaker).filter((s): s is string => !!s)),
    ].sort();
    for (const name of this.speakerNames) {
      const surname = name.split(/\s+/).at(-1)?.toLowerCase();
      if (surname === undefined || surname.length <= 2) continue;
      this.surnames.set(surname, [...(this.surnames.get(surname) ?? []), name]);
    }
    const speakerIndex = new Map(this.speakerNames.map((name, i) => [name, i]));
    for (const statement of index.statements) {
      const date = dateNumber(statement.date);
      const speaker = statement.speaker ? speakerIndex.get(statement.speaker)! : -1;
      for (const chunk of statement.chunks) {
        this.labels.date[chunk.label] = date;
        this.labels.speaker[chunk.label] = speaker;
      }
    }
    this.keyword = new KeywordSearch(
      index.lexical,
      index.manifest.counts.chunks,
      this.labels,
      options.keywordThread ?? false,
      options.onKeywordThreadLost,
    );
    this.minRelevance = options.minRelevance ?? DEFAULT_MIN_RELEVANCE;
    this.calibration = options.calibration ?? MINILM_CALIBRATION;
  }

  /**
   * Loads the index. An embedder whose model differs from the index's is not used (the vectors
   * would not be comparable): the engine then answers with keyword search and says so in `warning`.
   */
  static async open(
    indexDir: string,
    embedder: Embedder | null,
    options: EngineOptions = {},
  ): Promise<{ engine: SearchEngine; warning: string | null }> {
    const index = await loadIndex(indexDir);
    const model = index.manifest.model;
    let warning: string | null = null;
    let usable = embedder;
    if (
      model &&
      embedder &&
      (model.id !== embedder.modelId || model.dimension !== embedder.dimension)
    ) {
      warning = `The index was built with ${model.id} but the configured model is ${embedder.modelId}; answering with keyword search only. Run "npm run index" to rebuild it with the configured model.`;
      usable = null;
    } else if (model && !embedder) {
      warning = `The index has vectors from ${model.id}, but no embedding model is loaded; answering with keyword search only.`;
    } else if (!model && embedder) {
      warning = `The index was built without an embedding model; answering with keyword search only. Run "npm run index" to add vectors.`;
      usable = null;
    }
    return { engine: new SearchEngine(index, usable, options), warning };
  }

  get info() {
    return {
      statements: this.index.statements.length,
      chunks: this.byLabel.size,
      model: this.mode === "hybrid" ? this.embedder!.modelId : "none (keyword search)",
      mode: this.mode,
      generation: this.index.generation,
    };
  }

  private get mode(): "hybrid" | "keyword" {
    return this.embedder && this.index.vectors ? "hybrid" : "keyword";
  }

  /**
   * Resolves when background start-up is over: the keyword search thread is ready (true), or
   * keyword searches run on the calling thread (false). Questions are answered meanwhile.
   */
  whenStarted(): Promise<boolean> {
    return this.keyword.started;
  }

  /** Closes the keyword index once the questions being answered are done. */
  close(): void {
    this.closing = true;
    if (this.pending === 0) this.keyword.close();
  }

  async ask(question: string, options: AskOptions = {}): Promise<AskResult> {
    if (this.closing) throw new Error("This search engine was closed.");
    this.pending++;
    try {
      return await this.answer(question, options);
    } finally {
      this.pending--;
      if (this.closing && this.pending === 0) this.keyword.close();
    }
  }

  private readonly documentFrequency = (term: string): number =>
    this.index.documentFrequency.get(term) ?? 0;

  private async answer(question: string, options: AskOptions): Promise<AskResult> {
    const started = performance.now();
    const k = options.k ?? 5;
    if (!Number.isInteger(k) || k < 1 || k > MAX_K)
      throw new QueryError(`k must be a whole number from 1 to ${MAX_K}, got ${k}.`);
    const offset = options.offset ?? 0;
    const parsed = parseQuestion(question);
    const dates = mergeDates(
      {
        since: checkDateOption("since", options.since),
        until: checkDateOption("until", options.until),
      },
      parsed.dates,
    );
    if (dates.since && dates.until && dates.since > dates.until) {
      throw new QueryError(`since (${dates.since}) is after until (${dates.until}): swap them.`);
    }
    const speaker = options.speaker?.trim() || null;
    const filters = { since: dates.since, until: dates.until, speaker };
    const filter = this.filterFor(filters);
    const allowed = filter ? labelFilter(this.labels, filter) : undefined;
    const queryTerms = terms(parsed.searchText);
    const weights = termWeights(queryTerms, this.documentFrequency, this.byLabel.size);
    const synonyms = new Map(queryTerms.map((t) => [t, this.index.synonyms[t] ?? []]));
    const knownShare = coverage(
      weights,
      new Set(queryTerms.filter((t) => this.index.documentFrequency.has(t))),
      synonyms,
    );
    const searchTerms = [...new Set([...queryTerms, ...[...synonyms.values()].flat()])];
    // With the keyword thread on, SQLite searches there while this thread embeds the question,
    // searches the graph and reads the graph's candidates; without it, at the first await.
    const keywordHits = this.keyword.search(
      affordableTerms(searchTerms, this.documentFrequency),
      CANDIDATES,
      filter,
    );
    keywordHits.catch(() => undefined); // awaited below; not unhandled if embedding throws first
    const similarity = new Map<number, number>();
    const dense: number[] = [];
    if (this.mode === "hybrid") {
      const [vector] = await this.embedder!.embed([parsed.searchText]);
      for (const hit of this.index.vectors!.search(vector!, CANDIDATES, allowed)) {
        const located = this.byLabel.get(hit.label);
        if (!located) continue;
        similarity.set(hit.label, hit.similarity);
        dense.push(hit.label);
        this.analysed(located);
      }
    }
    const lexical = (await keywordHits).filter((hit) => this.byLabel.has(hit.label));
    const fused = reciprocalRankFusion([
      dense.map(String),
      lexical.map((hit) => String(hit.label)),
    ]);
    const lists = this.mode === "hybrid" ? 2 : 1;
    const bestPossible = lists / 61;
    const namedSpeakers = this.speakersNamedIn(question);

    const candidates = [...fused.entries()].map(([id, rrf]) => {
      const label = Number(id);
      const located = this.byLabel.get(label)!;
      const analysed = this.analysed(located);
      const quote = selectQuote(
        located.statement,
        toChunk(located.statement, located.chunk, located.ordinal),
        weights,
        parsed.wantsFigure,
        synonyms,
        analysed.sentences,
      );
      const lexicalCoverage = coverage(weights, analysed.terms, synonyms);
      // Closeness in meaning counts less when the corpus never uses the question's words at all:
      // then the question is most likely about something the statements do not cover.
      const meaning = calibrate(similarity.get(label) ?? null, this.calibration);
      const relevance = Math.max(lexicalCoverage, meaning * (0.5 + 0.5 * knownShare));
      const speakerMatch =
        located.statement.speaker !== null && namedSpeakers.includes(located.statement.speaker);
      // Extra credit: the question's words together in the quoted sentence, a figure for "how
      // many" questions, the speaker the question names.
      const bonus =
        0.1 * quote.coverage +
        (parsed.wantsFigure && quote.hasFigure ? 0.1 : 0) +
        (speakerMatch ? 0.1 : 0);
      return {
        id,
        label,
        date: located.statement.date,
        relevance,
        fused: rrf / bestPossible,
        bonus,
        quote,
        located,
      };
    });
    const ordered = dedupe(
      orderCandidates(candidates, {
        minRelevance: options.minRelevance ?? this.minRelevance,
        wantsLatest: parsed.wantsLatest,
      }),
    );
    const page = ordered.slice(offset, offset + k);
    const passages: Passage[] = page.map((item) => {
      const s = item.located.statement;
      return {
        quote: s.text.slice(item.quote.start, item.quote.end),
        start: item.quote.start,
        end: item.quote.end,
        chunkId: `${s.docId}::${item.located.ordinal}`,
        date: s.date,
        speaker: s.speaker,
        title: s.title,
        source: s.source,
        url: s.url,
        docId: s.docId,
        score: item.score,
        match: "answer",
      };
    });
    return {
      question,
      passages,
      hasMore: ordered.length > offset + k,
      filters,
      period: null,
      mode: this.mode,
      tookMs: performance.now() - started,
    };
  }

  statement(docId: string): Statement | null {
    const stored = this.byDoc.get(docId);
    if (!stored) return null;
    const { hash: _hash, chunks: _chunks, ...statement } = stored;
    return statement;
  }

  statements(): StatementSummary[] {
    return this.index.statements
      .map((s) => ({
        docId: s.docId,
        date: s.date,
        title: s.title,
        speaker: s.speaker,
        source: s.source,
        url: s.url,
        chunks: s.chunks.length,
      }))
      .sort((a, b) => b.date.localeCompare(a.date) || a.docId.localeCompare(b.docId));
  }

  speakers(): string[] {
    return this.speakerNames;
  }

  /** A chunk's terms and sentence analysis, kept for the chunks most recently ranked. */
  private analysed(located: Located): Analysed {
    let entry = this.analyses.get(located.chunk.label);
    if (!entry) {
      const s = located.statement;
      const sentences = analyseSentences(s, toChunk(s, located.chunk, located.ordinal));
      const chunkTerms = new Set(terms(`${s.title ?? ""} ${s.speaker ?? ""}`));
      for (const set of sentences.terms) for (const term of set) chunkTerms.add(term);
      entry = { sentences, terms: chunkTerms };
      if (this.analyses.size >= ANALYSED_CHUNKS) this.analyses.clear();
      this.analyses.set(located.chunk.label, entry);
    }
    return entry;
  }

  /** The date and speaker filter as data; null when every chunk passes. */
  private filterFor(filters: {
    since: string | null;
    until: string | null;
    speaker: string | null;
  }): FilterSpec | null {
    if (!filters.since && !filters.until && !filters.speaker) return null;
    const wanted = filters.speaker?.toLowerCase() ?? null;
    return {
      since: filters.since ? dateNumber(filters.since) : 0,
      until: filters.until ? dateNumber(filters.until) : Number.MAX_SAFE_INTEGER,
      speakers: wanted
        ? Uint8Array.from(this.speakerNames, (name) =>
            name.toLowerCase().includes(wanted) ? 1 : 0,
          )
        : null,
    };
  }

  /** Known speakers whose surname the question mentions. */
  private speakersNamedIn(question: string): string[] {
    const named = new Set<string>();
    for (const word of question.toLowerCase().match(/[\p{L}'-]+/gu) ?? [])
      for (const name of this.surnames.get(word) ?? []) named.add(name);
    return this.speakerNames.filter((name) => named.has(name));
  }
}

/** Overlapping chunks can pick the same sentence; keep the best-placed copy. */
function dedupe<T extends { located: Located; quote: { start: number; end: number } }>(
  items: T[],
): T[] {
  const seen: Array<{ docId: string; start: number; end: number }> = [];
  return items.filter((item) => {
    const docId = item.located.statement.docId;
    const overlaps = seen.some(
      (s) => s.docId === docId && item.quote.start < s.end && s.start < item.quote.end,
    );
    if (overlaps) return false;
    seen.push({ docId, start: item.quote.start, end: item.quote.end });
    return true;
  });
}
