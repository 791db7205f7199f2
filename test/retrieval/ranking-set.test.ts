/**
 * Ranking set (MiniSearch's style): a small fixed corpus (fixtures/ranking-set), named questions,
 * and the expected order with the reason each passage sits where it does. A ranking change that
 * moves one fails here with that reason attached. Keyword mode, so no model is involved.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SearchEngine } from "../../src/retrieval/engine.js";
import { buildIndex } from "../../src/retrieval/indexer.js";
import type { AskResult } from "../../src/retrieval/types.js";
import { tempDir } from "../helpers.js";

const CORPUS = path.resolve("test/retrieval/fixtures/ranking-set");
let engine: SearchEngine;

beforeAll(async () => {
  const indexDir = await tempDir();
  await buildIndex({ corpusDir: CORPUS, indexDir, embedder: null });
  ({ engine } = await SearchEngine.open(indexDir, null));
});
afterAll(() => engine.close());

/** "docId: first six words of the quote [tier]" for the first `n` passages. */
async function top(question: string, n = 3): Promise<string[]> {
  const result: AskResult = await engine.ask(question, { k: n });
  return result.passages.map(
    (p) => `${p.docId}: ${p.quote.split(/\s+/).slice(0, 6).join(" ")} [${p.match}]`,
  );
}

describe("ranking set", () => {
  it("latest: the newest statement's figure first, the older one after", async () => {
    expect(await top("how many people are still missing?", 2)).toEqual([
      // 2025: "remain missing" answers as well as "still missing" and is six years newer.
      "2025-11-04-missing.txt: Six years on, 11,900 people remain [answer]",
      // 2019: the same question answered with the figure of its day.
      "2019-05-10-missing.txt: Some 12,400 people are still missing. [answer]",
    ]);
  });

  it("a year in the question prefers what was said then, over the latest", async () => {
    const result = await engine.ask("how many people were missing in 2019?", { k: 2 });
    expect(result.period).toEqual({ since: "2019-01-01", until: "2019-12-31", phrase: "in 2019" });
    // The year is a preference, not a filter: the filters stay empty and 2025 is still listed.
    expect(result.filters).toEqual({ since: null, until: null, speaker: null });
    // 2025 is about another time (it does not mention 2019 and is dated six years later): it is
    // shown, but as related, not as an answer.
    expect(result.passages.map((p) => `${p.date} ${p.match}`)).toEqual([
      "2019-05-10 answer",
      "2025-11-04 related",
    ]);
    expect(result.passages[0]!.quote).toBe("Some 12,400 people are still missing.");
  });

  it("a year in the question finds the statement that reports on it a year later", async () => {
    expect(await top("How many tonnes of grain were exported in 2022?", 1)).toEqual([
      // Dated 2023-01-12, about "last year": within a year after the period asked about.
      "2023-01-12-exports.md: Grain exports through the port reached [answer]",
    ]);
  });

  it("what X said about Y quotes what X said, not the sentence that introduces X", async () => {
    expect(await top("What did Kovalska say about the laboratory?", 2)).toEqual([
      // Both statements are Kovalska's; the newer laboratory sentence scores a little higher.
      "2025-11-04-missing.txt: A second laboratory opened in Marek [answer]",
      "2019-05-10-missing.txt: The genetic laboratory in Tarvel has [answer]",
    ]);
  });

  it("how much money: the sentence with the amount", async () => {
    expect(await top("how much did the Kessel pipeline cost?", 1)).toEqual([
      "2024-02-20-reservoirs.md: The new Kessel pipeline, which cost [answer]",
    ]);
  });

  it("an interview question is quoted with its answer", async () => {
    const [first] = (await engine.ask("How much water does the pipeline carry?", { k: 1 }))
      .passages;
    expect(first!.quote).toBe(
      "Q: How much water does the pipeline carry?\nA: At full capacity it carries 120 million litres a day between the two systems.",
    );
  });

  it("when: the answer with the date, not the question that asked it", async () => {
    expect(await top("when will water flow through the pipeline", 1)).toEqual([
      "2023-06-14-interview.md: A: Testing ends in November, and [answer]",
    ]);
  });

  it("words that say what is wanted ('statistics', 'latest') do not stand in the way", async () => {
    expect(await top("latest reservoir statistics", 2)).toEqual([
      // The newest of the reservoir statements that answer, then the next newest.
      "2024-02-20-reservoirs.md: Our reservoirs are at 97 per [answer]",
      "2022-03-08-reservoirs.md: Reservoirs stand at 63 per cent [answer]",
    ]);
  });

  it("nothing answers a question about what the corpus does not cover: related passages only", async () => {
    const result = await engine.ask("how many ferries does the port operate?", { k: 3 });
    expect(result.passages.length).toBeGreaterThan(0);
    // "port" is known, "ferries" is not: the port statement is close, but it does not answer.
    expect(result.passages.every((p) => p.match === "related")).toBe(true);
    expect(result.passages[0]!.docId).toBe("2023-01-12-exports.md");
  });

  it("a misspelled word still finds its passage", async () => {
    expect(await top("how much did the Kesel pipeline cost?", 1)).toEqual([
      "2024-02-20-reservoirs.md: The new Kessel pipeline, which cost [answer]",
    ]);
  });
});
