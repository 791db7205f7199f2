/**
 * Figures for running Verbatim as a service (docs/benchmarks.md, "Operations"), measured on real
 * bot processes against the project's fake Discord on 127.0.0.1:
 *   - start time to the first answer, from the TypeScript sources (tsx) and from the build;
 *   - memory (RSS) of one bot process, and of each process with two shards, per index size;
 *   - /ask latency with the database in SQLite and in PostgreSQL (a throwaway local cluster), and
 *     the database's own share of a question (the store calls an answer makes).
 *
 *   npm run bench:ops -- [--sizes 10000,100000] [--questions 200] [--starts 3] [--no-write]
 *                        [--render .cache/bench/operations.json]
 *
 * The model is the random-weight all-MiniLM-L6-v2-shaped bench model (real inference cost). The
 * indexes are built with stand-in vectors (seeded random, normalised, recorded as the bench
 * model's): embedding 100k chunks takes about 13 minutes and changes nothing measured here.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { AnswerStore } from "../../src/bot/answer-store.js";
import { type Db, openDatabase } from "../../src/bot/db.js";
import { SettingsStore } from "../../src/bot/settings.js";
import { type Embedder, TransformersEmbedder } from "../../src/retrieval/embedder.js";
import { buildIndex } from "../../src/retrieval/indexer.js";
import type { Passage } from "../../src/retrieval/types.js";
import { FakeDiscord } from "../testing/fake-discord/index.js";
import { startPostgresCluster } from "../testing/postgres-cluster.js";
import { writeBenchModel } from "../make-bench-model.js";
import { generateQuestions, generateRecords, writeCorpus } from "./corpus.js";
import { MB, fmt, log, machineFacts, median, percentile } from "./stats.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MODEL_DIR = path.join(ROOT, ".cache", "models", "bench-minilm-shape");
const MARK_START = "<!-- operations: npm run bench:ops -->";
const MARK_END = "<!-- /operations -->";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    questions: { type: "string", default: "200" },
    starts: { type: "string", default: "3" },
    out: { type: "string", default: path.join(ROOT, "docs", "benchmarks.md") },
    "no-write": { type: "boolean", default: false },
    /** Re-render the section from an earlier run's JSON, measuring nothing. */
    render: { type: "string" },
  },
});
const sizes = values.sizes.split(",").map((s) => Number(s.trim()));
const questionCount = Number(values.questions);
const startRuns = Number(values.starts);
const MOD = { memberPermissions: ["ManageGuild" as const] };
/** Owned by shard 0 of 2 ((id >> 22) % 2); the fake's default guild is shard 1's. */
const GUILD_0 = "1200000000004194305";
const CHANNEL_0 = "1200000000004194306";

/** Seeded unit vectors under the bench model's id: the index a real build would make, in size. */
class StandInEmbedder implements Embedder {
  constructor(
    readonly modelId: string,
    readonly dimension: number,
  ) {}
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => {
      const seed = createHash("sha256").update(text).digest();
      const v = new Float32Array(this.dimension);
      for (let i = 0; i < v.length; i++) v[i] = (seed[i % 32]! ^ (i * 31)) / 255 - 0.5;
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
  }
}

interface BotRun {
  child: ChildProcess;
  output: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function startBot(fake: FakeDiscord, env: Record<string, string>, args: string[]): BotRun {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_BASE: fake.apiBase,
      EMBEDDING_MODEL: MODEL_DIR,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    child,
    output: () => out,
    async waitFor(pattern, timeoutMs = 300_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (child.exitCode !== null) throw new Error(`the bot exited:\n${out.slice(-2000)}`);
        if (Date.now() > until)
          throw new Error(`timed out waiting for ${pattern}:\n${out.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

let nextUser = 1;
async function askOnce(fake: FakeDiscord, question: string, guildId?: string): Promise<number> {
  const where = guildId === GUILD_0 ? { guildId: GUILD_0, channelId: CHANNEL_0 } : {};
  const started = performance.now();
  const handle = fake.sendSlashCommand({
    name: "ask",
    ...where,
    options: { question },
    user: { id: String(1_300_000_000_000_000_000n + BigInt(nextUser++)), username: "bench" },
  });
  await handle.edited(60_000);
  return performance.now() - started;
}

async function rssOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") * 1024, peak: kb("VmHWM") * 1024 };
}

/** Lets a moderator raise the per-server question limit so a run of questions is not refused. */
async function liftLimits(fake: FakeDiscord, guildId?: string): Promise<void> {
  const where = guildId === GUILD_0 ? { guildId: GUILD_0, channelId: CHANNEL_0 } : {};
  const set = fake.sendSlashCommand({
    name: "config",
    subcommand: "set",
    options: { setting: "questionsPerMinute", value: "1000" },
    ...where,
    ...MOD,
  });
  await set.callback();
}

type Results = Parameters<typeof render>[0];

async function main(): Promise<void> {
  if (values.render) {
    const earlier = JSON.parse(await readFile(values.render, "utf8")) as Results;
    const section = render(earlier);
    process.stdout.write(section);
    if (!values["no-write"]) await writeSection(values.out, section);
    return;
  }
  const work = await mkdtemp(path.join(os.tmpdir(), "verbatim-bench-ops-"));
  log(`working in ${work}`);
  await writeBenchModel(MODEL_DIR);
  const real = await TransformersEmbedder.create({ model: MODEL_DIR, cacheDir: ".cache/models" });
  const standIn = new StandInEmbedder(real.modelId, real.dimension);
  const questions = generateQuestions(questionCount).map((q) => q.question);

  const results: Record<string, unknown> = {};
  const indexes = new Map<number, { corpusDir: string; indexDir: string; chunks: number }>();
  for (const size of sizes) {
    const { records: prefix } = generateRecords(size);
    const corpusDir = path.join(work, `corpus-${size}`);
    const indexDir = path.join(work, `index-${size}`);
    await writeCorpus(corpusDir, prefix);
    log(`building a ${size}-chunk index with stand-in vectors`);
    const built = await buildIndex({ corpusDir, indexDir, embedder: standIn });
    indexes.set(size, { corpusDir, indexDir, chunks: built.chunks });
  }
  const smallest = indexes.get(Math.min(...sizes))!;

  // 1. Start time to the first answer: sources (tsx) against the build.
  log("npm run build");
  await promisify(execFile)("npm", ["run", "build"], { cwd: ROOT });
  const starts: Record<string, { online: number[]; firstAnswer: number[] }> = {};
  for (const [name, args, env] of [
    // tsx compiles each file once and caches it; after an upgrade the cache is cold.
    [
      "sources, tsx's cache off (as after an upgrade)",
      ["--import", "tsx", "src/bot/main.ts"],
      { TSX_DISABLE_CACHE: "1" },
    ],
    ["sources, tsx's cache warm (npm run dev)", ["--import", "tsx", "src/bot/main.ts"], {}],
    ["build (npm start: node scripts/start.mjs)", ["scripts/start.mjs"], {}],
  ] as const) {
    starts[name] = { online: [], firstAnswer: [] };
    for (let i = 0; i < startRuns + 1; i++) {
      const fake = await FakeDiscord.start();
      const dataDir = path.join(work, `data-start-${i}`);
      const started = performance.now();
      const bot = startBot(
        fake,
        { CORPUS_DIR: smallest.corpusDir, INDEX_DIR: smallest.indexDir, DATA_DIR: dataDir, ...env },
        [...args],
      );
      await bot.waitFor(/Verbatim is online/);
      const online = performance.now() - started;
      await askOnce(fake, questions[0]!);
      const firstAnswer = performance.now() - started;
      await bot.stop();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
      // The first run warms the OS file cache (and tsx's compile cache): not counted.
      if (i === 0) continue;
      starts[name]!.online.push(online);
      starts[name]!.firstAnswer.push(firstAnswer);
      log(`${name}: online ${online.toFixed(0)} ms, first answer ${firstAnswer.toFixed(0)} ms`);
    }
  }
  results.starts = starts;

  // 2. Memory: one process, and two shard processes plus their manager, per index size.
  const memory: Array<Record<string, number>> = [];
  for (const [size, index] of indexes) {
    const single = await FakeDiscord.start();
    const one = startBot(
      single,
      {
        CORPUS_DIR: index.corpusDir,
        INDEX_DIR: index.indexDir,
        DATA_DIR: path.join(work, `m1-${size}`),
      },
      ["scripts/start.mjs"],
    );
    await one.waitFor(/Verbatim is online/);
    await liftLimits(single);
    for (const q of questions.slice(0, 20)) await askOnce(single, q);
    const oneRss = await rssOf(one.child.pid!);
    await one.stop();
    await single.close();

    const fake = await FakeDiscord.start({
      shards: 2,
      guilds: [{}, { id: GUILD_0, channels: [{ id: CHANNEL_0, name: "general" }] }],
    });
    const manager = startBot(
      fake,
      {
        CORPUS_DIR: index.corpusDir,
        INDEX_DIR: index.indexDir,
        DATA_DIR: path.join(work, `m2-${size}`),
        DISCORD_SHARDS: "2",
      },
      ["scripts/start.mjs"],
    );
    await manager.waitFor(/All 2 shards are ready/);
    await liftLimits(fake);
    await liftLimits(fake, GUILD_0);
    for (const q of questions.slice(0, 20)) {
      await askOnce(fake, q);
      await askOnce(fake, q, GUILD_0);
    }
    const pids = [...manager.output().matchAll(/shard (\d) started \(pid (\d+)\)/g)].map((m) =>
      Number(m[2]),
    );
    const shardRss = await Promise.all(pids.map(rssOf));
    const managerRss = await rssOf(manager.child.pid!);
    await manager.stop();
    await fake.close();
    const row = {
      size,
      chunks: index.chunks,
      single: oneRss.rss,
      singlePeak: oneRss.peak,
      shard0: shardRss[0]!.rss,
      shard1: shardRss[1]!.rss,
      shardPeak: Math.max(...shardRss.map((r) => r.peak)),
      manager: managerRss.rss,
    };
    memory.push(row);
    log(`memory at ${size}: ${JSON.stringify(row)}`);
  }
  results.memory = memory;

  // 3. /ask latency with the database in SQLite and in PostgreSQL, and the database's share.
  const cluster = await startPostgresCluster();
  if (!cluster.available) throw new Error(`PostgreSQL is needed for this part: ${cluster.reason}`);
  const latency: Record<string, { p50: number; p99: number; dbP50: number; dbP99: number }> = {};
  try {
    const pgUrl = await createDatabase(cluster.url, "bench");
    for (const [name, databaseUrl] of [
      ["SQLite", null],
      ["PostgreSQL", pgUrl],
    ] as const) {
      const fake = await FakeDiscord.start();
      const dataDir = path.join(work, `lat-${name}`);
      const bot = startBot(
        fake,
        {
          CORPUS_DIR: smallest.corpusDir,
          INDEX_DIR: smallest.indexDir,
          DATA_DIR: dataDir,
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        },
        ["scripts/start.mjs"],
      );
      await bot.waitFor(/Verbatim is online/);
      await liftLimits(fake);
      for (const q of questions.slice(0, 20)) await askOnce(fake, q);
      const times: number[] = [];
      for (const q of questions) times.push(await askOnce(fake, q));
      await bot.stop();
      await fake.close();
      const db = await openDatabase({ dataDir: path.join(dataDir, "direct"), url: databaseUrl });
      const dbTimes = await databaseShare(db, 20 + questions.length);
      await db.close();
      latency[name] = {
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        dbP50: percentile(dbTimes, 50),
        dbP99: percentile(dbTimes, 99),
      };
      log(`${name}: ${JSON.stringify(latency[name])}`);
    }
  } finally {
    cluster.stop();
  }
  results.latency = latency;
  results.chunks = smallest.chunks;
  results.questions = questionCount;
  results.startRuns = startRuns;
  results.machine = machineFacts();
  await mkdir(path.join(ROOT, ".cache", "bench"), { recursive: true });
  await writeFile(
    path.join(ROOT, ".cache", "bench", "operations.json"),
    JSON.stringify(results, null, 2),
  );

  const section = render(results as Results);
  process.stdout.write(section);
  if (!values["no-write"]) await writeSection(values.out, section);
  await rm(work, { recursive: true, force: true });
}

/** The database calls one answered /ask makes (settings, the answer, its page), timed alone. */
async function databaseShare(db: Db, count: number): Promise<number[]> {
  const settings = new SettingsStore(db);
  const answers = new AnswerStore(db);
  const passages = Array.from({ length: 3 }, (_, i) => ({
    docId: `doc-${i}.txt`,
    start: 0,
    end: 200,
    quote: "x".repeat(200),
    date: "2024-01-01",
  })) as Passage[];
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await settings.get("1200000000000000001");
    const id = await answers.create(
      "question",
      { k: 3 },
      { guildId: "1200000000000000001", channelId: "c", userId: "u" },
    );
    await answers.recordPage(id, 0, {
      passages,
      tookMs: 12.3,
      mode: "hybrid",
      period: null,
      filters: { since: null, until: null, speaker: null },
    });
    times.push(performance.now() - started);
  }
  return times.slice(20);
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function render(r: {
  starts: Record<string, { online: number[]; firstAnswer: number[] }>;
  memory: Array<Record<string, number>>;
  latency: Record<string, { p50: number; p99: number; dbP50: number; dbP99: number }>;
  chunks: number;
  questions: number;
  startRuns: number;
  machine: ReturnType<typeof machineFacts>;
}): string {
  const m = r.machine;
  const firstAnswers = Object.values(r.starts).map((s) => median(s.firstAnswer));
  const built = firstAnswers.at(-1)!;
  const saved = (from: number) =>
    `${fmt(from - built)} ms (${fmt(((from - built) / from) * 100)} %)`;
  const largest = r.memory.at(-1)!;
  const perShard = Math.max(largest.shard0!, largest.shard1!);
  const shardsIn = (gib: number) => Math.floor((gib * 1024 * MB - largest.manager!) / perShard);
  const pg = r.latency.PostgreSQL;
  const lite = r.latency.SQLite;
  const mb = (bytes: number | undefined) => fmt((bytes ?? 0) / MB);
  const lines = [
    MARK_START,
    "## Operations",
    "",
    `Generated by \`npm run bench:ops\` on ${m.date}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}. Real bot processes against the fake Discord on 127.0.0.1, the MiniLM-shaped bench model, indexes built with stand-in vectors (the same size on disk and in memory as real ones).`,
    "",
    `**Start time to the first answer** (${r.chunks.toLocaleString("en-US")}-chunk index; median of ${r.startRuns} starts after one warm-up start; from spawning the process to the /ask reply):`,
    "",
    "| started from | online (ms) | first answer (ms) |",
    "|---|---:|---:|",
    ...Object.entries(r.starts).map(
      ([name, s]) => `| ${name} | ${fmt(median(s.online))} | ${fmt(median(s.firstAnswer))} |`,
    ),
    "",
    `The build answers first ${saved(firstAnswers[1]!)} sooner than the sources with tsx's cache warm, and ${saved(firstAnswers[0]!)} sooner than right after an upgrade (tsx compiles every file again). The rest of a start is loading modules (discord.js alone takes about 1 s to import here), the model and the index, warming the model, and logging in.`,
    "",
    "**Memory** (resident set after 20 answered questions per shard; the model included):",
    "",
    "| chunks | one process | each of 2 shard processes | shard manager | peak of a shard process |",
    "|---:|---:|---:|---:|---:|",
    ...r.memory.map(
      (row) =>
        `| ${fmt(row.chunks)} | ${mb(row.single)} MB | ${mb(row.shard0)} / ${mb(row.shard1)} MB | ${mb(row.manager)} MB | ${mb(row.shardPeak)} MB |`,
    ),
    "",
    `Each shard process holds its own model (about 230 MB) and index, so memory grows by one process's worth per shard: at ${fmt(largest.chunks)} chunks about ${mb(perShard)} MB, so a machine with 4 GiB holds about ${shardsIn(4)} shards and one with 16 GiB about ${shardsIn(16)} (less whatever else runs there, and each shard also needs CPU for its questions' embeddings: on 2 cores more shards add no speed). (Measured as /proc's VmRSS and VmHWM of each process; the cold-start "peak memory" in the table above is the benchmark child's maxRSS, which on Linux starts from the size of the benchmark process that forked it, so it overstates a bot process.)`,
    "",
    `**/ask with the database in SQLite and in PostgreSQL** (${r.questions} questions one after another through the fake Discord, after 20 warm-up; PostgreSQL 15 on the same machine, over TCP on 127.0.0.1). "Database share": the calls one answer makes (read the server's settings, record the answer and its page of passages), timed alone:`,
    "",
    "| database | /ask round trip p50 / p99 (ms) | database share p50 / p99 (ms) |",
    "|---|---:|---:|",
    ...Object.entries(r.latency).map(
      ([name, l]) =>
        `| ${name} | ${fmt(l.p50, 1)} / ${fmt(l.p99, 1)} | ${fmt(l.dbP50, 2)} / ${fmt(l.dbP99, 2)} |`,
    ),
    "",
    pg && lite
      ? `PostgreSQL costs ${fmt(pg.dbP50 - lite.dbP50, 1)} ms more per question at the median in database calls (network round trips where SQLite calls a library); the round trip through Discord, which also holds Discord's own REST calls (defer, then edit), moved from ${fmt(lite.p50, 1)} to ${fmt(pg.p50, 1)} ms in this run, on a machine whose 2 cores the PostgreSQL server shared with the bot and the fake Discord. Against Discord's own latency (tens to hundreds of ms per REST call) either is small.`
      : "",
    "",
    MARK_END,
    "",
  ];
  return lines.join("\n");
}

/** Replaces the operations section of the report (or appends it), leaving the rest as it is. */
async function writeSection(file: string, section: string): Promise<void> {
  const current = await readFile(file, "utf8").catch(() => "");
  const start = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + MARK_END.length).replace(/^\n+/, "")
      : `${current.trimEnd()}\n\n${section}`;
  await writeFile(file, next);
  log(`wrote ${path.relative(ROOT, file)}`);
}

await main();
