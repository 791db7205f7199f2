/**
 * The shard manager (`npm start` with DISCORD_SHARDS above 1, or auto): discord.js's
 * ShardingManager runs one bot process per shard, each opening the same index and database, and
 * starts again any that dies. The manager itself holds no index or model: it asks Discord (at
 * DISCORD_API_BASE) how many shards to run, builds the index once if there is none, and serves
 * /healthz and /metrics for all shards by asking each one over IPC.
 */
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "node:child_process";
import {
  REST,
  type RESTGetAPIGatewayBotResult,
  Routes,
  type Shard,
  ShardingManager,
} from "discord.js";
import { AggregatorRegistry, Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { Config } from "../config.js";
import { currentGeneration } from "../retrieval/index.js";
import { type HealthReport, type ShardHealth, combine } from "./health.js";
import { createLogger } from "./logger.js";
import { type MetricsServer, startMetricsServer } from "./metrics-server.js";
import { ChildProcessReindexer } from "./reindexer.js";
import { type ShardMetricsJson, type ShardReply, isShardReply } from "./shard-ipc.js";
import { stopOnSignals } from "./shutdown.js";

const FROM_SOURCES = import.meta.url.endsWith(".ts");
const SHARD_FILE = fileURLToPath(new URL(`./shard.${FROM_SOURCES ? "ts" : "js"}`, import.meta.url));
/** Discord lets a bucket of shards identify once per 5 s; discord.js waits 5.5 s. */
const IDENTIFY_INTERVAL_MS = 5_500;
const SHARD_ANSWER_MS = 2_000;

export async function runShards({ config, token }: { config: Config; token: string }) {
  const log = createLogger(config.logLevel, { shard: "manager" });
  const gateway = await recommendedSharding(config.discordApiBase, token);
  const count = config.shards === "auto" ? gateway.shards : config.shards;
  // This machine's share of the shards (DISCORD_SHARD_LIST), or all of them.
  const list = config.shardList ?? [...Array(count).keys()];
  // Shards in one rate-limit bucket may identify together; spread the rest over the interval.
  const delay = Math.ceil(
    IDENTIFY_INTERVAL_MS / Math.max(1, gateway.session_start_limit.max_concurrency),
  );
  log.info(
    { shards: count, here: list, recommended: gateway.shards },
    list.length === count
      ? `Running ${count} shard processes (Discord recommends ${gateway.shards})`
      : `Running shards ${list.join(", ")} of ${count} here (Discord recommends ${gateway.shards})`,
  );

  if (currentGeneration(config.indexDir) === null) {
    // Built once here, so the shards do not race to build it.
    log.info(`No index in ${config.indexDir} yet: building it before starting the shards.`);
    const builder = new ChildProcessReindexer({
      service: { reload: async () => false },
      corpusDir: config.corpusDir,
      indexDir: config.indexDir,
      log,
    });
    log.info(await builder.run("the shard manager", (line) => log.info(line)));
  }

  const manager = new ShardingManager(SHARD_FILE, {
    totalShards: count,
    shardList: list,
    token,
    mode: "process",
    respawn: true,
    // The same Node.js flags as the manager (the TypeScript loader when run from the sources).
    execArgv:
      FROM_SOURCES && !process.execArgv.some((a) => a.includes("tsx"))
        ? ["--import", "tsx", ...process.execArgv]
        : process.execArgv,
  });
  const registry = new Registry();
  registry.setDefaultLabels({ shard: "manager" });
  collectDefaultMetrics({ register: registry, prefix: "verbatim_manager_" });
  const restarts = new Counter({
    name: "verbatim_shard_restarts_total",
    help: "Shard processes that died and were started again.",
    labelNames: ["shard"],
    registers: [registry],
  });
  new Gauge({
    name: "verbatim_shards",
    help: "Shard processes the manager runs.",
    registers: [registry],
    collect() {
      this.set(list.length);
    },
  });

  manager.on("shardCreate", (shard) => {
    // Process mode: each shard is a child process.
    shard.on("spawn", (spawned) => {
      const { pid } = spawned as ChildProcess;
      log.info({ shardId: shard.id, pid }, `shard ${shard.id} started (pid ${pid})`);
    });
    shard.on("ready", () => log.info({ shardId: shard.id }, `shard ${shard.id} is ready`));
    shard.on("death", (died) => {
      if (stopping()) return;
      const child = died as ChildProcess;
      restarts.inc({ shard: String(shard.id) });
      log.warn(
        { shardId: shard.id, exitCode: child.exitCode, signal: child.signalCode },
        `shard ${shard.id} died (${child.signalCode ?? `exit code ${child.exitCode}`}); starting it again`,
      );
    });
    shard.on("error", (error) => log.error({ err: error, shardId: shard.id }, "shard error"));
  });

  let listener: MetricsServer | null = null;
  if (config.metrics) {
    listener = await startMetricsServer(
      config.metrics,
      {
        health: () => shardsHealth(manager, list),
        metrics: async () => {
          const replies = await Promise.all(
            [...manager.shards.values()].map((shard) => askShard(shard, "metrics")),
          );
          const all: ShardMetricsJson[] = [await registry.getMetricsAsJSON()];
          for (const reply of replies) if (reply?.verbatim === "metrics") all.push(reply.metrics);
          const merged = AggregatorRegistry.aggregate(all);
          return { contentType: merged.contentType, body: await merged.metrics() };
        },
      },
      (error) => log.error({ err: error }, "metrics listener failed"),
    );
    log.info({ url: listener.url }, `Health and metrics on ${listener.url}/healthz and /metrics`);
  }

  const stopping = stopOnSignals(log, "shutting down the shards", async (signal) => {
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard, signal)));
    await listener?.close();
  });

  await manager.spawn({ amount: count, delay, timeout: 120_000 });
  log.info(list.length === 1 ? `Shard ${list[0]} is ready` : `All ${list.length} shards are ready`);
}

/** GET /gateway/bot at DISCORD_API_BASE (discord.js's own 'auto' always asks discord.com). */
async function recommendedSharding(
  apiBase: string,
  token: string,
): Promise<RESTGetAPIGatewayBotResult> {
  const rest = new REST({ api: apiBase }).setToken(token);
  try {
    return (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (error) {
    throw new Error(
      `Could not ask Discord (${apiBase}) how many shards to run: ${(error as Error).message}. Check DISCORD_TOKEN and DISCORD_API_BASE.`,
      { cause: error },
    );
  }
}

let nextRequest = 1;

/** One request to one shard process; null when it does not answer in time (dead, restarting). */
function askShard(shard: Shard, kind: "health" | "metrics"): Promise<ShardReply | null> {
  if (!shard.process) return Promise.resolve(null);
  const id = nextRequest++;
  return new Promise((resolve) => {
    const done = (reply: ShardReply | null) => {
      clearTimeout(timer);
      shard.off("message", onMessage);
      resolve(reply);
    };
    const onMessage = (message: unknown) => {
      if (isShardReply(message) && message.id === id) done(message);
    };
    const timer = setTimeout(() => done(null), SHARD_ANSWER_MS);
    shard.on("message", onMessage);
    shard.send({ verbatim: kind, id }).catch(() => done(null));
  });
}

async function shardsHealth(manager: ShardingManager, list: number[]): Promise<HealthReport> {
  const shards: ShardHealth[] = [];
  let index: HealthReport["index"] = null;
  let database: HealthReport["database"] | null = null;
  for (const id of list) {
    const shard = manager.shards.get(id);
    const reply = shard ? await askShard(shard, "health") : null;
    if (reply?.verbatim !== "health") {
      shards.push({ id, connected: false, status: "NotAnswering", pingMs: -1, generation: null });
      continue;
    }
    shards.push(...reply.report.shards);
    index ??= reply.report.index;
    if (!database || !reply.report.database.reachable) database = reply.report.database;
  }
  return combine(
    shards,
    index,
    database ?? { kind: "unknown", reachable: false, error: "no shard answered" },
  );
}

/** Asks a shard process to finish its answers and stop; resolves when it has exited. */
function stopShard(shard: Shard, signal: string): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal as NodeJS.Signals);
  });
}
