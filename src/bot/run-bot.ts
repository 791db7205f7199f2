/**
 * One bot process: retrieval, storage, Discord, and (when asked) the health and metrics listener.
 * `npm start` runs it directly with one shard; with DISCORD_SHARDS it runs once per shard process.
 */
import type { Config } from "../config.js";
import { loadEmbedder, RetrievalService } from "../retrieval/index.js";
import { AnswerStore } from "./answer-store.js";
import { type Bot, createBot } from "./client.js";
import { openDatabase } from "./db.js";
import { localHealth } from "./health.js";
import { QuestionLimiter } from "./limits.js";
import { createLogger } from "./logger.js";
import { BotMetrics } from "./metrics.js";
import { type MetricsServer, startMetricsServer } from "./metrics-server.js";
import { ChildProcessReindexer } from "./reindexer.js";
import { SettingsStore } from "./settings.js";
import { answerShardRequests } from "./shard-ipc.js";
import { stopOnSignals } from "./shutdown.js";
import { plural } from "../plural.js";

export interface RunBotOptions {
  config: Config;
  token: string;
  /** This process's shard, when a shard manager started it. */
  shard: { id: number; count: number } | null;
}

export async function runBot({ config, token, shard }: RunBotOptions): Promise<void> {
  const log = createLogger(config.logLevel, shard ? { shard: shard.id } : {});
  process.on("unhandledRejection", (reason) =>
    log.error({ err: reason }, "unhandled promise rejection"),
  );

  const { embedder, warning } = await loadEmbedder(config.embeddingModel, config.modelCacheDir);
  if (warning) log.warn(warning);
  // Warm the model once so the first question is as fast as the rest.
  if (embedder) await embedder.embed(["warm-up"]);
  const { service } = await RetrievalService.open({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embedder,
    log: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
    keywordThread: config.keywordThread,
  });
  await service.watchForNewIndex();
  log.info(
    { ...service.info },
    `Serving ${plural(service.info.statements, "statement")} (${plural(service.info.chunks, "chunk")}) with ${service.info.model}`,
  );

  const db = await openDatabase({
    dataDir: config.dataDir,
    url: config.databaseUrl,
    applicationName: shard ? `verbatim shard ${shard.id}` : "verbatim",
    onIdleError: (error) => log.warn({ err: error }, "database connection lost; reconnecting"),
  });
  const metrics = new BotMetrics({ index: service, shard: shard?.id ?? null });
  const bot: Bot = await createBot({
    token,
    apiBase: config.discordApiBase,
    ctx: {
      retriever: service,
      answers: new AnswerStore(db),
      settings: new SettingsStore(db),
      limiter: new QuestionLimiter(),
      reindexer: new ChildProcessReindexer({
        service,
        corpusDir: config.corpusDir,
        indexDir: config.indexDir,
        log,
      }),
      metrics,
      log,
    },
  });
  const health = () => localHealth({ client: bot.client, index: service, db });
  let listener: MetricsServer | null = null;
  if (shard) {
    // The shard manager serves /healthz and /metrics for every shard; it asks each one.
    answerShardRequests({ health, metrics: () => metrics.asJson() });
  } else if (config.metrics) {
    listener = await startMetricsServer(
      config.metrics,
      {
        health,
        metrics: async () => ({
          contentType: metrics.registry.contentType,
          body: await metrics.registry.metrics(),
        }),
      },
      (error) => log.error({ err: error }, "metrics listener failed"),
    );
    log.info({ url: listener.url }, `Health and metrics on ${listener.url}/healthz and /metrics`);
  }

  stopOnSignals(log, "shutting down: finishing answers in flight", async () => {
    await bot.stop();
    await listener?.close();
    service.close();
    await db.close();
  });

  try {
    await bot.start();
  } catch (error) {
    const message = (error as Error).message;
    const hint = /token/i.test(message)
      ? " Check DISCORD_TOKEN: copy it again from https://discord.com/developers/applications → your app → Bot."
      : "";
    log.fatal({ err: error }, `Could not connect to Discord: ${message}.${hint}`);
    process.stderr.write(`verbatim: Could not connect to Discord: ${message}.${hint}\n`);
    await bot.stop().catch(() => undefined);
    process.exit(1);
  }
}
