/** Issue 13: no silent drop under faults. The real bot against the fake Discord. */
import { afterEach, describe, expect, it } from "vitest";
import { statementFile } from "../helpers.js";
import { type Harness, startHarness } from "./harness.js";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const files = {
  "later.txt": statementFile(
    "2026-02-01",
    "Minister Lena Ortiz said that 3,950 Azerbaijani citizens are still missing today.",
  ),
};
const EDIT = { method: "PATCH", path: "/webhooks/:app/:token/messages/@original" } as const;
const GENERIC = "Sorry, something went wrong while answering. Please try again in a moment.";

function ask(h: Harness, question = "how many are still missing?") {
  return h.fake.sendSlashCommand({ name: "ask", options: { question } });
}

describe("a dropped connection on the answer edit", () => {
  it.each([
    ["closed before the edit took effect", { drop: "close" as const }],
    ["closed after the edit took effect", { drop: "close" as const, applied: true }],
    ["reset", { drop: "reset" as const }],
  ])("%s: the edit is sent again and the answer arrives", async (_name, failure) => {
    harness = await startHarness({ files });
    harness.fake.failNext({ ...EDIT, ...failure });
    const handle = ask(harness);
    await harness.fake.waitForRequest((r) => r.method === "PATCH" && r.status === 200);
    await expect.poll(() => harness!.logs.some((l) => l.msg === "answered")).toBe(true);
    expect(handle.finalMessage().embeds.length).toBeGreaterThan(0);
    const edits = harness.fake.requests.filter((r) => r.method === "PATCH");
    expect(edits.map((r) => r.status)).toEqual([0, 200]);
    expect(
      harness.fake.requests.some((r) => r.route.startsWith("/webhooks/") && r.method === "POST"),
    ).toBe(false);
    if (failure.drop === "close")
      expect(
        harness.logs.find((l) => l.msg?.toString().startsWith("connection lost")),
      ).toMatchObject({
        attempt: 1,
        delayMs: 250,
      });
  });

  it("gives up after three retries, and says so to the member", async () => {
    harness = await startHarness({ files });
    harness.fake.failNext({ ...EDIT, drop: "close", times: 10 });
    const handle = ask(harness);
    const [followUp] = await handle.followUps(1, 10_000);
    expect((followUp!.body as { content: string }).content).toBe(GENERIC);
    const edits = harness.fake.requests.filter((r) => r.method === "PATCH");
    expect(edits.map((r) => r.status)).toEqual([0, 0, 0, 0]);
  });

  it("waits out a global 429 (the REST client no longer counts requests itself)", async () => {
    harness = await startHarness({ files });
    harness.fake.failNext({ ...EDIT, status: 429, global: true, retryAfterSeconds: 0.3 });
    const handle = ask(harness);
    const started = Date.now();
    await handle.edited();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(handle.finalMessage().embeds.length).toBeGreaterThan(0);
  });
});

describe("autocomplete", () => {
  it("answers with an empty list when no option is focused", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendAutocomplete({
      name: "ask",
      options: { question: "x", speaker: "or" },
      focused: null,
    });
    expect(await handle.choices()).toEqual([]);
    expect(harness.logs.find((l) => l.msg === "handler failed")).toMatchObject({
      where: "/ask autocomplete",
    });
  });

  it("answers with an empty list when the handler throws, and keeps answering", async () => {
    harness = await startHarness({ files });
    const speakers = harness.ctx.retriever.speakers.bind(harness.ctx.retriever);
    harness.ctx.retriever.speakers = () => {
      throw new Error("index closed");
    };
    const failing = harness.fake.sendAutocomplete({
      name: "ask",
      options: { speaker: "or" },
      focused: "speaker",
    });
    expect(await failing.choices()).toEqual([]);
    harness.ctx.retriever.speakers = speakers;
    const next = harness.fake.sendAutocomplete({
      name: "statement",
      options: { id: "later" },
      focused: "id",
    });
    expect((await next.choices()).map((c) => c.value)).toEqual(["later.txt"]);
  });

  it("answers a command without autocomplete, and while shutting down", async () => {
    harness = await startHarness({ files });
    const help = harness.fake.sendAutocomplete({ name: "help", focused: "topic" });
    expect(await help.choices()).toEqual([]);
    void harness.bot.dispatcher.drain(1000);
    const late = harness.fake.sendAutocomplete({
      name: "ask",
      options: { speaker: "or" },
      focused: "speaker",
    });
    expect(await late.choices()).toEqual([]);
  });
});

describe("invisible questions", () => {
  const INVISIBLE = ["\u200b\u200d", "\u2060\ufeff ?!", "\u3164", "*_~"];

  it.each(INVISIBLE)("a mention followed by %j asks for a question", async (text) => {
    harness = await startHarness({ files });
    const channelId = harness.fake.defaultChannelId;
    harness.fake.sendMessage({
      content: `<@${harness.fake.botUser.id}> ${text}`,
      mentions: [harness.fake.botUser],
    });
    const reply = await harness.fake.waitForChannelMessage(
      channelId,
      (r) => r.message.author.id === harness!.fake.botUser.id,
    );
    expect((reply.body as { content: string }).content).toBe(
      "Ask me a question after the mention, e.g. `@Verbatim how many are still missing?`",
    );
  });

  it("/ask with zero-width characters only is refused as empty", async () => {
    harness = await startHarness({ files });
    const handle = ask(harness, "\u200b\u200c\u200d");
    const [followUp] = await handle.followUps(1);
    expect((followUp!.body as { content: string }).content).toBe(
      'The question is empty: ask something like "how many are still missing?"',
    );
  });
});
