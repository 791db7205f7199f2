/** /trend end to end: the real bot and discord.js, the chart uploaded to the fake Discord. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { InteractionResponseType, MessageFlags } from "discord-api-types/v10";
import sharp from "sharp";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LIMITS, embedLength } from "../../src/bot/format.js";
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from "../../src/chart/trend-chart.js";
import { type Harness, startHarness } from "./harness.js";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const FIXTURE = path.resolve("test/fixtures/trend/missing");
const files = Object.fromEntries(
  readdirSync(FIXTURE).map((name) => [name, readFileSync(path.join(FIXTURE, name), "utf8")]),
);

type Embed = {
  title?: string;
  description?: string;
  image?: { url: string; proxy_url?: string; width?: number; height?: number };
};

/** Noon UTC of a date, as Discord's <t:…:D>. */
const stamp = (date: string) => `<t:${Date.parse(`${date}T12:00:00Z`) / 1000}:D>`;

describe("/trend", () => {
  it("answers with the chart attached inside an embed and the numbered quotes below it", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "trend",
      // The bundled seed statement (2025) is about another conflict: leave it out.
      options: { question: "how many people are still missing?", until: "2024-12-31" },
    });
    expect((await handle.callback()).type).toBe(
      InteractionResponseType.DeferredChannelMessageWithSource,
    );
    const edit = await handle.edited();

    // The upload: one PNG part, files[0], named trend.png, of the chart's size.
    expect(edit.files.map((f) => [f.field, f.name])).toEqual([["files[0]", "trend.png"]]);
    const png = Buffer.from(edit.files[0]!.data);
    expect(await sharp(png).metadata()).toMatchObject({
      format: "png",
      width: CHART_WIDTH * CHART_SCALE,
      height: CHART_HEIGHT * CHART_SCALE,
    });
    // The embed shows it by reference, and Discord resolved the reference to the upload.
    const sent = edit.body.embeds as Embed[];
    expect(sent[0]!.image).toEqual({ url: "attachment://trend.png" });
    const view = handle.finalMessage();
    const [attachment] = view.attachments;
    expect(attachment).toMatchObject({ filename: "trend.png", width: 1100, height: 620 });
    const embeds = view.embeds as Embed[];
    expect(embeds[0]!.image).toMatchObject({ url: attachment!.url, width: 1100, height: 620 });
    expect(embeds[0]!.title).toBe("how many people are still missing?");
    expect(view.content).toBe(
      "How the figure changed for “how many people are still missing?” (until 2024-12-31)",
    );

    // Below the chart: the five figures, numbered, oldest first, each with date, speaker, quote.
    const list = embeds[1]!.description!.split("\n");
    const heads = list.filter((line) => /^\*\*\d+\.\*\*/.test(line));
    expect(heads.map((line) => line.split(" · ").slice(0, 3).join(" · "))).toEqual([
      `**1.** 12,400 people · ${stamp("2019-03-14")} · Anna Vidmar`,
      `**2.** 11,980 people · ${stamp("2020-06-02")} · Pavel Dragan`,
      `**3.** ~12,000 people · ${stamp("2021-08-30")} · Nadia Ferrante`,
      `**4.** 11,900 people · ${stamp("2022-05-10")} · Sofia Lindqvist`,
      `**5.** >11,800 people · ${stamp("2022-05-10")} · Daniel Okafor`,
    ]);
    expect(embeds[1]!.title).toBe("Figures, oldest first");
    // The quote is the figure's sentence, with the figure in bold.
    expect(list).toContain(
      "“The number of people still missing now stands at **11,980**, down from 12,400 a year ago, according to the central register created in 2008 by the 14 member agencies.”",
    );
    expect(heads[1]).toContain(
      "[State Commission on Missing Persons of Kestria](https://example.org/kestria/missing/2020-annual-report)",
    );
    expect(view.embeds.reduce((n, e) => n + embedLength(e as never), 0)).toBeLessThanOrEqual(
      LIMITS.total,
    );

    const log = await vi.waitFor(() => {
      const line = harness!.logs.find((l) => l.msg === "answered" && l.command === "trend");
      if (!line) throw new Error("no answered log line yet");
      return line;
    });
    expect(log).toMatchObject({ points: 5, other: 0, chartMs: expect.any(Number) });
  });

  it("says plainly when there is not enough for a chart, and lists what it found", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "trend",
      options: { question: "how many forensic experts does the budget fund?" },
    });
    await handle.edited();
    const view = handle.finalMessage();
    expect(view.attachments).toEqual([]);
    expect(view.content).toMatch(
      /^No chart: the passages that answer “how many forensic experts does the budget fund\?” give figures from only one date, and a chart needs at least two\./,
    );
    const embeds = view.embeds as Embed[];
    expect(embeds.every((e) => e.image === undefined)).toBe(true);
    expect(embeds[0]!.title).toBe("Figures found");
    expect(embeds[0]!.description).toContain(
      `**1.** 120 experts · ${stamp("2024-12-03")} · Ruta Marenko`,
    );
    expect(embeds.at(-1)!.title).toBe("Passages found");
  });

  it("says so when nothing answers", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "trend",
      options: { question: "how many volcanoes erupted on Jupiter?" },
    });
    await handle.edited();
    const view = handle.finalMessage();
    expect(view.content).toBe(
      "Nothing in the statements answers “how many volcanoes erupted on Jupiter?”. Try other words, or a wider date range.",
    );
    expect(view.embeds).toEqual([]);
  });

  it("can be switched off per server, and is listed in /help", async () => {
    harness = await startHarness({ files });
    const guildId = harness.fake.defaultGuildId;
    harness.ctx.settings.set(guildId, "1300000000000000009", "disabledCommands", ["trend"]);
    const handle = harness.fake.sendSlashCommand({
      name: "trend",
      options: { question: "how many people are still missing?" },
    });
    const callback = await handle.callback();
    expect(callback.data?.content).toBe("The /trend command is switched off on this server.");
    expect(callback.data?.flags).toBe(MessageFlags.Ephemeral);

    const help = harness.fake.sendSlashCommand({ name: "help" });
    expect((await help.callback()).data?.content).toContain(
      "`/trend question: how many people are still missing?`",
    );
  });

  it("refuses a bad date in a short private message", async () => {
    harness = await startHarness({ files });
    const handle = harness.fake.sendSlashCommand({
      name: "trend",
      options: { question: "how many people are still missing?", since: "2024-13-01" },
    });
    const [followUp] = await handle.followUps(1);
    expect(followUp!.ephemeral).toBe(true);
    expect(followUp!.message.content).toMatch(/since/);
  });
});
