import { describe, expect, it } from "vitest";
import {
  calibrate,
  coverage,
  idf,
  orderCandidates,
  reciprocalRankFusion,
  termWeights,
} from "../../src/retrieval/rank.js";
import { selectQuote } from "../../src/retrieval/quote.js";
import { chunkStatement } from "../../src/retrieval/chunk.js";
import { hasFigure, terms } from "../../src/retrieval/terms.js";
import type { Statement } from "../../src/retrieval/types.js";

describe("reciprocalRankFusion", () => {
  it("rewards items found by both lists over items ranked high by one", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["c", "d", "a"],
    ]);
    const order = [...fused.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id);
    expect(order).toEqual(["a", "c", "b", "d"]);
    expect(fused.get("a")).toBeCloseTo(1 / 61 + 1 / 63);
  });
});

describe("coverage and idf", () => {
  it("weighs rare terms above common ones and unknown terms highest", () => {
    expect(idf(1, 100)).toBeGreaterThan(idf(50, 100));
    expect(idf(0, 100)).toBeGreaterThan(idf(1, 100));
    const weights = termWeights(["miss", "citizen"], (t) => (t === "miss" ? 2 : 40), 100);
    expect(coverage(weights, new Set(["miss"]))).toBeGreaterThan(0.5);
    expect(coverage(weights, new Set(["citizen"]))).toBeLessThan(0.5);
    expect(coverage(weights, new Set())).toBe(0);
    expect(coverage(new Map(), new Set(["x"]))).toBe(0);
  });

  it("calibrates dense similarity into 0..1", () => {
    const c = { floor: 0.2, ceiling: 0.6 };
    expect(calibrate(0.1, c)).toBe(0);
    expect(calibrate(0.4, c)).toBeCloseTo(0.5);
    expect(calibrate(0.9, c)).toBe(1);
    expect(calibrate(null, c)).toBe(0);
  });
});

describe("orderCandidates", () => {
  const items = [
    { id: "old", date: "2021-01-01", relevance: 0.95, fused: 1, bonus: 0 },
    { id: "new", date: "2025-01-01", relevance: 0.9, fused: 0.5, bonus: 0 },
    { id: "newest-unrelated", date: "2026-01-01", relevance: 0.5, fused: 0.4, bonus: 0 },
    { id: "noise", date: "2026-02-01", relevance: 0.1, fused: 0.9, bonus: 0 },
  ];

  it("drops passages below the relevance threshold and orders by score", () => {
    expect(
      orderCandidates(items, { minRelevance: 0.45, wantsLatest: false }).map((i) => i.id),
    ).toEqual(["old", "new", "newest-unrelated"]);
  });

  it("puts the most recent of the answering passages first for latest questions", () => {
    expect(
      orderCandidates(items, { minRelevance: 0.45, wantsLatest: true }).map((i) => i.id),
    ).toEqual(["new", "old", "newest-unrelated"]);
  });

  it("keeps scores between 0 and 1", () => {
    for (const item of orderCandidates(
      [{ id: "x", date: "2020-01-01", relevance: 1, fused: 1, bonus: 0.2 }],
      { minRelevance: 0, wantsLatest: false },
    )) {
      expect(item.score).toBeLessThanOrEqual(1);
    }
  });
});

describe("selectQuote", () => {
  const text =
    "The conference opened on Monday. Delegates discussed the missing persons file at length. " +
    "Nearly 4,000 citizens are still missing. Work continues.";
  const statement: Statement = {
    docId: "d",
    date: "2024-01-01",
    title: null,
    speaker: null,
    source: null,
    url: null,
    dateline: null,
    text,
  };
  const chunk = chunkStatement(statement, {
    targetTokens: 500,
    maxTokens: 500,
    overlapSentences: 0,
  })[0]!;

  it("picks the sentence with the figure for a how-many question", () => {
    const weights = termWeights(terms("how many are still missing"), () => 1, 10);
    const quote = selectQuote(statement, chunk, weights, true);
    expect(text.slice(quote.start, quote.end)).toBe("Nearly 4,000 citizens are still missing.");
  });

  it("quotes the whole chunk when no word matches (a paraphrase)", () => {
    const weights = termWeights(terms("unaccounted individuals"), () => 1, 10);
    const quote = selectQuote(statement, chunk, weights, false);
    expect([quote.start, quote.end]).toEqual([chunk.start, chunk.end]);
  });

  it("joins the neighbouring sentence when the answer is split over two", () => {
    const text2 =
      "The commission met in Geneva. It has identified 826 people so far. The rest is unknown.";
    const s2: Statement = { ...statement, text: text2 };
    const c2 = chunkStatement(s2, { targetTokens: 500, maxTokens: 500, overlapSentences: 0 })[0]!;
    const weights = termWeights(
      terms("how many people has the commission identified"),
      () => 1,
      10,
    );
    const quote = selectQuote(s2, c2, weights, true);
    expect(text2.slice(quote.start, quote.end)).toBe(
      "The commission met in Geneva. It has identified 826 people so far.",
    );
  });

  it("knows a figure from a year", () => {
    expect(hasFigure("Nearly 4,000 are missing")).toBe(true);
    expect(hasFigure("In 2024 the talks resumed")).toBe(false);
    expect(hasFigure("up 12 per cent")).toBe(true);
  });
});
