/** The series: one figure per statement, by date, split by unit; and reading every answering page. */
import { describe, expect, it } from "vitest";
import { type Trend, buildTrend, chartable, collectTrend } from "../../src/retrieval/trend.js";
import type {
  AskOptions,
  AskResult,
  Passage,
  Retriever,
  Statement,
} from "../../src/retrieval/types.js";

function statement(docId: string, date: string, text: string, speaker = "A Speaker"): Statement {
  return { docId, date, title: null, speaker, source: "Agency", url: null, dateline: null, text };
}

/** The passage quoting `sentence` of the statement (as the engine would). */
function passage(s: Statement, sentence: string, match: Passage["match"] = "answer"): Passage {
  const start = s.text.indexOf(sentence);
  if (start < 0) throw new Error(`"${sentence}" is not in ${s.docId}`);
  return {
    quote: sentence,
    start,
    end: start + sentence.length,
    chunkId: `${s.docId}::0`,
    date: s.date,
    speaker: s.speaker,
    title: s.title,
    source: s.source,
    url: s.url,
    docId: s.docId,
    score: 0.9,
    relevance: 0.9,
    match,
  };
}

const CORPUS = [
  statement(
    "a.txt",
    "2019-03-14",
    "The Commission met in Geneva. As of 1 March 2019, 12,400 people remain missing, among them 1,100 children. Of these, 40 per cent of the missing were civilians.",
  ),
  statement(
    "b.md",
    "2020-06-02",
    "The number of missing persons now stands at 11,980, down from 12,400 a year ago. The register was created in 2008 by 14 agencies.",
  ),
  statement(
    "c.md",
    "2022-05-10",
    "The fate of 11,900 missing persons is still unknown, and 312 families received remains in 2021.",
    "Sofia Lindqvist",
  ),
  statement(
    "d.md",
    "2022-05-10",
    "More than 11,800 people remain missing, and 62 per cent of them were civilians.",
    "Daniel Okafor",
  ),
  statement(
    "e.md",
    "2021-01-01",
    "Since 1992, mines have killed 3,400 people, including 600 children.",
  ),
  statement("f.md", "2023-01-01", "About 35 per cent of the missing have been identified so far."),
];
const byId = new Map(CORPUS.map((s) => [s.docId, s]));
const lookup = (docId: string) => byId.get(docId) ?? null;
const QUESTION = "how many people are still missing?";

function passages(): Passage[] {
  const [a, b, c, d, e, f] = CORPUS as [
    Statement,
    Statement,
    Statement,
    Statement,
    Statement,
    Statement,
  ];
  return [
    passage(d, d.text),
    passage(a, "As of 1 March 2019, 12,400 people remain missing, among them 1,100 children."),
    passage(a, "Of these, 40 per cent of the missing were civilians."),
    passage(b, "The number of missing persons now stands at 11,980, down from 12,400 a year ago."),
    passage(c, c.text),
    passage(e, e.text),
    passage(f, f.text),
  ];
}

const summary = (trend: Trend) => ({
  unit: trend.unit,
  points: trend.points.map((p) => [p.date, p.value, p.text, p.unit, p.speaker]),
  other: trend.other.map((p) => [p.date, p.text, p.unit]),
});

describe("buildTrend", () => {
  it("takes each statement's answering figure, oldest first, and keeps both statements of one day", () => {
    expect(summary(buildTrend(QUESTION, passages(), lookup))).toEqual({
      unit: "people",
      points: [
        ["2019-03-14", 12_400, "12,400", "people", "A Speaker"],
        ["2020-06-02", 11_980, "11,980", "people", "A Speaker"],
        // Same day, two statements: both, in docId order.
        ["2022-05-10", 11_900, "11,900", "people", "Sofia Lindqvist"],
        ["2022-05-10", 11_800, "More than 11,800", "people", "Daniel Okafor"],
      ],
      // A figure about the missing in another unit is listed, not charted; the mines are not.
      other: [["2023-01-01", "About 35 per cent", "percent"]],
    });
  });

  it("quotes the figure's sentence verbatim, with offsets into the statement", () => {
    const [first] = buildTrend(QUESTION, passages(), lookup).points;
    const text = byId.get("a.txt")!.text;
    expect(text.slice(first!.quoteStart, first!.quoteEnd)).toBe(first!.quote);
    expect(text.slice(first!.figureStart, first!.figureEnd)).toBe("12,400");
    expect(first!.quote).toBe(
      "As of 1 March 2019, 12,400 people remain missing, among them 1,100 children.",
    );
  });

  it("reads the whole sentence around a quote that is only part of it", () => {
    const a = byId.get("a.txt")!;
    const part = passage(a, "12,400 people remain missing");
    const trend = buildTrend(QUESTION, [part], lookup);
    expect(trend.points.map((p) => p.quote)).toEqual([
      "As of 1 March 2019, 12,400 people remain missing, among them 1,100 children.",
    ]);
  });

  it("ignores related passages and statements it cannot find", () => {
    const d = byId.get("d.md")!;
    const ghost = { ...passage(d, d.text), docId: "gone.md" };
    const trend = buildTrend(QUESTION, [passage(d, d.text, "related"), ghost], lookup);
    expect(trend.points).toEqual([]);
    expect(trend.unit).toBeNull();
  });

  it("charts the unit most figures share when the question names none", () => {
    const trend = buildTrend("what share of the missing were civilians?", passages(), lookup);
    expect(trend.unit).toBe("percent");
    expect(trend.points.map((p) => p.text)).toEqual([
      "40 per cent",
      "62 per cent",
      "About 35 per cent",
    ]);
  });

  it("needs figures on two dates for a chart", () => {
    const d = byId.get("d.md")!;
    const c = byId.get("c.md")!;
    expect(chartable(buildTrend(QUESTION, [passage(d, d.text), passage(c, c.text)], lookup))).toBe(
      false,
    );
    expect(chartable(buildTrend(QUESTION, passages(), lookup))).toBe(true);
  });
});

describe("collectTrend", () => {
  /** A retriever serving the passages page by page, recording what it was asked. */
  function pagedRetriever(all: Passage[]): Retriever & { calls: AskOptions[] } {
    const calls: AskOptions[] = [];
    return {
      calls,
      async ask(question: string, options: AskOptions = {}): Promise<AskResult> {
        calls.push(options);
        const offset = options.offset ?? 0;
        const k = options.k ?? 5;
        return {
          question,
          passages: all.slice(offset, offset + k),
          hasMore: all.length > offset + k,
          filters: { since: options.since ?? null, until: null, speaker: null },
          period: null,
          mode: "keyword",
          tookMs: 1,
        };
      },
      statement: lookup,
      statements: () => [],
      speakers: () => [],
      info: { statements: CORPUS.length, chunks: CORPUS.length, model: "none", mode: "keyword" },
    };
  }

  it("reads every answering page, 50 at a time, with the filters given", async () => {
    const filler = Array.from({ length: 60 }, () => passages()[5]!);
    const retriever = pagedRetriever([...filler, ...passages()]);
    const trend = await collectTrend(retriever, QUESTION, { since: "2019-01-01" });
    expect(retriever.calls).toEqual([
      { since: "2019-01-01", k: 50, offset: 0 },
      { since: "2019-01-01", k: 50, offset: 50 },
    ]);
    expect(trend.points).toHaveLength(4);
    expect(trend.passages).toHaveLength(67);
    expect(trend.filters.since).toBe("2019-01-01");
  });

  it("stops at the first page that has related passages", async () => {
    const answers = Array.from({ length: 50 }, () => passages()[5]!);
    const related = Array.from({ length: 60 }, () => ({
      ...passages()[0]!,
      match: "related" as const,
    }));
    const retriever = pagedRetriever([...answers, ...related, ...passages()]);
    const trend = await collectTrend(retriever, QUESTION);
    expect(retriever.calls.map((c) => c.offset)).toEqual([0, 50]);
    expect(trend.points).toEqual([]);
  });
});
