/** Issue: moderators configure the bot per server; maintainers re-index from Discord. */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { MessageFlags } from "discord-api-types/v10";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChildProcessReindexer } from "../../src/bot/reindexer.js";
import { buildIndex } from "../../src/retrieval/indexer.js";
import type { InteractionHandle } from "../../scripts/testing/fake-discord/index.js";
import { testModelEnv } from "../setup/global.js";
import { statementFile } from "../helpers.js";
import { type Harness, startHarness, testEmbedder } from "./harness.js";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const MOD = { memberPermissions: ["ManageGuild" as const] };
const OTHER_CHANNEL = "1200000000000000003";
const fake = {
  guilds: [
    {
      channels: [
        { id: "1200000000000000002", name: "general" },
        { id: OTHER_CHANNEL, name: "questions" },
      ],
    },
  ],
};

async function content(handle: InteractionHandle): Promise<string> {
  return (await handle.callback()).data?.content ?? "";
}

function withReindexer(): Parameters<typeof startHarness>[0] {
  return {
    fake,
    reindexer: ({ service, corpusDir, indexDir }) =>
      new ChildProcessReindexer({
        service,
        corpusDir,
        indexDir,
        log: { warn: () => undefined } as never,
        env: testModelEnv(),
        nodeArgs: ["--import", path.resolve("test/setup/no-network.mjs")],
      }),
  };
}

describe("/config", () => {
  it("is refused to members without Manage Server even when sent directly", async () => {
    harness = await startHarness({ fake });
    const config = harness.fake.sendSlashCommand({
      name: "config",
      subcommand: "set",
      options: { setting: "results", value: "1" },
    });
    expect(await content(config)).toBe(
      "Only members with the Manage Server permission can use this command.",
    );
    const reindex = harness.fake.sendSlashCommand({ name: "reindex" });
    expect(await content(reindex)).toMatch(
      /^Only members with Manage Server, or a role a moderator allowed/,
    );
    const stats = harness.fake.sendSlashCommand({ name: "stats" });
    expect(await content(stats)).toBe(
      "Only members with the Manage Server permission can use this command.",
    );
    expect((await harness.ctx.settings.get(harness.fake.defaultGuildId)).results).toBe(3);
  });

  it("validates values and says what is allowed", async () => {
    harness = await startHarness({ fake });
    const bad = harness.fake.sendSlashCommand({
      name: "config",
      subcommand: "set",
      options: { setting: "results", value: "50" },
      ...MOD,
    });
    expect(await content(bad)).toBe(
      "results must be passages per answer, a whole number from 1 to 10; got 50.",
    );
    const channels = harness.fake.sendSlashCommand({
      name: "config",
      subcommand: "set",
      options: { setting: "channels", value: "general" },
      ...MOD,
    });
    expect(await content(channels)).toMatch(/^Give channels as #mentions/);
  });

  it("keeps settings across a restart and records every change in the history", async () => {
    harness = await startHarness({ fake });
    const set = harness.fake.sendSlashCommand({
      name: "config",
      subcommand: "set",
      options: { setting: "results", value: "1" },
      ...MOD,
      user: { id: "1300000000000000777", username: "mod" },
    });
    expect(await content(set)).toBe("**results** is now 1.");
    const root = harness.root;
    await harness.close();
    harness = await startHarness({ root, fake });
    const show = harness.fake.sendSlashCommand({ name: "config", subcommand: "show", ...MOD });
    expect(await content(show)).toContain("**results**: 1");
    const ask = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await ask.edited();
    // One passage: numbered 1, and no second.
    const shown = JSON.stringify(ask.finalMessage().embeds);
    expect(shown).toContain("\\\\[1\\\\]");
    expect(shown).not.toContain("\\\\[2\\\\]");

    harness.fake.sendSlashCommand({
      name: "config",
      subcommand: "reset",
      options: { setting: "results" },
      ...MOD,
    });
    await vi.waitFor(async () =>
      expect((await harness!.ctx.settings.get(harness!.fake.defaultGuildId)).results).toBe(3),
    );
    const history = harness.fake.sendSlashCommand({
      name: "config",
      subcommand: "history",
      ...MOD,
    });
    const text = await content(history);
    expect(text).toMatch(/\*\*results\*\*: 1 → 3/);
    expect(text).toMatch(/<@1300000000000000777> \*\*results\*\*: 3 → 1/);
  });

  it("restricts answers to chosen channels and can make them private", async () => {
    harness = await startHarness({ fake });
    const set = harness.fake.sendSlashCommand({
      name: "config",
      subcommand: "set",
      options: { setting: "channels", value: `<#${OTHER_CHANNEL}>` },
      ...MOD,
    });
    expect(await content(set)).toBe(`**channels** is now <#${OTHER_CHANNEL}>.`);
    const elsewhere = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    const refused = await elsewhere.callback();
    expect(refused.data?.content).toBe(
      `I'm not enabled in this channel. On this server I answer in <#${OTHER_CHANNEL}>.`,
    );
    expect(refused.data?.flags).toBe(MessageFlags.Ephemeral);

    const here = harness.fake.sendSlashCommand({
      name: "ask",
      channelId: OTHER_CHANNEL,
      options: { question: "how many are still missing?" },
    });
    await here.edited();
    expect(here.finalMessage().ephemeral).toBe(false);

    harness.fake.sendSlashCommand({
      name: "config",
      subcommand: "set",
      options: { setting: "visibility", value: "private" },
      ...MOD,
    });
    await vi.waitFor(async () =>
      expect((await harness!.ctx.settings.get(harness!.fake.defaultGuildId)).visibility).toBe(
        "private",
      ),
    );
    const privately = harness.fake.sendSlashCommand({
      name: "ask",
      channelId: OTHER_CHANNEL,
      options: { question: "how many are still missing?" },
    });
    expect((await privately.callback()).data?.flags).toBe(MessageFlags.Ephemeral);
    await privately.edited();
    expect(privately.finalMessage().embeds.length).toBeGreaterThan(0);
  });

  it("applies the cooldown with a polite message, and lifts it when the time has passed", async () => {
    let now = 1_000_000;
    harness = await startHarness({ fake, clock: () => now });
    harness.fake.sendSlashCommand({
      name: "config",
      subcommand: "set",
      options: { setting: "cooldownSeconds", value: "30" },
      ...MOD,
    });
    await vi.waitFor(async () =>
      expect((await harness!.ctx.settings.get(harness!.fake.defaultGuildId)).cooldownSeconds).toBe(
        30,
      ),
    );
    const first = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await first.edited();
    now += 10_000;
    const second = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    expect(await content(second)).toMatch(
      /^You're asking a little fast: please wait 20 s and try again/,
    );
    now += 21_000;
    const third = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await third.edited();
    expect(third.finalMessage().embeds.length).toBeGreaterThan(0);
  });
});

describe("/reindex", () => {
  it("makes a new statement answerable, answers from the old index meanwhile, and refuses a second run", async () => {
    harness = await startHarness(withReindexer());
    await writeFile(
      path.join(harness.corpusDir, "new.txt"),
      statementFile(
        "2026-03-01",
        "Minister Lena Ortiz said 75 bridges were rebuilt along the northern railway.",
      ),
    );
    await writeFile(
      path.join(harness.corpusDir, "bad.md"),
      "---\ntitle: Broken\ndate: 2026-02-30\n---\nText.",
    );
    const reindex = harness.fake.sendSlashCommand({
      name: "reindex",
      ...MOD,
      user: { id: "1300000000000000777", username: "maintainer" },
    });
    await reindex.callback();
    // While it runs: a second /reindex is refused, naming who started the first; questions are still answered.
    const second = harness.fake.sendSlashCommand({ name: "reindex", ...MOD });
    expect(await content(second)).toMatch(
      /^A re-index started by maintainer \(<@1300000000000000777>\) <t:\d+:R> is still running\./,
    );
    const during = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await during.edited();
    expect(during.finalMessage().embeds.length).toBeGreaterThan(0);

    const done = await vi.waitFor(
      () => {
        const view = reindex.finalMessage();
        if (!view.content.startsWith("Re-index finished"))
          throw new Error(`still: ${view.content}`);
        return view.content;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(done).toContain("now answering from 2 statements");
    expect(done).toContain('bad.md:3: front matter: date "2026-02-30" is not a real calendar date');
    const after = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many bridges were rebuilt?" },
    });
    await after.edited();
    expect(after.finalMessage().embeds[0]!.description).toContain("75 bridges were rebuilt");
    const seed = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await seed.edited();
    expect(seed.finalMessage().embeds[0]!.description).toContain("4,000");
  }, 60_000);

  it("notices an index published from the command line and switches without a restart", async () => {
    harness = await startHarness({ fake });
    await harness.service.watchForNewIndex();
    await writeFile(
      path.join(harness.corpusDir, "cli.txt"),
      statementFile("2026-04-01", "The ministry said 12 ferries resumed service on the lake."),
    );
    await buildIndex({
      corpusDir: harness.corpusDir,
      indexDir: harness.indexDir,
      embedder: await testEmbedder(),
    });
    await vi.waitFor(() => expect(harness!.service.info.statements).toBe(2), { timeout: 10_000 });
    const ask = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many ferries resumed service?" },
    });
    await ask.edited();
    expect(ask.finalMessage().embeds[0]!.description).toContain("12 ferries resumed service");
  });
});

describe("/stats", () => {
  it("shows questions, unanswered share and feedback for moderators", async () => {
    harness = await startHarness({ fake });
    const a = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await a.edited();
    const b = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "volcanic eruptions on Jupiter" },
    });
    await b.edited();
    const up = (
      a.finalMessage().components as unknown as Array<{ components: Array<{ custom_id: string }> }>
    )[0]!.components.find((c) => c.custom_id.endsWith(":up"))!;
    await harness.fake.sendButton({ customId: up.custom_id, message: a }).callback();
    const stats = harness.fake.sendSlashCommand({ name: "stats", ...MOD });
    const text = await content(stats);
    expect(text).toContain("Questions asked: **2**");
    expect(text).toContain("With no answer: **1** (50%)");
    expect(text).toContain("Feedback: 👍 **1** · 👎 **0**");
    expect(text).toMatch(/Slowest questions:\n• \d+ ms — “/);
  });
});

describe("a corpus changed since the index was built", () => {
  it("is logged at start and on each switch, and /stats says what to run", async () => {
    const first = await startHarness({ fake });
    const root = first.root;
    await first.close();
    await writeFile(
      path.join(first.corpusDir, "ferries.txt"),
      statementFile("2026-04-01", "The ministry said 12 ferries resumed service on the lake."),
    );
    harness = await startHarness({ fake, root });
    const said = `The corpus in ${harness.corpusDir} has 1 new or changed statement since the index was built: run npm run index or /reindex.`;
    expect(harness.logs.filter((l) => l.msg === said).map((l) => l.level)).toEqual([40]);
    const stats = await content(harness.fake.sendSlashCommand({ name: "stats", ...MOD }));
    expect(stats).toContain(
      "⚠️ The corpus has 1 new or changed statement since the index was built: run `npm run index` or /reindex.",
    );

    // Re-indexed elsewhere: the bot switches, finds the corpus indexed, and /stats says no more.
    await harness.service.watchForNewIndex();
    await buildIndex({
      corpusDir: harness.corpusDir,
      indexDir: harness.indexDir,
      embedder: await testEmbedder(),
    });
    await vi.waitFor(() => expect(harness!.service.info.statements).toBe(2), { timeout: 10_000 });
    await vi.waitFor(() => expect(harness!.service.corpusChanges?.newOrChanged).toBe(0));
    const after = await content(harness.fake.sendSlashCommand({ name: "stats", ...MOD }));
    expect(after).not.toContain("The corpus has");
  });
});
