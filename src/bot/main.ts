/** npm start: the Discord bot. Composition root: configuration, retrieval, storage, Discord. */
import { pino } from "pino";
import { ConfigError, loadConfig, requireDiscord } from "../config.js";
import { loadEmbedder } from "../retrieval/embedder.js";
import { RetrievalService } from "../retrieval/service.js";
import { AnswerStore } from "./answers.js";
import { createBot } from "./client.js";
import { openDatabase } from "./db.js";
import { QuestionLimiter } from "./limits.js";
import { ChildProcessReindexer } from "./reindexer.js";
import { SettingsStore } from "./settings.js";

async function main(): Promise<void> {
  let config;
  let discord;
  try {
    config = loadConfig();
    discord = requireDiscord(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`verbatim: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel, base: { app: "verbatim" } });
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
    `Serving ${service.info.statements} statements (${service.info.chunks} chunks) with ${service.info.model}`,
  );

  const db = await openDatabase({
    dataDir: config.dataDir,
    url: config.databaseUrl,
    onIdleError: (error) => log.warn({ err: error }, "database connection lost; reconnecting"),
  });
  const bot = await createBot({
    token: discord.token,
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
      log,
    },
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing answers in flight");
    void bot
      .stop()
      .then(async () => {
        service.close();
        await db.close();
        log.info("stopped");
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, "error during shutdown");
        process.exit(1);
      });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));

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

main().catch((error: unknown) => {
  // A damaged index, an unreadable database...: one plain line that says what to do, then stop.
  process.stderr.write(`verbatim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
