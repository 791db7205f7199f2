/**
 * Retrieval's public module: what the bot, the command line and the chart may use. They import
 * from here only (an ESLint rule checks it), so retrieval's inner files can change without them.
 */
export {
  DEFAULT_MIN_RELEVANCE,
  MAX_K,
  type AskOptions,
  type AskResult,
  type Passage,
  type Retriever,
  type Statement,
  type StatementSummary,
} from "./types.js";
export { IndexError, QueryError, StrictCorpusError, describeError } from "./errors.js";
export { MAX_QUESTION_CHARS, validateQuestion, visibleQuestion } from "./query.js";
export { describeFilters } from "./describe.js";
export { SearchEngine } from "./engine.js";
export { RetrievalService } from "./service.js";
export { type BuildSummary, type IndexProgress, buildIndex } from "./indexer.js";
export { type Embedder, TransformersEmbedder, isLocalModel, loadEmbedder } from "./embedder.js";
export { forgetFailedDownload } from "./failed-download.js";
export { currentGeneration, readCurrentManifest } from "./store.js";
export { corpusChanged, describeCorpusChanges } from "./corpus-changes.js";
export { corpusChanges } from "./corpus-check.js";
export {
  type Trend,
  type TrendOptions,
  type TrendPoint,
  type TrendResult,
  chartable,
  collectTrend,
} from "./trend.js";
