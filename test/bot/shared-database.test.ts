/**
 * Two bot processes with their own DATA_DIR and one DATABASE_URL (two machines): settings,
 * buttons and statistics are shared; one re-index at a time for everyone on the database.
 */
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { MessageFlags } from "discord-api-types/v10";
import pg from "pg";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { INDEX_BUILD_LOCK } from "../../src/indexing/build-lock.js";
import { buildIndex } from "../../src/retrieval/indexer.js";
import { FakeDiscord, type InteractionHandle } from "../../scripts/testing/fake-discord/index.js";
import { tempDir } from "../helpers.js";
import { createTestDatabase, describeWithPostgres } from "../setup/postgres.js";
import { type BotProcess, startBotProcess } from "./bot-process.js";
import { SEED, testEmbedder } from "./harness.js";

const MOD = { memberPermissions: ["ManageGuild" as const] };
const QUESTION = { question: "how many are still missing?" };
let nextUser = 1;
/** Each question from another member: the per-member cooldown (5 s by default) is not under test. */
const ask = () => ({
  name: "ask",
  options: QUESTION,
  user: { id: `13000000000000010${nextUser++}`, username: "member" },
});

async function content(handle: InteractionHandle): Promise<string> {
  return (await handle.callback()).data?.content ?? "";
}

describeWithPostgres("two bot processes sharing one database", () => {
  let fakes: FakeDiscord[] = [];
  let bots: BotProcess[] = [];
  let databaseUrl = "";
  let root = "";

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    root = await tempDir("verbatim-shared-");
    const corpusDir = path.join(root, "corpus");
    const indexDir = path.join(root, "index");
    await mkdir(corpusDir);
    await copyFile(path.resolve("corpus", SEED), path.join(corpusDir, SEED));
    // The index folder stands for shared storage; it is built once, before both start.
    await buildIndex({ corpusDir, indexDir, embedder: await testEmbedder() });
    fakes = await Promise.all([FakeDiscord.start(), FakeDiscord.start()]);
    bots = fakes.map((fake, i) =>
      startBotProcess(fake, {
        DATABASE_URL: databaseUrl,
        CORPUS_DIR: corpusDir,
        INDEX_DIR: indexDir,
        DATA_DIR: path.join(root, `data-${i}`),
      }),
    );
    await Promise.all(bots.map((bot) => bot.waitFor("Verbatim is online")));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await Promise.all(fakes.map((fake) => fake.close()));
  });

  it("a setting changed through one is in force through the other", async () => {
    const [a, b] = fakes as [FakeDiscord, FakeDiscord];
    const before = b.sendSlashCommand(ask());
    expect((await before.callback()).data?.flags).not.toBe(MessageFlags.Ephemeral);
    await before.edited();

    const set = a.sendSlashCommand({
      name: "config",
      subcommand: "set",
      options: { setting: "visibility", value: "private" },
      ...MOD,
    });
    expect(await content(set)).toBe("**visibility** is now private.");
    const after = b.sendSlashCommand(ask());
    expect((await after.callback()).data?.flags).toBe(MessageFlags.Ephemeral);
    await after.edited();
    const history = b.sendSlashCommand({ name: "config", subcommand: "history", ...MOD });
    expect(await content(history)).toMatch(/\*\*visibility\*\*: public → private/);
  });

  it("a button of an answer given by one works through the other, and /stats counts both", async () => {
    const [a, b] = fakes as [FakeDiscord, FakeDiscord];
    const asked = a.sendSlashCommand(ask());
    await asked.edited();
    const ids = asked
      .finalMessage()
      .components.flatMap((row) =>
        (row as { components: Array<{ custom_id?: string }> }).components.map(
          (c) => c.custom_id ?? "",
        ),
      );
    const vote = ids.find((id) => id.startsWith("fb:") && id.endsWith(":up"))!;
    const full = ids.find((id) => id.startsWith("full:"))!;

    const voted = b.sendButton({ customId: vote });
    expect(await content(voted)).toBe("Thanks! Glad it helped.");
    const statement = b.sendButton({ customId: full });
    expect((await statement.callback()).data?.embeds?.[0]?.description ?? "").toContain(
      "still missing",
    );

    // Questions through both: two /ask through B (first test), one through A; the vote through B.
    const stats = a.sendSlashCommand({ name: "stats", ...MOD });
    const text = await content(stats);
    expect(text).toContain("Questions asked: **3**");
    expect(text).toContain("Feedback: 👍 **1** · 👎 **0**");
  });

  it("refuses /reindex while another machine sharing the database is building", async () => {
    const [, b] = fakes as [FakeDiscord, FakeDiscord];
    // Another machine's build, holding the shared lock.
    const other = new pg.Client({
      connectionString: databaseUrl,
      application_name: "verbatim index build by npm run index (pid 4242 on machine-b)",
    });
    await other.connect();
    try {
      await other.query("select pg_advisory_lock($1)", [INDEX_BUILD_LOCK]);
      const reindex = b.sendSlashCommand({ name: "reindex", ...MOD });
      await vi.waitFor(() => expect(reindex.finalMessage().content).toMatch(/^Re-index failed/), {
        timeout: 30_000,
        interval: 100,
      });
      expect(reindex.finalMessage().content).toBe(
        "Re-index failed; the previous index is still answering. Reason: The index is being rebuilt by npm run index (pid 4242 on machine-b), which shares this database. Wait for it to finish and try again.",
      );
    } finally {
      await other.end();
    }
  }, 40_000);
});
