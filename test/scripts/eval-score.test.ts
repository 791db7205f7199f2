/**
 * The evaluation's scorer (scripts/eval/score.ts) against the held-out scorer's rule (score.py).
 * Expected tokens were produced by score.py's own `toks` in Python.
 */
import { describe, expect, it } from "vitest";
import {
  aggregate,
  aggregateByKind,
  floorFailure,
  floorViolations,
  isHit,
  parseFloor,
  quoteCovers,
  scoreQuestion,
  scoreTokens,
  type EvalQuestion,
  type ListedResult,
} from "../../scripts/eval/score.js";
import { parseQuestions } from "../../scripts/eval/sets.js";

const GOLD_QUOTE = "Nearly 4,000 Azerbaijani citizens are still missing.";
const DOC = "statements.jsonl#2025-07";

function question(id: string, kind = "numeric", file = DOC, quote = GOLD_QUOTE): EvalQuestion {
  return kind === "negative"
    ? { id, question: `q ${id}`, kind, gold: null }
    : { id, question: `q ${id}`, kind, gold: { file, quote, date: "2025-07-01" } };
}
const hit = (match?: "answer" | "related"): ListedResult => ({
  docId: DOC,
  quote: GOLD_QUOTE,
  match,
});
const sameDocOtherQuote = (match?: "answer" | "related"): ListedResult => ({
  docId: DOC,
  quote: "The commission met in Baku on Tuesday.",
  match,
});
const otherDoc = (match?: "answer" | "related"): ListedResult => ({
  docId: "other.md",
  quote: GOLD_QUOTE,
  match,
});
const scored = (q: EvalQuestion, results: ListedResult[], tookMs = 1) =>
  scoreQuestion(q, { results, tookMs });

describe("quote-level hit (score.py's 80% token rule)", () => {
  it("tokenizes like score.py: curly quotes straightened, lower case, ' . , % $ kept in tokens", () => {
    expect(scoreTokens("\u201cNearly 4,000 people,\u201d he said \u2014 12% (of $5).")).toEqual([
      "nearly",
      "4,000",
      "people,",
      "he",
      "said",
      "12%",
      "of",
      "$5",
      ".",
    ]);
    expect(scoreTokens("Azerbaijan\u2019s Café_1 naïve – 1754–1763 e.g. U.S.")).toEqual([
      "azerbaijan's",
      "café_1",
      "naïve",
      "1754",
      "1763",
      "e.g.",
      "u.s.",
    ]);
    expect(scoreTokens("Tallowridge's \u201crebuilt\u201d homes: 1,204.")).toEqual([
      "tallowridge's",
      "rebuilt",
      "homes",
      "1,204.",
    ]);
  });

  it("is a hit from 80% of the gold tokens held, not below", () => {
    const gold = "one two three four five"; // 5 tokens: 4 needed
    expect(quoteCovers("one two three four", gold)).toBe(true);
    expect(quoteCovers("one two three", gold)).toBe(false);
    const ten = "a b c d e f g h i j"; // 10 tokens: 8 needed
    expect(quoteCovers("a b c d e f g h", ten)).toBe(true);
    expect(quoteCovers("a b c d e f g", ten)).toBe(false);
  });

  it("counts a repeated gold token each time it occurs", () => {
    // gold: the ×3, cat, sat (5 tokens); the quote holds "the" only: 3 of 5 < 4.
    expect(quoteCovers("the", "the the the cat sat")).toBe(false);
    expect(quoteCovers("the cat", "the the the cat sat")).toBe(true);
  });

  it("ignores case and curly quotes, but a token keeps its attached full stop and comma", () => {
    expect(quoteCovers("AZERBAIJAN\u2019S “FIGURE”", "Azerbaijan's figure")).toBe(true);
    // "missing." is the gold's last token; a quote cut before the full stop lacks it.
    expect(quoteCovers("still missing", "still missing.")).toBe(false);
  });

  it("holds a longer quote around the gold sentence; needs the gold docId", () => {
    const gold = { file: DOC, quote: GOLD_QUOTE, date: "2025-07-01" };
    const longer = `BAKU, July 1. ${GOLD_QUOTE} The commission said so.`;
    expect(isHit({ docId: DOC, quote: longer }, gold)).toBe(true);
    expect(isHit({ docId: "other.md", quote: longer }, gold)).toBe(false);
  });
});

describe("scoring one question", () => {
  it("ranks count every listed result, related ones included", () => {
    const s = scored(question("q1"), [otherDoc("related"), hit("related")]);
    expect(s.quoteRank).toBe(2);
    expect(s.statementRank).toBe(2);
    expect(s.answered).toBe(false);
  });

  it("a result without `match` is an answer, as in score.py", () => {
    expect(scored(question("q1"), [otherDoc()]).answered).toBe(true);
  });

  it("statement level asks only for the docId", () => {
    const s = scored(question("q1"), [otherDoc("answer"), sameDocOtherQuote("answer")]);
    expect(s.statementRank).toBe(2);
    expect(s.quoteRank).toBeNull();
  });

  it("a negative is right when no result is an answer, related ones allowed", () => {
    const negative = question("n1", "negative");
    const metrics = (results: ListedResult[]) => aggregate([scored(negative, results)]);
    expect(metrics([]).quote).toEqual({ r1: 1, r3: 1, mrr: 1 });
    expect(metrics([otherDoc("related")]).quote).toEqual({ r1: 1, r3: 1, mrr: 1 });
    expect(metrics([otherDoc("related")]).statement).toEqual({ r1: 1, r3: 1, mrr: 1 });
    expect(metrics([otherDoc("related"), otherDoc("answer")]).quote).toEqual({
      r1: 0,
      r3: 0,
      mrr: 0,
    });
  });
});

describe("aggregating", () => {
  it("R@1, R@3 and MRR over ranks 1, 2, none and 4", () => {
    const m = aggregate([
      scored(question("a"), [hit("answer")]),
      scored(question("b"), [otherDoc("answer"), hit("answer")]),
      scored(question("c"), [otherDoc("answer")]),
      scored(question("d"), [otherDoc(), otherDoc(), otherDoc(), hit("related")]),
    ]);
    expect(m.n).toBe(4);
    expect(m.quote.r1).toBe(1 / 4);
    expect(m.quote.r3).toBe(2 / 4);
    expect(m.quote.mrr).toBeCloseTo((1 + 1 / 2 + 0 + 1 / 4) / 4, 12);
    // statement level: every "otherDoc" is a miss, so the same ranks.
    expect(m.statement).toEqual(m.quote);
    expect(m.goldListed).toBe(3);
    expect(m.goldListedTop3).toBe(2);
  });

  it("no answer counts answerable questions without an answer-tier result; negatives apart", () => {
    const m = aggregate([
      scored(question("a"), [hit("related")]), // no answer, though the gold is listed
      scored(question("b"), []), // no answer
      scored(question("c"), [otherDoc("answer")]),
      scored(question("n1", "negative"), []), // rightly refused
      scored(question("n2", "negative"), [otherDoc("answer")]), // answered: wrong
    ]);
    expect(m.answerable).toBe(3);
    expect(m.noAnswer).toBe(2);
    expect(m.negatives).toBe(2);
    expect(m.negativesRefused).toBe(1);
    // "a" (its gold listed first, as related) and "n1" are right at rank 1.
    expect(m.quote.r1).toBe(2 / 5);
  });

  it("groups by kind in report order, unknown kinds last by name", () => {
    const byKind = aggregateByKind([
      scored(question("n", "negative"), []),
      scored(question("z", "zeta"), [hit()]),
      scored(question("p", "paraphrase"), []),
      scored(question("l1", "lexical"), [hit()]),
      scored(question("l2", "lexical"), [otherDoc()]),
      scored(question("a", "alpha"), []),
    ]);
    expect(byKind.map(([kind, m]) => [kind, m.n, m.quote.r1])).toEqual([
      ["lexical", 2, 0.5],
      ["paraphrase", 1, 0],
      ["negative", 1, 1],
      ["alpha", 1, 0],
      ["zeta", 1, 1],
    ]);
  });

  it("p50 is the median ask time", () => {
    const m = aggregate([1, 9, 3, 4].map((ms, i) => scored(question(`t${i}`), [], ms)));
    expect(m.p50Ms).toBe(3.5);
  });
});

describe("the CI floor", () => {
  const metrics = aggregate([
    ...Array.from({ length: 8 }, (_, i) => scored(question(`h${i}`), [hit()])),
    scored(question("r2"), [otherDoc(), hit()]),
    scored(question("none"), []),
  ]); // R@1 0.8, R@3 0.9, no answer 0.1

  it("parses r1, r3 and noanswer", () => {
    expect(parseFloor("r1=0.775,r3=0.875,noanswer=0.03")).toEqual({
      r1: 0.775,
      r3: 0.875,
      noanswer: 0.03,
    });
    expect(parseFloor(" R1 = 0.5 ")).toEqual({ r1: 0.5 });
  });

  it("refuses an unknown key or a value outside 0..1, naming it", () => {
    expect(() => parseFloor("r5=0.5")).toThrow(
      '--floor: "r5=0.5" is not KEY=VALUE with KEY one of r1, r3, noanswer (e.g. r1=0.77,r3=0.87,noanswer=0.03)',
    );
    expect(() => parseFloor("r1=80")).toThrow('--floor: r1 must be a share from 0 to 1, got "80"');
    expect(() => parseFloor("r1")).toThrow(/is not KEY=VALUE/);
  });

  it("passes at the floor exactly", () => {
    expect(floorViolations(metrics, { r1: 0.8, r3: 0.9, noanswer: 0.1 })).toEqual([]);
    expect(floorFailure([{ label: "squad/keyword", metrics }], { r1: 0.8 })).toBeNull();
  });

  it("fails below R@1 or R@3, or above the no-answer share, in one line", () => {
    expect(floorViolations(metrics, { r1: 0.81, r3: 0.95, noanswer: 0.05 })).toEqual([
      "quote-level R@1 0.800 < 0.810",
      "quote-level R@3 0.900 < 0.950",
      "no answer-tier result 0.100 > 0.050",
    ]);
    const line = floorFailure(
      [
        { label: "squad/keyword", metrics },
        { label: "squad/test-model", metrics: aggregate([scored(question("x"), [hit()])]) },
      ],
      { r1: 0.81 },
    );
    expect(line).toBe("eval: below the floor: squad/keyword: quote-level R@1 0.800 < 0.810");
    expect(line).not.toContain("\n");
  });
});

describe("reading a question file", () => {
  const line = (fields: Record<string, unknown>) =>
    JSON.stringify({
      id: "u1",
      question: "how many?",
      kind: "numeric",
      gold_file: "a.md",
      gold_quote: "Four.",
      gold_date: "2024-01-01",
      ...fields,
    });

  it("reads gold, and none for a negative", () => {
    const qs = parseQuestions(
      [
        line({}),
        "",
        line({ id: "u2", kind: "negative", gold_file: null, gold_quote: null, gold_date: null }),
      ].join("\n"),
      "x.jsonl",
    );
    expect(qs).toEqual([
      {
        id: "u1",
        question: "how many?",
        kind: "numeric",
        gold: { file: "a.md", quote: "Four.", date: "2024-01-01" },
      },
      { id: "u2", question: "how many?", kind: "negative", gold: null },
    ]);
  });

  it("names the file and line of a bad question", () => {
    expect(() => parseQuestions(`${line({})}\n${line({})}`, "x.jsonl")).toThrow(
      'x.jsonl:2: id "u1" is used twice: give it a new id',
    );
    expect(() => parseQuestions(line({ kind: "negative" }), "x.jsonl")).toThrow(
      "x.jsonl:1: not a question line (line: a negative has null gold_file, gold_quote and gold_date; any other kind has all three)",
    );
    expect(() => parseQuestions("{", "x.jsonl")).toThrow("x.jsonl:1: not JSON");
  });
});
