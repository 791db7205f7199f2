import { parse } from "discord-markdown-parser";
import { describe, expect, it } from "vitest";
import {
  NO_ANSWER_HEADING,
  RELATED_COLOR,
  RELATED_HEADING,
  answerView,
} from "../../src/bot/answer-view.js";
import { COLOR, LIMITS, discordDate, embedLength } from "../../src/bot/format.js";
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

function result(passages: Passage[], extra: Partial<AskResult> = {}): AskResult {
  return {
    question: "q?",
    passages,
    hasMore: false,
    filters: { since: null, until: null, speaker: null },
    period: null,
    mode: "hybrid",
    tookMs: 1,
    ...extra,
  };
}

const noContext = { before: "", after: "" };
const DATE = discordDate("2024-01-02");

describe("answerView", () => {
  it("keeps every limit however many, long and strange the passages are", () => {
    const long = "word ".repeat(3000).trim();
    for (const n of [1, 3, 10]) {
      for (const related of [0, 1, n]) {
        const passages = Array.from({ length: n }, (_, i) =>
          passage(i, `${long}.`, {
            title: "T ".repeat(500),
            speaker: "S ".repeat(800),
            source: "Src ".repeat(600),
            url: `https://example.org/${"u".repeat(380)}`,
            docId: `x/${"d".repeat(300)}`,
            match: i >= n - related ? "related" : "answer",
          }),
        );
        const view = answerView(
          result(passages, { question: "why ".repeat(1000) }),
          passages.map(() => ({ before: long, after: long })),
        );
        expect(view.content.length).toBeLessThanOrEqual(LIMITS.content);
        expect(view.embeds.length).toBeGreaterThan(0);
        expect(view.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
        expect(view.embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(
          LIMITS.total,
        );
        for (const e of view.embeds) {
          expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
          expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
          // Shortened text ends at a word boundary with an ellipsis, never mid-word.
          expect(e.description).not.toMatch(/\w…\w/);
        }
        // Every passage is there, numbered.
        const text = view.embeds.map((e) => e.description).join("\n");
        for (let i = 1; i <= n; i++) expect(text).toContain(`\\[${i}\\]`);
      }
    }
  });

  it("leads with the answering sentence as a block quote, in bold inside its context", () => {
    const view = answerView(result([passage(0, "Nearly 4,000 are still missing.")]), [
      { before: "He spoke at length.", after: "He stressed the need." },
    ]);
    expect(view.content).toBe("**Q:** q?");
    expect(view.embeds).toEqual([
      {
        color: COLOR,
        description: [
          "> He spoke at length. **Nearly 4,000 are still missing.** He stressed the need.",
          `— Jane Doe · ${DATE} · \\[1\\] [A statement](https://example.org/s)`,
        ].join("\n"),
      },
    ]);
  });

  it("quotes a passage of several paragraphs line by line", () => {
    const view = answerView(result([passage(0, "The figures:\n\n- 4,000 missing\n- 300 found")]), [
      noContext,
    ]);
    expect(view.embeds[0]!.description).toBe(
      [
        "> **The figures:**",
        "> **\\- 4,000 missing**",
        "> **\\- 300 found**",
        `— Jane Doe · ${DATE} · \\[1\\] [A statement](https://example.org/s)`,
      ].join("\n"),
    );
  });

  it("follows with further answers compactly, then related passages under their own heading", () => {
    const view = answerView(
      result([
        passage(0, "First answer."),
        passage(1, "Second answer.", { speaker: null, title: null, url: null }),
        passage(2, "Third answer.", { title: null, source: null, url: "https://example.org/t" }),
        passage(3, "Close but not it.", { match: "related" }),
      ]),
      [noContext, noContext, noContext, noContext],
    );
    expect(view.embeds).toHaveLength(2);
    const [answers, related] = view.embeds;
    expect(answers!.color).toBe(COLOR);
    expect(answers!.description!.split("\n\n").slice(1)).toEqual([
      `> Second answer.\n— ${DATE} · \\[2\\] Ministry`,
      `> Third answer.\n— Jane Doe · ${DATE} · \\[3\\] [source](https://example.org/t)`,
    ]);
    expect(related).toEqual({
      title: RELATED_HEADING,
      color: RELATED_COLOR,
      description: `“Close but not it.” — Jane Doe · ${DATE} · \\[4\\] [A statement](https://example.org/s)`,
    });
    expect(related!.description).not.toMatch(/^>/m);
  });

  it("says plainly when nothing answers, and shows the closest passages apart", () => {
    const view = answerView(
      result([
        passage(0, "Close.", { match: "related" }),
        passage(1, "Closer.", { match: "related" }),
      ]),
      [noContext, noContext],
    );
    expect(view.embeds).toHaveLength(1);
    expect(view.embeds[0]).toMatchObject({ title: NO_ANSWER_HEADING, color: RELATED_COLOR });
    expect(view.embeds[0]!.description!.split("\n\n")).toHaveLength(2);
  });

  it("says how the question was read and which filters are in force", () => {
    const view = answerView(
      result([passage(0, "It was 4,000.")], {
        question: "how many were missing in 2022?",
        period: { since: "2022-01-01", until: "2022-12-31", phrase: "in 2022" },
        filters: { since: "2020-01-01", until: null, speaker: "Jane_D" },
      }),
      [noContext],
    );
    expect(view.content).toBe(
      "**Q:** how many were missing in 2022?\n-# read as: in 2022 — statements from then first · only statements since 2020-01-01, speaker “Jane\\_D”",
    );
  });

  it("numbers a later page on from the earlier ones", () => {
    const view = answerView(
      result([passage(0, "Fourth."), passage(1, "Fifth.")]),
      [noContext, noContext],
      3,
    );
    expect(view.content).toBe("**Q:** q?\n-# passages 4–5");
    expect(view.embeds[0]!.description).toContain("\\[4\\]");
    expect(view.embeds[0]!.description).toContain("\\[5\\]");
  });

  it("shows statement text literally: no Markdown, no links, no block quotes of its own", () => {
    const view = answerView(
      result([
        passage(0, "**Bold** claim [click](https://evil.example) > not a quote", {
          title: "A [title](https://evil.example)",
          speaker: "_Someone_",
          url: "javascript:alert(1)",
        }),
      ]),
      [{ before: "# Heading", after: "`code`" }],
    );
    const text = view.embeds[0]!.description!;
    expect(text).toContain("\\*\\*Bold\\*\\* claim \\[click\\](https://evil.example)");
    expect(text).toContain("\\# Heading");
    expect(text).toContain("\\`code\\`");
    expect(text).toContain("\\_Someone\\_");
    expect(text).toContain("\\[1\\] A \\[title\\](https://evil.example)");
    expect(text).not.toContain("javascript:");
  });

  it("is read by Discord's own Markdown rules as intended: only the bot's marks are markup", () => {
    type Node = { type: string; content?: Node[] | string; target?: string };
    const nodes = (list: Node[]): Node[] =>
      list.flatMap((n) => [n, ...(Array.isArray(n.content) ? nodes(n.content) : [])]);
    // (A bare URL in a statement is a link in Discord as anywhere: it is text, not markup.)
    const evil =
      "**Bold** [click](https://evil.example) <t:0:R> <@123456789012345678> ||hidden|| > not";
    const view = answerView(
      result([
        passage(0, evil, { title: "[T](https://evil.example)", speaker: "__S__" }),
        passage(1, `Second ${evil}`),
        passage(2, `Related ${evil}`, { match: "related" }),
      ]),
      [{ before: `# Before ${evil}`, after: `After ${evil}` }, noContext, noContext],
    );
    const tree = nodes(view.embeds.flatMap((e) => parse(e.description!, "extended") as Node[]));
    // Links: only the three sources, to their url.
    expect(tree.filter((n) => n.type === "link").map((n) => n.target)).toEqual([
      "https://example.org/s",
      "https://example.org/s",
      "https://example.org/s",
    ]);
    // Bold: only the first answer's quote; timestamps: only the three dates; block quotes: the two answers.
    expect(tree.filter((n) => n.type === "strong")).toHaveLength(1);
    expect(tree.filter((n) => n.type === "timestamp")).toHaveLength(3);
    expect(tree.filter((n) => n.type === "blockQuote")).toHaveLength(2);
    for (const type of ["spoiler", "underline", "em", "heading", "user"])
      expect(tree.filter((n) => n.type === type)).toEqual([]);
  });

  it("says when nothing at all was found, with the filters", () => {
    const view = answerView(
      result([], { filters: { since: null, until: "2000-01-01", speaker: null } }),
      [],
    );
    expect(view).toEqual({
      content:
        "Nothing in the statements answers “q?”. Try other words, or a wider date range.\n-# only statements until 2000-01-01",
      embeds: [],
    });
  });
});
