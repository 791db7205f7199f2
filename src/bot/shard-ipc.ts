/**
 * The shard manager and its shard processes talk over the IPC channel discord.js's
 * ShardingManager opens: the manager asks every shard for its health and its metrics, each shard
 * answers for itself. Messages carry a `verbatim` field, which discord.js's own messages never do.
 */
import type { MetricObjectWithValues, MetricValue } from "prom-client";
import type { HealthReport } from "./health.js";

export type ShardMetricsJson = Array<MetricObjectWithValues<MetricValue<string>>>;

export type ShardRequest = { verbatim: "health" | "metrics"; id: number };
export type ShardReply =
  | { verbatim: "health"; id: number; report: HealthReport }
  | { verbatim: "metrics"; id: number; metrics: ShardMetricsJson }
  | { verbatim: "failed"; id: number; error: string };

export function isShardReply(message: unknown): message is ShardReply {
  return typeof message === "object" && message !== null && "verbatim" in message;
}

/** In a shard process: answers the manager's requests. */
export function answerShardRequests(sources: {
  health(): Promise<HealthReport>;
  metrics(): Promise<ShardMetricsJson>;
}): void {
  process.on("message", (message: unknown) => {
    if (!isShardReply(message)) return;
    const request = message as unknown as ShardRequest;
    const reply = async (): Promise<ShardReply> =>
      request.verbatim === "health"
        ? { verbatim: "health", id: request.id, report: await sources.health() }
        : { verbatim: "metrics", id: request.id, metrics: await sources.metrics() };
    void reply()
      .catch((error: unknown) => ({
        verbatim: "failed" as const,
        id: request.id,
        error: (error as Error).message,
      }))
      .then((answer) => process.send?.(answer));
  });
}
