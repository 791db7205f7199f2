/** npm run build, then npm start runs the JavaScript build (no TypeScript compiled at start). */
import { execFile } from "node:child_process";
import { copyFile, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../scripts/testing/fake-discord/index.js";
import { tempDir } from "../helpers.js";
import { type BotProcess, startBotProcess } from "./bot-process.js";
import { SEED } from "./harness.js";

const run = promisify(execFile);
let fake: FakeDiscord | null = null;
let bot: BotProcess | null = null;
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

describe("the production build", () => {
  it("npm run build writes dist/, and npm start answers from it without tsx", async () => {
    await run("npm", ["run", "build"], { timeout: 60_000 });
    const built = await readdir("dist/bot/commands");
    expect(built).toContain("ask.js");

    fake = await FakeDiscord.start();
    const root = await tempDir("verbatim-build-");
    await mkdir(path.join(root, "corpus"));
    await copyFile(path.resolve("corpus", SEED), path.join(root, "corpus", SEED));
    bot = startBotProcess(
      fake,
      {
        CORPUS_DIR: path.join(root, "corpus"),
        DATA_DIR: path.join(root, "data"),
        // The network block, for the built bot and the re-indexer it forks.
        NODE_OPTIONS: `--import ${path.resolve("test/setup/no-network.mjs")}`,
      },
      ["scripts/start.mjs"],
    );
    await bot.waitFor("Verbatim is online");
    const ask = fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await ask.edited();
    expect(ask.finalMessage().embeds.length).toBeGreaterThan(0);
    // The re-indexer forks the built worker (a .ts worker without tsx could not run).
    const reindex = fake.sendSlashCommand({
      name: "reindex",
      memberPermissions: ["ManageGuild"],
    });
    await reindex.edited();
    await expect
      .poll(() => reindex.finalMessage().content, { timeout: 20_000, interval: 100 })
      .toMatch(/^Re-index finished: now answering from 1 statement \(/);
  }, 60_000);
});
