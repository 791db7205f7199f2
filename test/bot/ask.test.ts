/** Issue: the Discord bot. Real discord.js client, real retrieval, fake Discord on 127.0.0.1. */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { InteractionResponseType, MessageFlags } from "discord-api-types/v10";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NO_ANSWER_HEADING } from "../../src/bot/answer-view.js";
import { LIMITS, discordDate, embedLength } from "../../src/bot/format.js";
import { statementFile } from "../helpers.js";
import { type Harness, SEED, startHarness } from "./harness.js";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const LATER = "later.txt";
const files = {
  [LATER]: statementFile(
    "2026-02-01",
    "Minister Lena Ortiz said that 3,950 Azerbaijani citizens are still missing today. Ortiz thanked the donors.",
  ),
  "pranks.md":
    "---\ntitle: Pranks\ndate: 2024-04-01\nspeaker: Ivo Pranker\n---\nThe council heard that @everyone and <@123456789012345678> were **warned** about the _harbour_ closure.",
  "bridges.md":
    "---\ntitle: Reconstruction report\ndate: 2024-06-01\nspeaker: Mira Kovac\nsource: Ministry of Works\nurl: https://example.org/reports/bridges_(2023)\n---\nThe ministry presented its yearly figures to parliament. Seventy-five bridges were rebuilt across the northern provinces last year. Kovac thanked the engineers.",
};

type Embed = {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
};

function embedsOf(view: { embeds: readonly unknown[] }): Embed[] {
  return view.embeds as Embed[];
}

describe("/ask", () => {
  it("defers at once, then shows the seed passage with its date, speaker and source", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?", until: "2025-12-31" },
    });
    expect((await handle.callback()).type).toBe(
      InteractionResponseType.DeferredChannelMessageWithSource,
    );
    await handle.edited();
    const view = handle.finalMessage();
    const [first] = embedsOf(view);
    const lines = first!.description!.split("\n");
    expect(lines[0]).toMatch(/^> .*\*\*Nearly 4,000 Azerbaijani citizens are still missing\.\*\*$/);
    expect(lines[1]).toBe(`— Tofig Musayev · ${discordDate("2025-07-01")} · \\[1\\] Trend`);
    expect(view.content).toBe(
      "**Q:** how many are still missing?\n-# only statements until 2025-12-31",
    );
    const log = await vi.waitFor(() => {
      const line = harness!.logs.find((l) => l.msg === "answered");
      if (!line) throw new Error("no answered log line yet");
      return line;
    });
    expect(log).toMatchObject({
      command: "ask",
      passages: expect.any(Number),
      tookMs: expect.any(Number),
    });
  });

  it("reads at a glance: the sentence block-quoted, a timestamp, a numbered link; details behind a button", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many bridges were rebuilt?" },
    });
    await handle.edited();
    const view = handle.finalMessage();
    const [answer] = embedsOf(view);
    expect(answer!.description!.split("\n").slice(0, 2)).toEqual([
      "> The ministry presented its yearly figures to parliament. **Seventy-five bridges were rebuilt across the northern provinces last year.** Kovac thanked the engineers.",
      `— Mira Kovac · ${discordDate("2024-06-01")} · \\[1\\] [Reconstruction report](https://example.org/reports/bridges_%282023%29)`,
    ]);
    // Scores, file names and the search mode are not in the answer...
    const shown = JSON.stringify(view);
    expect(shown).not.toContain("bridges.md");
    expect(shown).not.toMatch(/relevance|score|keyword|hybrid/i);
    // ...but one click away, privately.
    const details = harness.fake.sendButton({
      customId: buttonIds(view).find((id) => id.startsWith("details:"))!,
      message: handle,
    });
    const callback = await details.callback();
    expect(callback.data?.flags).toBe(MessageFlags.Ephemeral);
    const text = embedsOf(details.finalMessage())[0]!.description!;
    expect(text).toMatch(/^\*\*Search:\*\* hybrid \(meaning and keywords, fused\), \d+ ms$/m);
    expect(text).toContain("**Period read from the question:** none");
    expect(text).toContain("**Filters:** none");
    expect(text).toMatch(
      /^\*\*1\.\*\* bridges\.md\nanswer · relevance \d\.\d\d · score \d\.\d{3} · chunk 0$/m,
    );
    // A forged or stale Details button is answered politely.
    const forged = harness.fake.sendButton({ customId: "details:1:x", message: handle });
    expect((await forged.callback()).data?.content).toMatch(/^This button belongs to an answer/);
  });

  it("says plainly when nothing answers, and shows the closest passages as related", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "volcanic eruptions on Jupiter" },
    });
    await handle.edited();
    const view = handle.finalMessage();
    expect(view.content).toBe("**Q:** volcanic eruptions on Jupiter");
    const [related, ...others] = embedsOf(view);
    expect(others).toEqual([]);
    expect(related!.title).toBe(NO_ANSWER_HEADING);
    // Related passages are not styled as answers: no block quotes.
    expect(related!.description).toMatch(/^“.+” — .+\\\[1\\\]/);
    expect(related!.description).not.toMatch(/^>/m);
    expect(view.ephemeral).toBe(false);
  });

  it("says plainly when no passage is even close, as an answer and not an error", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?", until: "2000-01-01" },
    });
    await handle.edited();
    const view = handle.finalMessage();
    expect(view.content).toBe(
      "Nothing in the statements answers “how many are still missing?”. Try other words, or a wider date range.\n-# only statements until 2000-01-01",
    );
    expect(view.embeds).toEqual([]);
  });

  it("escapes Markdown in quotes and pings nobody", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "harbour closure warned council" },
    });
    const edit = await handle.edited();
    const [first] = embedsOf(handle.finalMessage());
    expect(first!.description).toContain(
      "@everyone and \\<@123456789012345678> were \\*\\*warned\\*\\* about the \\_harbour\\_ closure.",
    );
    expect((edit.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({
      parse: [],
      replied_user: false,
    });
  });

  it("answers a mention as a reply, with the mention stripped from the question", async () => {
    harness = await startHarness({ files });
    const channelId = harness.fake.defaultChannelId;
    harness.fake.sendMessage({
      content: `<@${harness.fake.botUser.id}> how many are still missing before 2026?`,
      mentions: [harness.fake.botUser],
    });
    const reply = await harness.fake.waitForChannelMessage(
      channelId,
      (r) => r.message.author.id === harness!.fake.botUser.id,
    );
    const body = reply.body as {
      embeds: Embed[];
      message_reference?: unknown;
      allowed_mentions?: unknown;
      content: string;
    };
    expect(body.content).toMatch(
      /^\*\*Q:\*\* how many are still missing before 2026\?\n-# read as: /,
    );
    expect(body.content).not.toContain("<@");
    // The same answer as /ask: the quote block-quoted, then speaker, date and numbered source.
    expect(body.embeds[0]!.description).toMatch(
      new RegExp(
        `^> .*\\*\\*Nearly 4,000 Azerbaijani citizens are still missing\\.\\*\\*\\n— Tofig Musayev · ${discordDate("2025-07-01")} · \\\\\\[1\\\\\\] Trend`,
      ),
    );
    expect(body.message_reference).toBeDefined();
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it("keeps every Discord limit with a huge statement", async () => {
    const sentence =
      "The delegation underlined that the reconstruction of the devastated northern provinces requires sustained international financing commitments";
    const huge = Array.from(
      { length: 400 },
      (_, i) => `${sentence} number ${i} **bold** and \`code\` marks.`,
    ).join(" ");
    harness = await startHarness({
      files: {
        "huge.md": `---\ntitle: ${"Very long title ".repeat(40)}\ndate: 2024-01-01\nspeaker: ${"Name ".repeat(60)}\nsource: ${"Source ".repeat(80)}\nurl: https://example.org/${"long-path/".repeat(38)}\n---\n${huge}`,
      },
    });
    const handle = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "reconstruction northern provinces financing", results: 10 },
    });
    await handle.edited();
    const embeds = embedsOf(handle.finalMessage());
    expect(embeds.reduce((n, e) => n + embedLength(e as never), 0)).toBeLessThanOrEqual(
      LIMITS.total,
    );
    for (const embed of embeds) {
      expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
      expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
      // Shortened text ends at a word boundary with an ellipsis, never mid-word.
      expect(embed.description).not.toMatch(/\w…\w/);
    }
    // Ten passages, numbered.
    const text = embeds.map((e) => e.description).join("\n");
    for (let n = 1; n <= 10; n++) expect(text).toContain(`\\[${n}\\]`);
    // Opening the huge statement pages it within the limits too.
    const full = harness.fake.sendButton({
      customId: handle
        .finalMessage()
        .components.flatMap((r) => (r as { components: Array<{ custom_id: string }> }).components)
        .find((c) => c.custom_id.startsWith("full:"))!.custom_id,
      message: handle,
    });
    await full.callback();
    const page = embedsOf(full.finalMessage())[0]!;
    expect(page.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(page.footer!.text).toMatch(/page 1 of \d+/);
    const next = harness.fake.sendButton({
      customId: buttonIds(full.finalMessage())
        .find((id) => id.startsWith("stmt:"))!
        .replace(/:-1$/, ":1"),
      message: full,
    });
    await next.callback();
    expect(embedsOf(next.finalMessage())[0]!.footer!.text).toMatch(/page 2 of \d+/);
  });

  it("answers with a short private error when retrieval fails, and keeps serving", async () => {
    harness = await startHarness({ files });
    const original = harness.ctx.retriever.ask.bind(harness.ctx.retriever);
    let calls = 0;
    harness.ctx.retriever.ask = async (...args) => {
      if (calls++ === 0) throw new Error("disk on fire");
      return original(...args);
    };
    const failing = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    const [followUp] = await failing.followUps(1);
    expect(followUp!.ephemeral).toBe(true);
    expect((followUp!.body as { content: string }).content).toBe(
      "Sorry, something went wrong while answering. Please try again in a moment.",
    );
    expect(harness.logs.find((l) => l.msg === "handler failed")).toMatchObject({
      where: "/ask",
      cause: "disk on fire",
    });
    const next = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await next.edited();
    expect(embedsOf(next.finalMessage()).length).toBeGreaterThan(0);
  });

  it("refuses an empty question politely", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({ name: "ask", options: { question: "   " } });
    const [followUp] = await handle.followUps(1);
    expect((followUp!.body as { content: string }).content).toBe(
      'The question is empty: ask something like "how many are still missing?"',
    );
  });
});

function buttonIds(view: { components: readonly unknown[] }): string[] {
  return view.components.flatMap((row) =>
    (row as { components: Array<{ custom_id?: string }> }).components.map((c) => c.custom_id ?? ""),
  );
}

describe("buttons", () => {
  it("More results shows the next passages; Full statement opens the statement; feedback is recorded", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many citizens are still missing?", results: 1 },
    });
    await handle.edited();
    const first = handle.finalMessage();
    expect(embedsOf(first)[0]!.description).toContain(`${discordDate("2026-02-01")} · \\[1\\]`);
    const ids = buttonIds(first);
    expect(ids).toEqual([
      expect.stringMatching(/^more:\d+:1$/),
      expect.stringMatching(/^fb:\d+:up$/),
      expect.stringMatching(/^fb:\d+:down$/),
      expect.stringMatching(/^details:\d+:0$/),
      expect.stringMatching(/^full:\d+:0:0$/),
    ]);

    const more = harness.fake.sendButton({ customId: ids[0]!, message: handle });
    await more.edited();
    expect(more.finalMessage().content).toContain("-# passage 2");
    const second = embedsOf(more.finalMessage())[0]!;
    expect(second.description).toContain(`${discordDate("2025-07-01")} · \\[2\\]`);

    const full = harness.fake.sendButton({ customId: ids[4]!, message: handle });
    const callback = await full.callback();
    expect(callback.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(embedsOf(full.finalMessage())[0]!.description).toContain(
      "3,950 Azerbaijani citizens are still missing today.",
    );

    const vote = harness.fake.sendButton({
      customId: ids[2]!,
      message: handle,
      user: { id: "1300000000000000555", username: "critic" },
    });
    await vote.callback();
    const answerId = Number(ids[2]!.split(":")[1]);
    expect(await harness.ctx.answers.feedback(answerId)).toEqual([
      {
        userId: "1300000000000000555",
        vote: -1,
        question: "how many citizens are still missing?",
        passages: [
          expect.objectContaining({ docId: LATER }),
          expect.objectContaining({ docId: SEED }),
        ],
      },
    ]);
  });

  it("keep working after a restart, and a stale button says so politely", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many citizens are still missing?", results: 1 },
    });
    await handle.edited();
    const ids = buttonIds(handle.finalMessage());
    const root = harness.root;
    await harness.close();
    harness = await startHarness({ root });
    const more = harness.fake.sendButton({ customId: ids[0]!, message: { content: "x" } });
    await more.edited();
    expect(embedsOf(more.finalMessage())[0]!.description).toContain("\\[2\\]");
    const stale = harness.fake.sendButton({ customId: "more:999999:3", message: { content: "x" } });
    const callback = await stale.callback();
    expect(callback.data?.content).toMatch(
      /^This button belongs to an answer that is no longer available/,
    );
    expect(callback.data?.flags).toBe(MessageFlags.Ephemeral);
  });
});

describe("other commands", () => {
  it("autocompletes speakers within Discord's limits", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendAutocomplete({
      name: "ask",
      options: { question: "x", speaker: "or" },
      focused: "speaker",
    });
    expect(await handle.choices()).toEqual([{ name: "Lena Ortiz", value: "Lena Ortiz" }]);
  });

  it("/sources lists statements newest first; /statement shows one; /help explains", async () => {
    harness = await startHarness({ files });
    const sources = harness.fake.sendSlashCommand({ name: "sources" });
    await sources.callback();
    const list = embedsOf(sources.finalMessage())[0]!.description!.split("\n");
    expect(list[0]).toMatch(/^\*\*2026-02-01\*\*/);
    expect(list.at(-1)).toMatch(/^\*\*2024-04-01\*\*/);

    const statement = harness.fake.sendSlashCommand({ name: "statement", options: { id: SEED } });
    await statement.callback();
    const embed = embedsOf(statement.finalMessage())[0]!;
    expect(embed.description).toMatch(/^BAKU, Azerbaijan, July 1\. Permanent Representative/);

    const missing = harness.fake.sendSlashCommand({
      name: "statement",
      options: { id: "nope.txt" },
    });
    expect((await missing.callback()).data?.content).toBe(
      'No statement "nope.txt" in the index. Pick one from the list as you type, or see /sources.',
    );

    const help = harness.fake.sendSlashCommand({ name: "help" });
    expect((await help.callback()).data?.content).toContain(
      "/ask question: how many are still missing?",
    );
  });
});

describe("npm run register", () => {
  it("sends every command definition, globally or to one server", async () => {
    harness = await startHarness({ files });
    const run = promisify(execFile);
    const env = {
      PATH: process.env.PATH,
      DISCORD_TOKEN: harness.fake.token,
      DISCORD_APPLICATION_ID: harness.fake.applicationId,
      DISCORD_API_BASE: harness.fake.apiBase,
    };
    const script = [
      "--import",
      "tsx",
      "--import",
      path.resolve("test/setup/no-network.mjs"),
      "src/cli/register.ts",
    ];
    const global = await run(process.execPath, script, { env });
    expect(global.stdout).toMatch(/^Registered \d+ commands \(.*\/ask.*\) globally\.\n$/);
    expect(harness.fake.commands().map((c) => c.name)).toEqual(
      expect.arrayContaining(["ask", "statement", "sources", "help"]),
    );
    const ask = harness.fake.commands().find((c) => c.name === "ask")!;
    expect(ask.options?.find((o) => o.name === "speaker")).toMatchObject({ autocomplete: true });
    await run(process.execPath, [...script, "--guild", harness.fake.defaultGuildId], { env });
    expect(harness.fake.commands(harness.fake.defaultGuildId).length).toBeGreaterThanOrEqual(4);

    const failure = await run(process.execPath, script, { env: { PATH: process.env.PATH } }).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(
      /^verbatim: DISCORD_TOKEN is missing: set it to the bot token from https:\/\/discord.com\/developers\/applications.*npm run ask/,
    );
  });
});
