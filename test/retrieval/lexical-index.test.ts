import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type LexicalDocument,
  LexicalIndex,
  affordableTerms,
} from "../../src/retrieval/lexical-index.js";
import { terms } from "../../src/retrieval/terms.js";
import { tempDir } from "../helpers.js";

const DOCUMENTS: LexicalDocument[] = [
  { id: 10, text: "Demining teams cleared 900 hectares in the north.", title: "", speaker: "" },
  {
    id: 11,
    text: "Demining continued; demining teams cleared mines, and demining will go on.",
    title: "",
    speaker: "",
  },
  { id: 12, text: "Health spending rose to 12 per cent of the budget.", title: "", speaker: "" },
  { id: 13, text: "The minister spoke about schools.", title: "", speaker: "Omar Haddad" },
  { id: 14, text: "Haddad's remarks were reported by the press.", title: "", speaker: "" },
  { id: 15, text: "Families returned home to the north.", title: "Returns", speaker: "" },
];

async function written(documents = DOCUMENTS) {
  const file = path.join(await tempDir(), "lexical.sqlite");
  LexicalIndex.write(file, documents);
  return { file, index: LexicalIndex.open(file, documents.length) };
}

const labels = (hits: Array<{ label: number }>) => hits.map((h) => h.label);

describe("LexicalIndex", () => {
  it("finds chunks holding any of the terms, the better BM25 match first", async () => {
    const { index } = await written();
    // Stems match across forms ("cleared" ~ "clearing"); a repeated term counts more.
    const hits = index.search(terms("demining clearing"), 10);
    expect(labels(hits).sort()).toEqual([10, 11]);
    expect(hits[0]!.label).toBe(11);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[1]!.score).toBeGreaterThan(0);
    // Both query words beat one of them.
    expect(labels(index.search(terms("families north"), 10))).toEqual([15, 10]);
    expect(index.search(terms("volcano"), 10)).toEqual([]);
    expect(index.search([], 10)).toEqual([]);
  });

  it("weighs a speaker match above the same word in the text, and keeps the limit", async () => {
    const { index } = await written();
    expect(labels(index.search(terms("Haddad"), 10))).toEqual([13, 14]);
    expect(labels(index.search(terms("Haddad"), 1))).toEqual([13]);
  });

  it("applies a filter before the limit", async () => {
    const { index } = await written();
    expect(labels(index.search(terms("Haddad"), 1, (label) => label !== 13))).toEqual([14]);
    expect(index.search(terms("demining"), 5, () => false)).toEqual([]);
  });

  it("treats a term as a word, never as FTS query syntax", async () => {
    const { index } = await written();
    expect(index.search(['north" OR "budget', "NEAR(", "*"], 10)).toEqual([]);
  });

  it("refuses to open a keyword index that holds another number of chunks, and a missing file", async () => {
    const { file } = await written();
    expect(() => LexicalIndex.open(file, 7)).toThrow(
      "the keyword index holds 6 chunks; the manifest says 7",
    );
    expect(() => LexicalIndex.open(path.join(path.dirname(file), "none.sqlite"), 6)).toThrow();
  });
});

describe("affordableTerms", () => {
  const df = (counts: Record<string, number>) => (term: string) => counts[term] ?? 0;

  it("keeps every known term while their postings fit the budget", () => {
    expect(affordableTerms(["a", "b", "zzz", "a"], df({ a: 10, b: 20 }), 100).sort()).toEqual([
      "a",
      "b",
    ]);
  });

  it("leaves out the most common terms first, and always keeps the rarest", () => {
    const counts = df({ rare: 40, mid: 50, common: 90, commoner: 95 });
    expect(affordableTerms(["common", "rare", "mid", "commoner"], counts, 100)).toEqual([
      "rare",
      "mid",
    ]);
    expect(affordableTerms(["common", "commoner"], counts, 10)).toEqual(["common"]);
    // A cheaper term after an expensive one still fits.
    expect(
      affordableTerms(["rare", "common", "tiny"], df({ rare: 40, common: 90, tiny: 5 }), 50),
    ).toEqual(["tiny", "rare"]);
  });
});
