/** What every command, component and event handler receives. */
import type { Logger } from "pino";
import type { Retriever } from "../retrieval/index.js";
import type { AnswerStore } from "./answer-store.js";
import type { QuestionLimiter } from "./limits.js";
import type { BotMetrics } from "./metrics.js";
import type { SettingsStore } from "./settings.js";

/** Re-indexing as the bot sees it: the indexer runs elsewhere (a child process). */
export interface Reindexer {
  /** Starts a re-index; progress lines arrive through onProgress; resolves with a summary. */
  run(by: string, onProgress: (line: string) => void): Promise<string>;
  /** Who is re-indexing now, if anyone. */
  running(): { by: string; since: Date } | null;
}

export interface BotContext {
  retriever: Retriever;
  answers: AnswerStore;
  settings: SettingsStore;
  limiter: QuestionLimiter;
  reindexer: Reindexer | null;
  metrics: BotMetrics;
  log: Logger;
}
