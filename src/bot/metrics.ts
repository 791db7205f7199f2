/**
 * The bot's Prometheus metrics (prom-client), one registry per process. With shards, each shard
 * process labels its series with `shard` and the manager merges them (metrics-server.ts).
 */
import {
  Counter,
  Gauge,
  Histogram,
  type MetricObjectWithValues,
  type MetricValue,
  Registry,
  collectDefaultMetrics,
} from "prom-client";
import type { AskResult } from "../retrieval/index.js";

/** What became of a question. */
export type QuestionOutcome = "answered" | "related_only" | "unanswered" | "refused" | "error";
/** Where a question came from: /ask, a mention, the "More results" button, or /trend. */
export type QuestionSource = "ask" | "mention" | "more" | "trend";

/** The served index as the metrics see it. */
export interface ServedIndex {
  info: { statements: number; chunks: number };
  /** When the served generation was built (ISO time), if known. */
  builtAt: string | null;
}

export class BotMetrics {
  readonly registry = new Registry();
  private readonly questions: Counter<"command" | "outcome">;
  private readonly answerSeconds: Histogram<"command">;
  private readonly reindexRuns: Counter<"result">;
  private readonly reindexSeconds: Histogram<"result">;
  private readonly rest429: Counter;

  constructor(options: { index: ServedIndex; shard?: number | null; processMetrics?: boolean }) {
    const registers = [this.registry];
    if (options.shard !== undefined && options.shard !== null)
      this.registry.setDefaultLabels({ shard: String(options.shard) });
    if (options.processMetrics !== false)
      collectDefaultMetrics({ register: this.registry, prefix: "verbatim_" });
    this.questions = new Counter({
      name: "verbatim_questions_total",
      help: "Questions by command (ask, mention, more, trend) and outcome (answered, related_only, unanswered, refused, error).",
      labelNames: ["command", "outcome"],
      registers,
    });
    this.answerSeconds = new Histogram({
      name: "verbatim_answer_seconds",
      help: "Time to find an answer and record it (retrieval and database), by command.",
      labelNames: ["command"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.reindexRuns = new Counter({
      name: "verbatim_reindex_runs_total",
      help: "Re-index runs started from Discord, by result (success, failure).",
      labelNames: ["result"],
      registers,
    });
    this.reindexSeconds = new Histogram({
      name: "verbatim_reindex_seconds",
      help: "Duration of re-index runs started from Discord, by result.",
      labelNames: ["result"],
      buckets: [1, 5, 15, 60, 300, 900, 3600],
      registers,
    });
    this.rest429 = new Counter({
      name: "verbatim_discord_rest_429_total",
      help: "HTTP 429 (rate limited) responses seen from Discord's REST API.",
      registers,
    });
    const { index } = options;
    new Gauge({
      name: "verbatim_index_statements",
      help: "Statements in the index being served.",
      registers,
      collect() {
        this.set(index.info.statements);
      },
    });
    new Gauge({
      name: "verbatim_index_chunks",
      help: "Chunks (passages) in the index being served.",
      registers,
      collect() {
        this.set(index.info.chunks);
      },
    });
    new Gauge({
      name: "verbatim_index_age_seconds",
      help: "Seconds since the index being served was built.",
      registers,
      collect() {
        if (index.builtAt) this.set((Date.now() - Date.parse(index.builtAt)) / 1000);
      },
    });
  }

  /** A question answered, with how long it took (for /trend: the passages its figures come from). */
  answered(command: QuestionSource, result: Pick<AskResult, "passages">, seconds: number): void {
    this.questions.inc({ command, outcome: outcomeOf(result) });
    this.answerSeconds.observe({ command }, seconds);
  }

  /** A question not answered: refused (limits, settings, bad dates) or failed. */
  notAnswered(command: QuestionSource, outcome: "refused" | "error"): void {
    this.questions.inc({ command, outcome });
  }

  reindexed(result: "success" | "failure", seconds: number): void {
    this.reindexRuns.inc({ result });
    this.reindexSeconds.observe({ result }, seconds);
  }

  rateLimited(): void {
    this.rest429.inc();
  }

  /** This process's metrics as JSON, for a shard manager to merge. */
  asJson(): Promise<Array<MetricObjectWithValues<MetricValue<string>>>> {
    return this.registry.getMetricsAsJSON();
  }
}

export function outcomeOf(result: Pick<AskResult, "passages">): QuestionOutcome {
  if (result.passages.some((p) => p.match === "answer")) return "answered";
  return result.passages.length > 0 ? "related_only" : "unanswered";
}
