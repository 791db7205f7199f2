/** Starts the real bot (real discord.js, real retrieval with the generated model) against a fake Discord. */
import { once } from "node:events";
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { Events } from "discord.js";
import { pino } from "pino";
import { AnswerStore } from "../../src/bot/answer-store.js";
import { type Bot, createBot } from "../../src/bot/client.js";
import type { BotContext, Reindexer } from "../../src/bot/context.js";
import { openDatabase } from "../../src/bot/db.js";
import { QuestionLimiter } from "../../src/bot/limits.js";
import { BotMetrics } from "../../src/bot/metrics.js";
import { DEFAULT_SETTINGS, SettingsStore } from "../../src/bot/settings.js";
import { TransformersEmbedder } from "../../src/retrieval/embedder.js";
import { RetrievalService } from "../../src/retrieval/service.js";
import { FakeDiscord, type FakeDiscordOptions } from "../../scripts/testing/fake-discord/index.js";
import { TEST_MODEL_DIR, testModelEnv } from "../setup/global.js";
import { tempDir, writeFiles } from "../helpers.js";

export const SEED = "000_907870b53d1c0730.txt";

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  ctx: BotContext;
  service: RetrievalService;
  logs: Array<Record<string, unknown>>;
  root: string;
  corpusDir: string;
  indexDir: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  files?: Record<string, string>;
  fake?: FakeDiscordOptions;
  /** Reuse folders from an earlier harness (a restart). */
  root?: string;
  reindexer?: (parts: {
    service: RetrievalService;
    corpusDir: string;
    indexDir: string;
  }) => Reindexer;
  /** Seconds between questions; tests default to no cooldown. */
  cooldownSeconds?: number;
  /** The limiter's clock, so cooldowns can be tested without waiting. */
  clock?: () => number;
  /** A PostgreSQL database instead of SQLite in the harness's data folder. */
  databaseUrl?: string;
}

let embedder: TransformersEmbedder | null = null;

export async function testEmbedder(): Promise<TransformersEmbedder> {
  embedder ??= await TransformersEmbedder.create({
    model: TEST_MODEL_DIR,
    cacheDir: testModelEnv().MODEL_CACHE_DIR,
  });
  return embedder;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const root = options.root ?? (await tempDir("verbatim-bot-"));
  const corpusDir = path.join(root, "corpus");
  const indexDir = path.join(root, "index");
  const dataDir = path.join(root, "data");
  if (!options.root) {
    await mkdir(corpusDir, { recursive: true });
    await writeFiles(corpusDir, options.files ?? {});
    await copyFile(path.resolve("corpus", SEED), path.join(corpusDir, SEED));
  }
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: "debug" }, sink);
  const { service } = await RetrievalService.open({
    corpusDir,
    indexDir,
    embedder: await testEmbedder(),
    log: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
  });
  const db = await openDatabase({ dataDir, url: options.databaseUrl ?? null });
  const settings = new SettingsStore(db, {
    ...DEFAULT_SETTINGS,
    cooldownSeconds: options.cooldownSeconds ?? 0,
  });
  const ctx: BotContext = {
    retriever: service,
    answers: new AnswerStore(db),
    settings,
    limiter: new QuestionLimiter(options.clock),
    reindexer: options.reindexer?.({ service, corpusDir, indexDir }) ?? null,
    metrics: new BotMetrics({ index: service, processMetrics: false }),
    log,
  };
  const fake = await FakeDiscord.start(options.fake ?? {});
  const bot = await createBot({ token: fake.token, apiBase: fake.apiBase, ctx });
  const ready = once(bot.client, Events.ClientReady);
  await bot.start();
  await ready;
  return {
    fake,
    bot,
    ctx,
    service,
    logs,
    root,
    corpusDir,
    indexDir,
    dataDir,
    async close() {
      await bot.stop();
      await fake.close();
      service.close();
      await db.close();
    },
  };
}
