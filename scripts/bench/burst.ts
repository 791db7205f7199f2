/**
 * A burst of questions: N members each send /ask within a couple of seconds, to the real bot (real
 * discord.js, real retrieval) through the fake Discord on 127.0.0.1, and the script times how long
 * each waits for the deferral and for the answer. Every burst runs with discord.js's default REST
 * settings (every request held to 50 a second) and with the bot's own, alternately, several times.
 *
 *   npx tsx scripts/bench/burst.ts [--sizes 200,500] [--spread 2000] [--runs 3]
 *                                  [--scenarios test,bench,disk] [--write] [--out FILE]
 *                                  [--json FILE] [--render FILE]
 *
 * Scenarios (all by default):
 *   test   the small test model (a question costs little, so what is left is the bot and its REST
 *          traffic); the index and the bot's SQLite database in memory (/dev/shm)
 *   bench  the random-weight all-MiniLM-L6-v2-shaped model (a question costs what it costs with
 *          the real model); in memory
 *   disk   the test model, the database in the OS's temporary folder on disk, as shipped
 * It also times recording one answer in the bot's database (two commits, which better-sqlite3
 * makes synchronously, on the event loop), on disk and in memory.
 * Standard output: the markdown section; --write also puts it into docs/benchmarks.md, between the
 * burst markers (npm run bench keeps that section). Standard error: progress. The results are saved
 * as JSON (default .cache/bench/burst.json); --render FILE renders such a file again, measuring
 * nothing.
 */
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Events, type RESTOptions } from "discord.js";
import { sql } from "kysely";
import { pino } from "pino";
import { AnswerStore } from "../../src/bot/answer-store.js";
import { createBot } from "../../src/bot/client.js";
import { openDatabase } from "../../src/bot/db.js";
import { BotMetrics } from "../../src/bot/metrics.js";
import { QuestionLimiter } from "../../src/bot/limits.js";
import { DEFAULT_SETTINGS, SettingsStore } from "../../src/bot/settings.js";
import { TransformersEmbedder } from "../../src/retrieval/embedder.js";
import { plural } from "../../src/plural.js";
import { RetrievalService } from "../../src/retrieval/service.js";
import { FakeDiscord } from "../testing/fake-discord/index.js";
import { writeBenchModel } from "../make-bench-model.js";
import {
  DEFAULT_CORPUS_DIRS,
  DEFAULT_TEST_MODEL_DIR,
  readCorpusText,
  writeTestModel,
} from "../make-test-model.js";
import { BURST_SECTION, withSection } from "./sections.js";
import { log, machineFacts, percentile } from "./stats.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "200,500" },
    spread: { type: "string", default: "2000" },
    runs: { type: "string", default: "3" },
    scenarios: { type: "string", default: "test,bench,disk" },
    write: { type: "boolean", default: false },
    out: { type: "string", default: path.join(ROOT, "docs", "benchmarks.md") },
    json: { type: "string", default: path.join(ROOT, ".cache", "bench", "burst.json") },
    render: { type: "string" },
  },
});

interface Scenario {
  name: string;
  description: string;
  model: "test" | "bench";
  /** Where the index and the bot's database go. */
  folder: string;
}
const MEMORY = existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
const SCENARIOS: Scenario[] = [
  {
    name: "test",
    description: "test model, database in memory",
    model: "test",
    folder: MEMORY,
  },
  {
    name: "bench",
    description: "MiniLM-shaped model, database in memory",
    model: "bench",
    folder: MEMORY,
  },
  {
    name: "disk",
    description: "test model, database on disk (as shipped)",
    model: "test",
    folder: os.tmpdir(),
  },
];

const sizes = values.sizes.split(",").map((s) => Number(s.trim()));
const spreadMs = Number(values.spread);
const runs = Number(values.runs);
const scenarios = values.scenarios.split(",").map((name) => {
  const scenario = SCENARIOS.find((s) => s.name === name.trim());
  if (!scenario)
    throw new Error(`--scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}; got "${name}"`);
  return scenario;
});
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(spreadMs >= 0))
  throw new Error("--sizes: whole numbers ≥ 1, comma-separated; --spread: milliseconds ≥ 0");
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs: a whole number ≥ 1");

interface Setup {
  name: string;
  /** REST settings over the bot's own; null: the bot as shipped. */
  rest: Partial<RESTOptions> | null;
}
const SETUPS: Setup[] = [
  { name: "before", rest: { globalRequestsPerSecond: 50 } },
  { name: "after", rest: null },
];

interface RunResult {
  scenario: string;
  setup: string;
  size: number;
  /** Seconds from each question's dispatch to its deferral, and to its answer. */
  acked: number[];
  answered: number[];
  failed: number;
  /** CPU time the process (bot and fake) spent from the first question to the last answer. */
  cpuSeconds: number;
}

/** Everything the report is made of, saved as JSON. */
interface BurstReport {
  date: string;
  facts: ReturnType<typeof machineFacts>;
  load: string;
  sizes: number[];
  spreadMs: number;
  runs: number;
  scenarios: Array<Pick<Scenario, "name" | "description">>;
  results: RunResult[];
  commits: CommitCost[];
}

async function main(): Promise<void> {
  const report: BurstReport = values.render
    ? (JSON.parse(await readFile(values.render, "utf8")) as BurstReport)
    : await measure();
  if (!values.render) {
    await mkdir(path.dirname(values.json), { recursive: true });
    await writeFile(values.json, JSON.stringify(report, null, 1));
  }
  const section = render(report);
  process.stdout.write(`${section}\n`);
  if (values.write) {
    await writeSection(values.out, section);
    log(`wrote ${path.relative(process.cwd(), values.out)}`);
  }
}

async function measure(): Promise<BurstReport> {
  const facts = machineFacts();
  const loadBefore = os.loadavg()[0]!;
  log(`${facts.cpu}, ${facts.cores} cores, Node ${facts.node}; load ${loadBefore.toFixed(1)}`);
  // Questions of the kinds members ask, from the evaluation set's development split.
  const questions = (await readFile(path.join(ROOT, "test", "eval", "unseen", "dev.jsonl"), "utf8"))
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { question: string }).question);
  const results: RunResult[] = [];
  for (const scenario of scenarios) {
    const work = await mkdtemp(path.join(scenario.folder, "verbatim-burst-"));
    try {
      const service = await openService(scenario.model, path.join(work, "index"));
      for (let run = 1; run <= runs; run++) {
        for (const size of sizes) {
          for (const setup of SETUPS) {
            const result = await burst(setup, size, { service, questions, work, scenario });
            log(
              `${scenario.name}, run ${run}, ${size} in ${spreadMs} ms, ${setup.name}: answered p50 ${fmt(percentile(result.answered, 50))} s, p95 ${fmt(percentile(result.answered, 95))} s; CPU ${fmt(result.cpuSeconds)} s; ${result.failed} unanswered; load ${os.loadavg()[0]!.toFixed(1)}`,
            );
            results.push({ ...result, scenario: scenario.name });
          }
        }
      }
      service.close();
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  const commits = await commitCosts();
  return {
    date: new Date().toISOString().slice(0, 10),
    facts,
    load: `${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after`,
    sizes,
    spreadMs,
    runs,
    scenarios: scenarios.map(({ name, description }) => ({ name, description })),
    results,
    commits,
  };
}

interface CommitCost {
  where: string;
  /** Milliseconds to record one answer (question, then its first page), median of 3 × 300. */
  ms: number;
}

/** What recording an answer costs the event loop, by where the database is and its setting. */
async function commitCosts(): Promise<CommitCost[]> {
  const places = [
    {
      where: "on disk, as shipped (synchronous=NORMAL)",
      folder: os.tmpdir(),
      synchronous: "NORMAL",
    },
    { where: "on disk at synchronous=FULL", folder: os.tmpdir(), synchronous: "FULL" },
    { where: "in memory", folder: MEMORY, synchronous: "FULL" },
  ];
  const costs: CommitCost[] = [];
  for (const place of places) {
    const dir = await mkdtemp(path.join(place.folder, "verbatim-commits-"));
    try {
      const db = await openDatabase({ dataDir: dir });
      await sql.raw(`PRAGMA synchronous = ${place.synchronous}`).execute(db.query);
      const answers = new AnswerStore(db);
      const passes: number[] = [];
      for (let pass = 0; pass < 3; pass++) {
        const started = performance.now();
        for (let i = 0; i < 300; i++) {
          const where = { guildId: "1", channelId: "2", userId: String(i) };
          const id = await answers.create("question", { k: 3 }, where);
          await answers.recordPage(id, 0, {
            passages: [],
            tookMs: 1,
            mode: "hybrid",
            period: null,
            filters: { since: null, until: null, speaker: null },
          });
        }
        passes.push((performance.now() - started) / 300);
      }
      await db.close();
      costs.push({ where: place.where, ms: percentile(passes, 50) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  log(`recording an answer: ${costs.map((c) => `${c.ms.toFixed(2)} ms ${c.where}`).join("; ")}`);
  return costs;
}

async function openService(model: string, indexDir: string): Promise<RetrievalService> {
  const modelDir =
    model === "bench"
      ? path.join(ROOT, ".cache", "models", "bench-minilm-shape")
      : DEFAULT_TEST_MODEL_DIR;
  if (model === "bench") await writeBenchModel(modelDir);
  else await writeTestModel(modelDir, { extraText: await readCorpusText(DEFAULT_CORPUS_DIRS) });
  const embedder = await TransformersEmbedder.create({
    model: modelDir,
    cacheDir: ".cache/models",
  });
  const { service } = await RetrievalService.open({
    corpusDir: path.join(ROOT, "test", "eval", "unseen", "corpus"),
    indexDir,
    embedder,
    log: { info: () => undefined, warn: (m) => log(m) },
  });
  return service;
}

async function burst(
  setup: Setup,
  size: number,
  shared: { service: RetrievalService; questions: string[]; work: string; scenario: Scenario },
): Promise<Omit<RunResult, "scenario">> {
  const db = await openDatabase({ dataDir: await mkdtemp(path.join(shared.work, "data-")) });
  // One line per answer, as the bot logs, into nowhere.
  const botLog = pino({ level: "info" }, new Writable({ write: (_c, _e, done) => done() }));
  // A server that raised its per-minute cap; every question is from another member.
  const settings = new SettingsStore(db, {
    ...DEFAULT_SETTINGS,
    questionsPerMinute: 1000,
    cooldownSeconds: 0,
  });
  const fake = await FakeDiscord.start({ defaultTimeoutMs: 120_000 });
  const bot = await createBot({
    token: fake.token,
    apiBase: fake.apiBase,
    ctx: {
      retriever: shared.service,
      answers: new AnswerStore(db),
      settings,
      limiter: new QuestionLimiter(),
      reindexer: null,
      metrics: new BotMetrics({ index: shared.service, processMetrics: false }),
      log: botLog,
    },
    ...(setup.rest ? { rest: setup.rest } : {}),
  });
  const ready = once(bot.client, Events.ClientReady);
  await bot.start();
  await ready;
  try {
    // Warm up: a few questions one at a time.
    for (const question of shared.questions.slice(0, 5)) {
      await fake.sendSlashCommand({ name: "ask", options: { question } }).edited();
    }
    const acked: number[] = [];
    const answered: number[] = [];
    let failed = 0;
    const cpu = process.cpuUsage();
    const pending = Array.from({ length: size }, (_, i) => {
      const at = size > 1 ? (i * spreadMs) / (size - 1) : 0;
      return new Promise<void>((resolve) => {
        setTimeout(() => {
          const sent = performance.now();
          const handle = fake.sendSlashCommand({
            name: "ask",
            options: { question: shared.questions[i % shared.questions.length]! },
            user: { id: String(1_300_000_000_000_000_000n + BigInt(i)), username: `member${i}` },
          });
          void handle.callback().then(() => acked.push((performance.now() - sent) / 1000));
          handle.edited().then(
            () => {
              answered.push((performance.now() - sent) / 1000);
              resolve();
            },
            () => {
              failed++;
              const routes = fake.requests
                .filter((r) => r.route.includes(handle.token))
                .map((r) => `${r.method} ${r.route.replace(handle.token, ":token")} ${r.status}`);
              log(`  no answer for ${handle.id}: ${routes.join(", ") || "no request"}`);
              resolve();
            },
          );
        }, at);
      });
    });
    await Promise.all(pending);
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    return { setup: setup.name, size, acked, answered, failed, cpuSeconds };
  } finally {
    await bot.stop();
    await fake.close();
    await db.close();
  }
}

const fmt = (seconds: number) => (Number.isFinite(seconds) ? seconds.toFixed(2) : "–");

function render(report: BurstReport): string {
  const { sizes, spreadMs, runs, results, commits, facts } = report;
  const seconds = `${Number((spreadMs / 1000).toFixed(1))} s`;
  const runsOf = (scenario: string, setup: string, size: number) =>
    results.filter((r) => r.scenario === scenario && r.setup === setup && r.size === size);
  const median = (rs: RunResult[], pick: (r: RunResult) => number) => percentile(rs.map(pick), 50);
  const p95 = (r: RunResult) => percentile(r.answered, 95);
  const rows: string[] = [];
  for (const scenario of report.scenarios) {
    for (const setup of SETUPS) {
      const cells = sizes.map((n) => {
        const rs = runsOf(scenario.name, setup.name, n);
        const p95s = rs.map((r) => fmt(p95(r))).join(", ");
        const unanswered = rs.reduce((sum, r) => sum + r.failed, 0);
        const cpu = fmt(median(rs, (r) => r.cpuSeconds));
        return `**${fmt(median(rs, (r) => percentile(r.answered, 50)))} / ${fmt(median(rs, p95))}** (p95s ${p95s}; CPU ${cpu} s${unanswered ? `; ${unanswered} unanswered` : ""})`;
      });
      rows.push(`| ${scenario.description}, **${setup.name}** | ${cells.join(" | ")} |`);
    }
  }
  const largest = Math.max(...sizes);
  const perSecond = largest / Math.max(spreadMs / 1000, 1);
  const shipped = commits[0];
  const reading: string[] = [];
  const has = (name: string) => report.scenarios.some((s) => s.name === name);
  if (has("test")) {
    const before = median(runsOf("test", "before", largest), p95);
    const after = median(runsOf("test", "after", largest), p95);
    reading.push(
      `before, answers leave at 50 a second whatever else happens: ${largest} take about ${(largest / 50).toFixed(0)} s, p95 ${fmt(before)} s; after, with questions that cost little (test model), p95 ${fmt(after)} s`,
    );
  }
  if (has("bench")) {
    const rs = runsOf("bench", "after", largest);
    const perQuestion = (1000 * median(rs, (r) => r.cpuSeconds)) / largest;
    reading.push(
      `with the MiniLM-shaped model a question costs about ${perQuestion.toFixed(0)} ms of CPU here (embedding it, searching, and the fake's share), so ${largest} in ${seconds} are more work than the machine's ${facts.cores} shared cores do in ${seconds}: the answers then wait for the CPU rather than for the REST client (p95 ${fmt(median(rs, p95))} s after, ${fmt(median(runsOf("bench", "before", largest), p95))} s before)`,
    );
  }
  return [
    BURST_SECTION.start,
    "## Bursts of questions",
    "",
    `Generated by \`npx tsx scripts/bench/burst.ts --write\` on ${report.date}: ${facts.cpu}, ${facts.cores} cores, Node ${facts.node}. **Before**: discord.js's default REST settings; **after**: the bot's. In bold the medians over ${plural(runs, "run")} (before and after alternating) of each run's p50 and p95; in brackets each run's p95 and the median CPU time the process (bot and fake) used from the first question to the last answer. The machine is shared (load average ${report.load} on its ${facts.cores} cores), so runs vary.`,
    "",
    `| answer p50 / p95 (s) | ${sizes.map((n) => `${n} questions in ${seconds}`).join(" | ")} |`,
    `|---|${sizes.map(() => "---:").join("|")}|`,
    ...rows,
    "",
    ...(reading.length > 0 ? [`- **Reading the figures**: ${reading.join("; ")}.`] : []),
    "- **How**: the real bot (discord.js, the dispatcher, retrieval over the evaluation set's corpus, the answers database) logs in to the fake Discord on 127.0.0.1; after 5 warm-up questions, N members (distinct user ids, a server allowing 1,000 questions a minute) each send /ask with one of the evaluation questions, evenly spread over the seconds shown. Times run from the moment the fake dispatches the interaction to the moment it records the edit that carries the answer. The test model makes a question cheap, so what remains is the bot and its REST traffic; the MiniLM-shaped model (random weights) costs what the real model costs. Bot and fake share one process and the machine's cores, so the fake's own work is in the figures.",
    "- **Before and after**: @discordjs/rest counts every request against `globalRequestsPerSecond` (default 50) before sending it, in its per-route queue (`SequentialHandler`); only interaction callbacks (the deferral) skip the count, through their own `BurstHandler`. The answer is an edit of `@original` (`PATCH /webhooks/:app/:token/messages/@original`), which is counted, so in a burst answers queue behind 50 a second. Discord does not bind interaction endpoints to the global limit, so the bot sets `globalRequestsPerSecond` to unlimited (`src/bot/client.ts`). Per-route limits (each interaction token is a route of its own) and every 429 Discord sends, global ones included, are still waited out (`test/bot/faults.test.ts`); the bot's other requests (mention replies, direct messages) are bounded by their per-channel limits, and a global 429 pauses everything for its Retry-After.",
    ...(shipped
      ? [
          `- **The answers database**: each answer is recorded (for its buttons) in two SQLite commits, which better-sqlite3 makes synchronously, on the event loop. Recording one took ${commits.map((c) => `${c.ms.toFixed(2)} ms ${c.where}`).join(", ")}; at ${perSecond.toFixed(0)} answers a second (${largest} in ${seconds}) recording them as shipped takes ${((perSecond * shipped.ms) / 10).toFixed(0)}% of the event loop's time. A disk shared with other work can take much longer to flush. (The bot now uses synchronous=NORMAL: in WAL mode it is safe against a crash of the bot, not against a power cut, which can lose the last answers recorded.)`,
        ]
      : []),
    BURST_SECTION.end,
  ].join("\n");
}

/** Replaces the burst section of the report, or appends it. */
async function writeSection(file: string, section: string): Promise<void> {
  await writeFile(file, withSection(await readFile(file, "utf8").catch(() => ""), section));
}

await main();
