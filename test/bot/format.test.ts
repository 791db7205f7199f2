import { describe, expect, it } from "vitest";
import {
  LIMITS,
  answerView,
  embedLength,
  escapeText,
  shorten,
  statementPages,
} from "../../src/bot/format.js";
import type { AskResult, Passage } from "../../src/retrieval/types.js";

function passage(i: number, quote: string, extra: Partial<Passage> = {}): Passage {
  return {
    quote,
    start: 0,
    end: quote.length,
    chunkId: `d${i}::0`,
    date: "2024-01-02",
    speaker: "Jane Doe",
    title: "A statement",
    source: "Ministry",
    url: "https://example.org/s",
    docId: `d${i}.txt`,
    score: 0.8,
    relevance: 0.8,
    match: "answer",
    ...extra,
  };
}

function result(passages: Passage[]): AskResult {
  return {
    question: "q?",
    passages,
    hasMore: false,
    filters: { since: null, until: null, speaker: null },
    period: null,
    mode: "hybrid",
    tookMs: 1,
  };
}

describe("escapeText", () => {
  it("escapes Markdown so statement text shows literally", () => {
    expect(escapeText("**bold** _it_ `code` ~~s~~ |sp| [link](x)")).toBe(
      "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|sp\\| \\[link\\](x)",
    );
    expect(escapeText("> quote\n# heading\n- item\n1. first")).toBe(
      "\\> quote\n\\# heading\n\\- item\n\\1. first",
    );
  });
});

describe("shorten", () => {
  it("cuts at a word boundary with an ellipsis, within the limit", () => {
    const text = "The delegation underlined that reconstruction requires sustained financing";
    for (let max = 12; max < text.length; max += 7) {
      const short = shorten(text, max);
      expect(short.length).toBeLessThanOrEqual(max);
      expect(short.endsWith("…")).toBe(true);
      expect(text.startsWith(short.replace(/ ?…$/, ""))).toBe(true);
      expect(text[short.replace(/ ?…$/, "").length] ?? " ").toMatch(/[\s.]/);
    }
    expect(shorten("short", 10)).toBe("short");
  });
});

describe("answerView", () => {
  it("keeps every limit however long the passages and metadata are", () => {
    const long = "word ".repeat(3000).trim();
    for (const n of [1, 3, 10]) {
      const passages = Array.from({ length: n }, (_, i) =>
        passage(i, `${long}.`, {
          title: "T ".repeat(500),
          speaker: "S ".repeat(800),
          source: "Src ".repeat(600),
          docId: `x/${"d".repeat(300)}`,
        }),
      );
      const view = answerView(
        result(passages),
        passages.map(() => ({ before: long, after: long })),
      );
      expect(view.embeds).toHaveLength(n);
      expect(view.content.length).toBeLessThanOrEqual(LIMITS.content);
      expect(view.embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(
        LIMITS.total,
      );
      for (const e of view.embeds) {
        expect(e.title!.length).toBeLessThanOrEqual(LIMITS.title);
        expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
        expect(e.footer!.text.length).toBeLessThanOrEqual(LIMITS.footer);
        for (const f of e.fields ?? [])
          expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
  });

  it("emphasises the quote inside its context", () => {
    const view = answerView(result([passage(0, "Nearly 4,000 are still missing.")]), [
      { before: "He spoke at length.", after: "He stressed the need." },
    ]);
    expect(view.embeds[0]!.description).toBe(
      "He spoke at length. **Nearly 4,000 are still missing.** He stressed the need.",
    );
    expect(view.content).toBe("Passage 1 for “q?”");
  });
});

describe("statementPages", () => {
  it("splits a long statement into pages within an embed, losing nothing", () => {
    const text = Array.from(
      { length: 300 },
      (_, i) => `Sentence number ${i} with *stars* in it.`,
    ).join(" ");
    const pages = statementPages({
      docId: "d",
      date: "2024-01-01",
      title: null,
      speaker: null,
      source: null,
      url: null,
      dateline: "CITY, May 1.",
      text,
    });
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(LIMITS.description);
    expect(pages.join(" ").replace(/\\/g, "")).toBe(`CITY, May 1. ${text}`);
  });
});
