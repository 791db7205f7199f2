/** /trend's message: within every Discord limit, however many points and however long the quotes. */
import { describe, expect, it } from "vitest";
import { LIMITS, embedLength } from "../../src/bot/format.js";
import {
  CHART_FILE,
  type TrendEmbed,
  discordDate,
  quoteAround,
  trendView,
} from "../../src/bot/trend-view.js";
import type { TrendPoint, TrendResult } from "../../src/retrieval/trend.js";
import type { Passage } from "../../src/retrieval/types.js";

function point(i: number, extra: Partial<TrendPoint> = {}): TrendPoint {
  const quote = `${"Preamble words that go on and on, ".repeat(6)}${10_000 + i} people are still missing${", and more words after it".repeat(8)}.`;
  const figureStart = quote.indexOf(String(10_000 + i));
  return {
    date: `20${String(10 + Math.floor(i / 12)).padStart(2, "0")}-${String((i % 12) + 1).padStart(2, "0")}-15`,
    value: 10_000 + i,
    range: null,
    unit: "people",
    qualifier: i % 3 === 0 ? "nearly" : null,
    text: String(10_000 + i),
    quote,
    quoteStart: 100,
    quoteEnd: 100 + quote.length,
    figureStart: 100 + figureStart,
    figureEnd: 100 + figureStart + 5,
    docId: `statement-${i}.txt`,
    speaker: `Speaker ${"Longname".repeat(12)} ${i}`,
    title: null,
    source: `Agency ${"of Things ".repeat(10)}`,
    url: `https://example.org/${"very/long/path/".repeat(12)}${i}`,
    score: 5,
    ...extra,
  };
}

function passage(i: number): Passage {
  return {
    quote: `Passage ${i} *with* markdown_ ${"and words ".repeat(80)}`,
    start: 0,
    end: 10,
    chunkId: `p${i}::0`,
    date: "2024-01-01",
    speaker: "Someone",
    title: null,
    source: "Agency",
    url: null,
    docId: `p${i}.txt`,
    score: 0.8,
    relevance: 0.8,
    match: "answer",
  };
}

function result(points: TrendPoint[], extra: Partial<TrendResult> = {}): TrendResult {
  return {
    question: "how many people are still missing?",
    unit: "people",
    points,
    other: [],
    passages: points.map((_, i) => passage(i)),
    filters: { since: null, until: null, speaker: null },
    mode: "hybrid",
    tookMs: 5,
    ...extra,
  };
}

function expectWithinLimits(embeds: TrendEmbed[], content: string) {
  expect(content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.total);
  for (const e of embeds) {
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
  }
}

describe("trendView", () => {
  it("shows the chart first and every point with its quote when they fit", () => {
    const view = trendView(result([point(0), point(1), point(2)]));
    expect(view.chart).toBe(true);
    expect(view.embeds[0]!.image).toEqual({ url: `attachment://${CHART_FILE}` });
    const lines = view.embeds[1]!.description!.split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^\*\*1\.\*\* ~10,000 people · <t:\d+:D> · Speaker…/);
    expect(lines[1]).toContain("**10000**");
    expectWithinLimits(view.embeds, view.content);
  });

  it.each([10, 25, 50, 120])("keeps every limit with %i long points", (n) => {
    const points = Array.from({ length: n }, (_, i) => point(i));
    const view = trendView(result(points, { other: points.slice(0, 5) }));
    expectWithinLimits(view.embeds, view.content);
    const text = view.embeds.map((e) => e.description ?? "").join("\n");
    // Every point is listed, or the list says how many more there are.
    const listed = (text.match(/^\*\*\d+\.\*\*/gm) ?? []).length;
    if (listed < n) expect(text).toContain(`… and ${n - listed} more.`);
    expect(listed).toBeGreaterThan(0);
  });

  it("says plainly why there is no chart and lists the passages found", () => {
    const view = trendView(
      result([point(0)], { passages: Array.from({ length: 30 }, (_, i) => passage(i)) }),
    );
    expect(view.chart).toBe(false);
    expect(view.content).toBe(
      "No chart: the passages that answer “how many people are still missing?” give figures from only one date, and a chart needs at least two. What was found:",
    );
    expect(view.embeds.map((e) => e.title)).toEqual(["Figures found", "Passages found"]);
    expect(view.embeds[1]!.description).toContain("Passage 0 \\*with\\* markdown\\_");
    expectWithinLimits(view.embeds, view.content);
  });

  it("says so when answers give no figure, and when nothing answers", () => {
    const noFigure = trendView(result([], { passages: [passage(1)] }));
    expect(noFigure.content).toBe(
      "No chart: the one passage that answers “how many people are still missing?” gives no figure for it. The passage found:",
    );
    const nothing = trendView(result([], { passages: [] }));
    expect(nothing.content).toBe(
      "Nothing in the statements answers “how many people are still missing?”. Try other words, or a wider date range.",
    );
    expect(nothing.embeds).toEqual([]);
  });
});

describe("quoteAround", () => {
  it("keeps the figure, in bold, with some words either side", () => {
    const p = point(7);
    const short = quoteAround(p, 120);
    expect(short).toContain("**10007**");
    expect(short.startsWith("…")).toBe(true);
    expect(short.endsWith("…")).toBe(true);
    expect(short.length).toBeLessThan(140);
  });
});

describe("discordDate", () => {
  it("is noon UTC, so the date reads the same from UTC-11 to UTC+11", () => {
    expect(discordDate("2022-05-10")).toBe(`<t:${Date.UTC(2022, 4, 10, 12) / 1000}:D>`);
  });
});
