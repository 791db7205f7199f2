import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/retrieval/chunk.js";
import { analyseStatement } from "../../src/retrieval/chunk-analysis.js";
import { Feature } from "../../src/retrieval/features.js";
import type { Statement } from "../../src/retrieval/types.js";
import { makeStatement as statement } from "../helpers.js";

/** "S" for each sentence of each chunk marked as direct speech, "-" for the others. */
function speechByChunk(s: Statement, sizes: number[]): string[] {
  const spans = splitSentences(s.text);
  let next = 0;
  const chunks = sizes.map((size, label) => ({
    label,
    sentences: spans.slice(next, (next += size)),
  }));
  return analyseStatement(s, chunks).map((chunk) =>
    chunk.sentences.map((x) => (x.features & Feature.speech ? "S" : "-")).join(""),
  );
}

describe("analyseStatement: direct speech", () => {
  it("knows a chunk starts inside a quotation opened in the chunk before", () => {
    const s = statement(
      'The port opened a quay. "We are ready. We have waited. It is done," she said. Trade rose.',
    );
    expect(speechByChunk(s, [2, 3])).toEqual(["-S", "SS-"]);
  });

  it("reads each statement's chunks in order, and a chunk read again gives the same bits", () => {
    // A quotation running over paragraphs opens again at each one.
    const a = statement('"One. Two.\n"Three," he said. Four. "Five.');
    const b = statement("Plain. Text. Here.");
    expect(speechByChunk(a, [2, 3])).toEqual(["SS", "S-S"]);
    expect(speechByChunk(b, [1, 2])).toEqual(["-", "--"]);
    expect(speechByChunk(a, [2, 3])).toEqual(["SS", "S-S"]);
  });
});
