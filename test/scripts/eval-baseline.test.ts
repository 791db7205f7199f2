/** The BM25 reference of `npm run eval` (scripts/eval/bm25-baseline.ts). */
import { describe, expect, it } from "vitest";
import { buildBm25Baseline, sentenceWindows } from "../../scripts/eval/bm25-baseline.js";
import { makeStatement } from "../helpers.js";

const statement = (docId: string, text: string) => makeStatement(text, { docId });

describe("BM25 over 3-sentence windows", () => {
  it("starts a window of 3 sentences every 2nd sentence, as bm25_baseline.py", () => {
    const five = statement("a.md", "One is here. Two is here. Three is here. Four is here. Five.");
    expect(sentenceWindows(five).map((w) => w.text)).toEqual([
      "One is here. Two is here. Three is here.",
      "Three is here. Four is here. Five.",
    ]);
    const six = statement("b.md", "S1 a. S2 b. S3 c. S4 d. S5 e. S6 f.");
    expect(sentenceWindows(six).map((w) => w.text)).toEqual([
      "S1 a. S2 b. S3 c.",
      "S3 c. S4 d. S5 e.",
      "S5 e. S6 f.",
    ]);
    expect(sentenceWindows(statement("c.md", "Only one sentence.")).map((w) => w.text)).toEqual([
      "Only one sentence.",
    ]);
  });

  it("matches whole words, not prefixes, and ranks by BM25", () => {
    const baseline = buildBm25Baseline([
      statement("warsaw.md", "Warsaw is the capital of Poland. Warsaw has many bridges."),
      statement("war.md", "The war began in 1754. The war ended in 1763."),
      statement("both.md", "The war reached the river. Boats crossed it."),
    ]);
    const results = baseline.ask("When did the war end?", 5);
    // war.md holds "war" twice and "ended"... but "end" is not "ended": only "war" counts;
    // war.md has it twice in a window as long as both.md's, so it comes first; warsaw.md never.
    expect(results.map((r) => r.docId)).toEqual(["war.md", "both.md"]);
    expect(results.every((r) => r.match === "answer")).toBe(true);
    expect(baseline.ask("Poland bridges", 1)).toEqual([
      {
        docId: "warsaw.md",
        quote: "Warsaw is the capital of Poland. Warsaw has many bridges.",
        match: "answer",
      },
    ]);
  });
});
