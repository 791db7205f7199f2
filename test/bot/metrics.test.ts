/** METRICS_PORT: /healthz and /metrics of a running bot, scraped as Prometheus would. */
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../scripts/testing/fake-discord/index.js";
import { freePort, tempDir } from "../helpers.js";
import { type BotProcess, startBotProcess } from "./bot-process.js";
import { SEED } from "./harness.js";

let fake: FakeDiscord;
let bot: BotProcess;
let base = "";

const get = async (route: string) => {
  const response = await fetch(`${base}${route}`);
  return { status: response.status, text: await response.text() };
};
const member = (n: number) => ({ id: `130000000000000020${n}`, username: `member${n}` });

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const root = await tempDir("verbatim-metrics-");
  await mkdir(path.join(root, "corpus"));
  await copyFile(path.resolve("corpus", SEED), path.join(root, "corpus", SEED));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  bot = startBotProcess(fake, {
    CORPUS_DIR: path.join(root, "corpus"),
    DATA_DIR: path.join(root, "data"),
    METRICS_PORT: String(port),
  });
  await bot.waitFor("Verbatim is online");
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

describe("the health and metrics listener", () => {
  it("reports healthy: the gateway connected, the index served, the database reachable", async () => {
    const { status, text } = await get("/healthz");
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      ok: true,
      shards: [{ id: 0, connected: true, status: "Ready" }],
      index: {
        generation: expect.stringMatching(/^gen-/),
        statements: 1,
        ageSeconds: expect.any(Number),
      },
      database: { kind: "sqlite", reachable: true },
    });
    expect((await get("/nothing")).status).toBe(404);
  });

  it("counts questions by command and outcome, latency, Discord's 429s and the index served", async () => {
    const answered = fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
      user: member(1),
    });
    await answered.edited();
    const unanswered = fake.sendSlashCommand({
      name: "ask",
      options: { question: "zzzqx wvvbk" },
      user: member(2),
    });
    await unanswered.edited();
    // A bad date is refused with a message, before anything is searched.
    const refused = fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many?", since: "2024-13-45" },
      user: member(3),
    });
    await refused.callback();
    // /trend is a question too; the seed gives one figure, so nothing to chart but an answer.
    const trend = fake.sendSlashCommand({
      name: "trend",
      options: { question: "how many are still missing?" },
      user: member(5),
    });
    await trend.edited();
    // Discord says "slow down" once; discord.js waits and retries.
    fake.failNext({
      method: "POST",
      path: "/interactions/:id/:token/callback",
      status: 429,
      retryAfterSeconds: 0.1,
    });
    const limited = fake.sendSlashCommand({ name: "help", user: member(4) });
    await limited.callback();

    await expect
      .poll(async () => (await get("/metrics")).text, { timeout: 10_000, interval: 100 })
      .toContain('verbatim_questions_total{command="ask",outcome="refused"} 1');
    const { status, text } = await get("/metrics");
    expect(status).toBe(200);
    expect(text).toContain('verbatim_questions_total{command="ask",outcome="answered"} 1');
    expect(text).toMatch(
      /verbatim_questions_total\{command="ask",outcome="(unanswered|related_only)"\} 1/,
    );
    expect(text).toContain('verbatim_questions_total{command="ask",outcome="refused"} 1');
    expect(text).toMatch(/verbatim_answer_seconds_count\{command="ask"\} 2/);
    expect(text).toContain('verbatim_questions_total{command="trend",outcome="answered"} 1');
    expect(text).toMatch(/verbatim_answer_seconds_count\{command="trend"\} 1/);
    expect(text).toContain("verbatim_discord_rest_429_total 1");
    expect(text).toContain("verbatim_index_statements 1");
    expect(text).toMatch(/verbatim_index_chunks \d+/);
    expect(text).toMatch(/verbatim_index_age_seconds \d/);
    expect(text).toContain("verbatim_process_resident_memory_bytes");
  });

  it("answers 503 naming the shard that lost Discord", async () => {
    await fake.close();
    await expect
      .poll(async () => (await get("/healthz")).status, { timeout: 15_000, interval: 200 })
      .toBe(503);
    const report = JSON.parse((await get("/healthz")).text) as { ok: boolean; shards: unknown[] };
    expect(report.ok).toBe(false);
    expect(report.shards).toEqual([expect.objectContaining({ id: 0, connected: false })]);
  });
});
