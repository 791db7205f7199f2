/** `npm start` as a user runs it: configuration errors, start-up against a fake Discord, graceful shutdown. */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeDiscord } from "../../scripts/testing/fake-discord/index.js";
import { testModelEnv } from "../setup/global.js";
import { tempDir } from "../helpers.js";
import { procStat } from "../../src/retrieval/lock-holder.js";

const NODE_ARGS = [
  "--import",
  "tsx",
  "--import",
  path.resolve("test/setup/no-network.mjs"),
  "src/bot/main.ts",
];
const run = promisify(execFile);

let fake: FakeDiscord | null = null;
let child: ChildProcess | null = null;
afterEach(async () => {
  child?.kill("SIGKILL");
  child = null;
  await fake?.close();
  fake = null;
});

describe("npm start", () => {
  it("stops with a message naming each missing variable and where to get it", async () => {
    const failure = await run(process.execPath, NODE_ARGS, {
      env: { PATH: process.env.PATH },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr).toContain(
      "DISCORD_TOKEN is missing: set it to the bot token from https://discord.com/developers/applications",
    );
    expect(stderr).toContain("DISCORD_APPLICATION_ID is missing");
    expect(stderr).toContain(
      'To try Verbatim without Discord, run: npm run ask -- "your question"',
    );
  });

  it("refuses a malformed token", async () => {
    const failure = await run(process.execPath, NODE_ARGS, {
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: "not-a-token",
        DISCORD_APPLICATION_ID: "1100000000000000001",
      },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((failure as { stderr: string }).stderr).toContain(
      "DISCORD_TOKEN does not look like a bot token",
    );
  });

  it("stops with the command to run when the index is damaged", async () => {
    const root = await tempDir("verbatim-main-");
    const indexDir = path.join(root, "index");
    await mkdir(path.join(indexDir, "gen-x"), { recursive: true });
    await writeFile(path.join(indexDir, "CURRENT"), "gen-x\n");
    const failure = await run(process.execPath, NODE_ARGS, {
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: "MTEwMDAwMDAwMDAwMDAwMDAwMQ.ZmFrZSE.c2VjcmV0LXNlY3JldC1zZWNyZXQ",
        DISCORD_APPLICATION_ID: "1100000000000000001",
        INDEX_DIR: indexDir,
        DATA_DIR: path.join(root, "data"),
        EMBEDDING_MODEL: "none",
      },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(
      `verbatim: The index manifest ${path.join(indexDir, "gen-x", "manifest.json")} is missing or unreadable. Run "npm run index" to rebuild it.`,
    );
  });

  it("starts, answers, and on SIGTERM finishes in-flight work and exits 0", async () => {
    fake = await FakeDiscord.start();
    const root = await tempDir("verbatim-main-");
    await mkdir(path.join(root, "corpus"));
    await copyFile(
      path.resolve("corpus/000_907870b53d1c0730.txt"),
      path.join(root, "corpus/000_907870b53d1c0730.txt"),
    );
    child = spawn(process.execPath, NODE_ARGS, {
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_BASE: fake.apiBase,
        CORPUS_DIR: path.join(root, "corpus"),
        DATA_DIR: path.join(root, "data"),
        ...testModelEnv(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    await vi.waitFor(() => expect(out).toContain("Verbatim is online"), {
      timeout: 30_000,
      interval: 100,
    });
    expect(out).toMatch(/serving 1 statement \(\d+ chunks\) with local:verbatim-test@/);
    const ask = fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await ask.edited();
    expect(ask.finalMessage().embeds.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) =>
      child!.on("exit", (code) => resolve(code)),
    );
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("shutting down");
    expect(out).toContain('"msg":"stopped"');
  }, 60_000);
});

/** Running and not a zombie (a killed process whose parent has not collected it yet). */
function running(pid: number): boolean {
  const state = procStat(pid)?.[0];
  return state !== undefined && state !== "Z" && state !== "X";
}

describe("/reindex after the bot is killed mid-build", () => {
  // The test finds the bot's indexing child through /proc (Linux).
  it.skipIf(!existsSync("/proc/self/stat"))(
    "is not refused by the dead build's lock after a restart",
    async () => {
      fake = await FakeDiscord.start();
      const root = await tempDir("verbatim-main-");
      const corpus = path.join(root, "corpus");
      const indexDir = path.join(root, "index");
      await mkdir(corpus);
      await copyFile(
        path.resolve("corpus/000_907870b53d1c0730.txt"),
        path.join(corpus, "000_907870b53d1c0730.txt"),
      );
      const env = {
        PATH: process.env.PATH,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_BASE: fake.apiBase,
        CORPUS_DIR: corpus,
        INDEX_DIR: indexDir,
        DATA_DIR: path.join(root, "data"),
        ...testModelEnv(),
      };
      const startBot = async () => {
        // Its own process group, so that a test can kill the bot with its indexing child.
        const bot = spawn(process.execPath, NODE_ARGS, {
          env,
          stdio: ["ignore", "pipe", "pipe"],
          detached: true,
        });
        child = bot;
        let out = "";
        bot.stdout!.on("data", (d: Buffer) => (out += d.toString()));
        await vi.waitFor(() => expect(out).toContain("Verbatim is online"), {
          timeout: 30_000,
          interval: 100,
        });
        return { bot, output: () => out };
      };
      const reindex = () =>
        fake!.sendSlashCommand({ name: "reindex", memberPermissions: ["ManageGuild"] });
      /** Waits until the bot's indexing child holds the lock; returns the child's pid. */
      const workerHoldsLock = async (bot: ChildProcess) =>
        vi.waitFor(
          async () => {
            const holder = JSON.parse(
              await readFile(path.join(indexDir, "index.lock.json"), "utf8"),
            ) as { pid: number };
            if (procStat(holder.pid)?.[1] !== String(bot.pid))
              throw new Error("the lock is not held by this bot's indexing child yet");
            return holder.pid;
          },
          { timeout: 30_000, interval: 5 },
        );
      // kill -9 of the bot alone: its indexing child notices and stops, freeing the lock.
      const first = await startBot();
      const current = () => readFile(path.join(indexDir, "CURRENT"), "utf8");
      const published = await current();
      // Enough new statements that the re-index is still running when it is killed.
      await writeFile(
        path.join(corpus, "many.jsonl"),
        Array.from({ length: 3000 }, (_, i) =>
          JSON.stringify({
            id: `s${i}`,
            date: "2025-01-01",
            text: `Statement ${i} said that ${i * 7} families returned to the northern villages.`,
          }),
        ).join("\n"),
      );
      await reindex().callback();
      const orphan = await workerHoldsLock(first.bot);
      first.bot.kill("SIGKILL");
      await vi.waitFor(() => expect(running(orphan)).toBe(false), { timeout: 10_000 });
      expect(await current()).toBe(published);

      // kill -9 of the bot and its child together (a stopped service, the OOM killer, a reboot).
      const second = await startBot();
      await reindex().callback();
      const killed = await workerHoldsLock(second.bot);
      process.kill(-second.bot.pid!, "SIGKILL");
      await vi.waitFor(() => expect(running(killed)).toBe(false), { timeout: 10_000 });
      expect(await current()).toBe(published);

      const third = await startBot();
      const handle = reindex();
      const done = await vi.waitFor(
        () => {
          const content = handle.finalMessage().content;
          if (!content.startsWith("Re-index finished")) throw new Error(`still: ${content}`);
          return content;
        },
        { timeout: 60_000, interval: 100 },
      );
      expect(done).toContain("now answering from 3001 statements");
      expect(done).toMatch(
        new RegExp(
          `Took over the index lock in .* \\(pid ${killed} on .*\\): process ${killed} (is no longer running|has exited)\\.`,
        ),
      );
      expect(third.output()).toContain("Took over the index lock");
    },
    120_000,
  );
});
