/** Answering questions over a loaded index: hybrid search, filters, ranking and quote selection. */
import type { DenseCalibration } from "./calibration.js";
import type { Embedder } from "./embedder.js";
import { QueryError } from "./errors.js";
import { featuresFor } from "./features.js";
import {
  type LoadedIndex,
  type StoredChunk,
  type StoredStatement,
  loadIndex,
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
import { questionTerms, subjectTerms } from "./match.js";
import { type ParsedQuestion, checkDateOption, parseQuestion } from "./query.js";
import {
  type QuestionContext,
  bestFused,
  denseWeight,
  orderPassages,
  reciprocalRankFusion,
  scoreChunk,
} from "./ranking.js";
import {
  type AskOptions,
  type AskResult,
  DEFAULT_MIN_RELEVANCE,
  MAX_K,
  type Passage,
  type Retriever,
  type Statement,
  type StatementSummary,
} from "./types.js";
import { RANKING } from "./weights.js";

interface Located {
  statement: StoredStatement;
  chunk: StoredChunk;
  ordinal: number;
}

export interface EngineOptions {
  minRelevance?: number;
  /** Overrides the calibration measured when the index was built (for experiments). */
  calibration?: DenseCalibration | null;
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
  private readonly speakerNames: string[];
  /** Lower-case surname → the speakers who have it. */
  private readonly surnames = new Map<string, string[]>();
  /** By label: date and speaker, for the date and speaker filters. */
  private readonly labels: LabelTables;
  private readonly keyword: KeywordSearch;
  private readonly minRelevance: number;
  private readonly calibration: DenseCalibration | null;
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
    this.calibration =
      options.calibration !== undefined
        ? options.calibration
        : (index.manifest.calibration ?? null);
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

  private async answer(question: string, options: AskOptions): Promise<AskResult> {
    const started = performance.now();
    const k = options.k ?? 5;
    if (!Number.isInteger(k) || k < 1 || k > MAX_K)
      throw new QueryError(`k must be a whole number from 1 to ${MAX_K}, got ${k}.`);
    const offset = options.offset ?? 0;
    const reading = this.read(question, options);
    const candidates = await this.gather(reading);
    const ordered = this.rank(reading, candidates, options.minRelevance ?? this.minRelevance);
    const page = ordered.slice(offset, offset + k);
    return {
      question,
      passages: page.map((item) => this.passage(item)),
      hasMore: ordered.length > offset + k,
      filters: reading.filters,
      period: reading.parsed.period
        ? {
            since: reading.parsed.period.since,
            until: reading.parsed.period.until,
            phrase: reading.parsed.period.phrase,
          }
        : null,
      mode: this.mode,
      tookMs: performance.now() - started,
    };
  }

  /** Reads the question: its terms against the corpus, its period and intent, the filters asked for. */
  private read(question: string, options: AskOptions): Reading {
    const parsed = parseQuestion(question);
    const filters = {
      since: checkDateOption("since", options.since),
      until: checkDateOption("until", options.until),
      speaker: options.speaker?.trim() || null,
    };
    if (filters.since && filters.until && filters.since > filters.until) {
      throw new QueryError(
        `since (${filters.since}) is after until (${filters.until}): swap them.`,
      );
    }
    const filter = this.filterFor(filters);
    const vocabulary = this.index.vocabulary;
    const matched = questionTerms(
      parsed.searchText,
      vocabulary,
      {
        synonyms: this.index.synonyms,
        related: this.index.lexicon.related,
        nouns: this.index.lexicon.nouns,
      },
      this.byLabel.size,
    );
    const years = parsed.period?.years ?? [];
    const context: QuestionContext = {
      terms: matched,
      wanted: featuresFor(parsed.answerType),
      hasPeriod: parsed.period !== null,
      periodYears: new Set(
        years.map((y) => vocabulary.id(y)).filter((id): id is number => id !== undefined),
      ),
      subject: subjectTerms(parsed.searchText, matched),
    };
    const period = parsed.period;
    return {
      parsed,
      filters,
      filter,
      allowed: filter ? labelFilter(this.labels, filter) : undefined,
      context,
      // The years named count in the keyword search (passages that mention them come up), not in
      // relevance: a statement about 2022 may well be dated 2023 and never write "2022".
      keywordTerms: [...matched.searchTerms, ...years],
      periodDates: period
        ? {
            since: period.since ? dateNumber(period.since) : 0,
            // Statements reporting on a period are often made within a year after it.
            until: period.until ? dateNumber(period.until) + 10_000 : Number.MAX_SAFE_INTEGER,
          }
        : null,
      namedSpeakers: this.speakersNamedIn(question),
    };
  }

  /** Candidate chunks from the keyword search and the vector search, fused by rank. */
  private async gather(reading: Reading): Promise<Candidate[]> {
    // With the keyword thread on, SQLite searches there while this thread embeds the question and
    // searches the graph; without it, at the first await.
    const keywordHits = this.keyword.search(
      affordableTerms(reading.keywordTerms, (t) => this.index.vocabulary.documentFrequency(t)),
      RANKING.candidates,
      reading.filter,
    );
    keywordHits.catch(() => undefined); // awaited below; not unhandled if embedding throws first
    const similarity = new Map<number, number>();
    const dense: number[] = [];
    if (this.mode === "hybrid") {
      const [vector] = await this.embedder!.embed([reading.parsed.searchText]);
      for (const hit of this.index.vectors!.search(vector!, RANKING.candidates, reading.allowed)) {
        if (!this.byLabel.has(hit.label)) continue;
        similarity.set(hit.label, hit.similarity);
        dense.push(hit.label);
      }
    }
    const lexical = (await keywordHits)
      .filter((hit) => this.byLabel.has(hit.label))
      .map((hit) => hit.label);
    const lists = this.mode === "hybrid" ? [lexical, dense] : [lexical];
    const weights = [1, denseWeight(this.calibration)];
    const best = bestFused(weights.slice(0, lists.length));
    return [...reciprocalRankFusion(lists, weights).entries()].map(([label, fused]) => ({
      located: this.byLabel.get(label)!,
      fused: fused / best,
      similarity: similarity.get(label) ?? null,
    }));
  }

  /** Scores each candidate, picks its quote, and orders answers and related passages. */
  private rank(
    reading: Reading,
    candidates: Candidate[],
    minRelevance: number,
  ): Array<RankedPassage & { match: "answer" | "related" }> {
    const scored: RankedPassage[] = [];
    for (const candidate of candidates) {
      const { statement, chunk } = candidate.located;
      const sentences = this.index.sentences.chunk(chunk.label);
      if (!sentences || sentences.terms.length !== chunk.sentences.length) continue;
      const date = dateNumber(statement.date);
      const quotes = scoreChunk(
        reading.context,
        {
          sentences,
          spans: chunk.sentences,
          fused: candidate.fused,
          similarity: candidate.similarity,
          speakerNamed:
            statement.speaker !== null && reading.namedSpeakers.includes(statement.speaker),
          datedInPeriod:
            reading.periodDates !== null &&
            date >= reading.periodDates.since &&
            date <= reading.periodDates.until,
        },
        this.calibration,
      );
      // Written out rather than spread: spreading each quote cost a third of this loop.
      for (const { start, end, relevance, score } of quotes)
        scored.push({
          start,
          end,
          relevance,
          score,
          located: candidate.located,
          docId: statement.docId,
          date: statement.date,
        });
    }
    return orderPassages(scored, { minRelevance, wantsLatest: reading.parsed.wantsLatest });
  }

  private passage(item: RankedPassage & { match: "answer" | "related" }): Passage {
    const s = item.located.statement;
    return {
      quote: s.text.slice(item.start, item.end),
      start: item.start,
      end: item.end,
      chunkId: `${s.docId}::${item.located.ordinal}`,
      date: s.date,
      speaker: s.speaker,
      title: s.title,
      source: s.source,
      url: s.url,
      docId: s.docId,
      score: Math.round(item.score * 1000) / 1000,
      relevance: Math.round(item.relevance * 1000) / 1000,
      match: item.match,
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

/** A question as the engine reads it. */
interface Reading {
  parsed: ParsedQuestion;
  filters: { since: string | null; until: string | null; speaker: string | null };
  filter: FilterSpec | null;
  allowed: ((label: number) => boolean) | undefined;
  context: QuestionContext;
  keywordTerms: string[];
  /** The question's period as YYYYMMDD bounds, its end extended by a year; null without one. */
  periodDates: { since: number; until: number } | null;
  namedSpeakers: string[];
}

interface Candidate {
  located: Located;
  /** Fused rank score, 0..1. */
  fused: number;
  similarity: number | null;
}

interface RankedPassage {
  located: Located;
  docId: string;
  date: string;
  start: number;
  end: number;
  relevance: number;
  score: number;
}
