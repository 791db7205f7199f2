import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CHUNKER,
  chunkStatement,
  embeddingText,
  estimateTokens,
  splitSentences,
} from "../../src/retrieval/chunk.js";
import { parseCorpusFile } from "../../src/retrieval/corpus/parse.js";
import { makeStatement } from "../helpers.js";

const seed = parseCorpusFile(
  "seed.txt",
  readFileSync(path.resolve("corpus/000_907870b53d1c0730.txt"), "utf8"),
).statements[0]!;

const statement = (text: string) =>
  makeStatement(text, { docId: "s.txt", title: "T", speaker: "Jane Doe" });

/** A deterministic pseudo-random statement: sentences of varied length, some very long. */
function randomText(seed: number): string {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const words = [
    "the",
    "Mr.",
    "missing",
    "refugees",
    "4,000",
    "returned",
    "mines",
    "Dr.",
    "council",
    "U.S.",
    "budget",
  ];
  const sentences: string[] = [];
  for (let s = 0; s < 5 + next() * 40; s++) {
    const length = next() < 0.1 ? 300 : 3 + Math.floor(next() * 30);
    const sentence = Array.from({ length }, () => words[Math.floor(next() * words.length)]).join(
      " ",
    );
    sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
  }
  return sentences.join(next() < 0.5 ? " " : "\n\n");
}

describe("splitSentences", () => {
  it("does not break after titles, initials or abbreviated months", () => {
    const text = "Mr. Smith met Dr. J. Jones on Jan. 5. Nearly 4,000 are missing. The U.S. agreed.";
    const spans = splitSentences(text).map(([s, e]) => text.slice(s, e));
    expect(spans).toEqual([
      "Mr. Smith met Dr. J. Jones on Jan. 5.",
      "Nearly 4,000 are missing.",
      "The U.S. agreed.",
    ]);
  });

  it("treats a paragraph break as a boundary", () => {
    const text = "A heading without a period\n\nThe body starts here.";
    expect(splitSentences(text).map(([s, e]) => text.slice(s, e))).toEqual([
      "A heading without a period",
      "The body starts here.",
    ]);
  });
});

describe("chunkStatement", () => {
  it("splits the seed into chunks whose text is an exact slice and whose sentences lie inside", () => {
    const chunks = chunkStatement(seed);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.id).toBe(`seed.txt::${chunk.ordinal}`);
      expect(chunk.start).toBe(chunk.sentences[0]![0]);
      expect(chunk.end).toBe(chunk.sentences.at(-1)![1]);
      const text = seed.text.slice(chunk.start, chunk.end);
      expect(text.trim()).toBe(text);
    }
    const texts = chunks.map((c) => seed.text.slice(c.start, c.end));
    expect(
      texts.some((t) => t.includes("Nearly 4,000 Azerbaijani citizens are still missing.")),
    ).toBe(true);
  });

  it("repeats one sentence between neighbouring chunks (unless a chunk is a single sentence)", () => {
    const chunks = chunkStatement(seed);
    let overlaps = 0;
    for (let i = 1; i < chunks.length; i++) {
      if (chunks[i - 1]!.sentences.length < 2) continue;
      expect(chunks[i]!.sentences[0]).toEqual(chunks[i - 1]!.sentences.at(-1));
      overlaps++;
    }
    expect(overlaps).toBeGreaterThan(0);
  });

  it("keeps every chunk under the token limit and covers every word, on varied texts", () => {
    for (let n = 1; n <= 25; n++) {
      const s = statement(randomText(n));
      const chunks = chunkStatement(s);
      let previousStart = -1;
      let covered = 0;
      for (const chunk of chunks) {
        expect(estimateTokens(s.text.slice(chunk.start, chunk.end))).toBeLessThanOrEqual(
          DEFAULT_CHUNKER.maxTokens,
        );
        // Chunks move forward through the text: each starts after the one before it.
        expect(chunk.start).toBeGreaterThan(previousStart);
        previousStart = chunk.start;
        covered = Math.max(covered, chunk.end);
      }
      // No text is lost between chunks: each chunk starts at or before the previous end.
      for (let i = 1; i < chunks.length; i++)
        expect(chunks[i]!.start).toBeLessThanOrEqual(chunks[i - 1]!.end + 2);
      expect(covered).toBe(s.text.trimEnd().length);
    }
  });

  it("puts the title and speaker in the embedded text, never in the chunk", () => {
    const s = statement("One sentence here. Another one there.");
    const [chunk] = chunkStatement(s);
    expect(embeddingText(s, chunk!)).toBe("T — Jane Doe\nOne sentence here. Another one there.");
    expect(s.text.slice(chunk!.start, chunk!.end)).toBe("One sentence here. Another one there.");
  });
});
