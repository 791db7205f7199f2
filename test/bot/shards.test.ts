/**
 * DISCORD_SHARDS=auto: the manager asks the fake Discord (which recommends 2), runs two shard
 * processes that identify as [0,2] and [1,2], each answers its own guilds, and a shard killed with
 * SIGKILL is started again while the other keeps answering.
 */
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_GUILD_ID, FakeDiscord } from "../../scripts/testing/fake-discord/index.js";
import { freePort, tempDir } from "../helpers.js";
import { type BotProcess, startBotProcess } from "./bot-process.js";
import { SEED } from "./harness.js";

/** Owned by shard 0: (id >> 22) % 2 = 0; the default guild is shard 1's. */
const GUILD_0 = "1200000000004194305";
const CHANNEL_0 = "1200000000004194306";

let fake: FakeDiscord;
let corpusDir = "";
let manager: BotProcess;
let base = "";
let nextUser = 1;

async function askIn(guildId: string): Promise<number> {
  const channelId = guildId === GUILD_0 ? CHANNEL_0 : fake.defaultChannelId;
  const ask = fake.sendSlashCommand({
    name: "ask",
    guildId,
    channelId,
    options: { question: "how many are still missing?" },
    user: { id: `13000000000000030${nextUser++}`, username: "member" },
  });
  await ask.edited(20_000);
  return ask.finalMessage().embeds.length;
}

const healthz = async () => {
  const response = await fetch(`${base}/healthz`);
  return (await response.json()) as {
    ok: boolean;
    shards: Array<{ id: number; connected: boolean; generation: string | null }>;
  };
};

beforeAll(async () => {
  fake = await FakeDiscord.start({
    shards: 2,
    guilds: [{}, { id: GUILD_0, channels: [{ id: CHANNEL_0, name: "general" }] }],
  });
  expect([fake.shardOf(GUILD_0), fake.shardOf(DEFAULT_GUILD_ID)]).toEqual([0, 1]);
  const root = await tempDir("verbatim-shards-");
  corpusDir = path.join(root, "corpus");
  await mkdir(corpusDir);
  await copyFile(path.resolve("corpus", SEED), path.join(corpusDir, SEED));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  manager = startBotProcess(fake, {
    DISCORD_SHARDS: "auto",
    CORPUS_DIR: path.join(root, "corpus"),
    DATA_DIR: path.join(root, "data"),
    METRICS_PORT: String(port),
  });
  await manager.waitFor("All 2 shards are ready", 90_000);
}, 120_000);

afterAll(async () => {
  expect(await manager?.stop()).toBe(0);
  await fake?.close();
});

describe("two shards", () => {
  it("identify as [0,2] and [1,2], and each answers the guilds it owns", async () => {
    expect(manager.output()).toContain("Running 2 shard processes (Discord recommends 2)");
    expect(fake.identifiedSessions.map((s) => s.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(await askIn(GUILD_0)).toBeGreaterThan(0);
    expect(await askIn(DEFAULT_GUILD_ID)).toBeGreaterThan(0);
    // Each shard process logged its own answer.
    await manager.waitFor(/"shard":0,[^\n]*"msg":"answered"/);
    await manager.waitFor(/"shard":1,[^\n]*"msg":"answered"/);
    expect(await healthz()).toMatchObject({
      ok: true,
      shards: [
        { id: 0, connected: true },
        { id: 1, connected: true },
      ],
    });
  });

  it("starts a shard killed with SIGKILL again; the other keeps answering meanwhile", async () => {
    const pid = Number(/shard 1 started \(pid (\d+)\)/.exec(manager.output())?.[1]);
    expect(pid).toBeGreaterThan(0);
    const sessionsBefore = fake.identifiedSessions.length;
    process.kill(pid, "SIGKILL");
    await manager.waitFor("shard 1 died (SIGKILL); starting it again");
    expect(await askIn(GUILD_0)).toBeGreaterThan(0);
    await fake.waitForShard(1, sessionsBefore, 60_000);
    await manager.waitFor(/shard 1 is ready[\s\S]*shard 1 is ready/, 30_000);
    expect(await askIn(DEFAULT_GUILD_ID)).toBeGreaterThan(0);

    expect((await healthz()).ok).toBe(true);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('verbatim_shard_restarts_total{shard="1"} 1');
    expect(metrics).toMatch(
      /verbatim_questions_total\{command="ask",outcome="answered",shard="0"\} 2/,
    );
    expect(metrics).toMatch(
      /verbatim_questions_total\{command="ask",outcome="answered",shard="1"\} 1/,
    );
  }, 90_000);

  it("re-indexes once from Discord, and every shard switches to the new index", async () => {
    const before = (await healthz()).shards.map((s) => s.generation);
    expect(before[0]).toBe(before[1]);
    await writeFile(
      path.join(corpusDir, "2026-01-01-new.md"),
      "---\ntitle: New\ndate: 2026-01-01\n---\nThe harbour reopened to ferries on Monday.",
    );
    const reindex = fake.sendSlashCommand({
      name: "reindex",
      guildId: GUILD_0,
      channelId: CHANNEL_0,
      memberPermissions: ["ManageGuild"],
    });
    await expect
      .poll(() => reindex.finalMessage().content, { timeout: 30_000, interval: 200 })
      .toMatch(/^Re-index finished: now answering from 2 statements/);
    await expect
      .poll(
        async () => {
          const now = (await healthz()).shards.map((s) => s.generation);
          return now.every((g) => g !== null && g !== before[0]) && now[0] === now[1];
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(true);
    // One build, in the one child process of the shard that was asked.
    expect(manager.output().match(/"msg":"re-indexed"/g)).toHaveLength(1);
  }, 60_000);
});

describe("shards shared out between machines (DISCORD_SHARD_LIST)", () => {
  it("runs only this machine's shard, which answers its guilds", async () => {
    const machine = await FakeDiscord.start({
      shards: 2,
      guilds: [{}, { id: GUILD_0, channels: [{ id: CHANNEL_0, name: "general" }] }],
    });
    const root = await tempDir("verbatim-shard-list-");
    await mkdir(path.join(root, "corpus"));
    await copyFile(path.resolve("corpus", SEED), path.join(root, "corpus", SEED));
    const port = await freePort();
    const second = startBotProcess(machine, {
      DISCORD_SHARDS: "2",
      DISCORD_SHARD_LIST: "1",
      CORPUS_DIR: path.join(root, "corpus"),
      DATA_DIR: path.join(root, "data"),
      METRICS_PORT: String(port),
    });
    try {
      await second.waitFor("Shard 1 is ready", 60_000);
      expect(second.output()).toContain("Running shards 1 of 2 here (Discord recommends 2)");
      expect(machine.identifiedSessions.map((s) => s.shard)).toEqual([[1, 2]]);
      const ask = machine.sendSlashCommand({
        name: "ask",
        options: { question: "how many are still missing?" },
      });
      await ask.edited(20_000);
      expect(ask.finalMessage().embeds.length).toBeGreaterThan(0);
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
        shards: Array<{ id: number }>;
      };
      expect(health.shards.map((s) => s.id)).toEqual([1]);
    } finally {
      expect(await second.stop()).toBe(0);
      await machine.close();
    }
  }, 60_000);
});
