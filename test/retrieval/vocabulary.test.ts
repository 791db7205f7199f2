import { describe, expect, it } from "vitest";
import { Vocabulary, withinOneEdit } from "../../src/retrieval/vocabulary.js";

const vocabulary = Vocabulary.fromFrequencies(
  new Map([
    ["valdoria", 4],
    ["valdorian", 2],
    ["valley", 9],
    ["french", 30],
    ["fresh", 3],
    ["celoron", 5],
    ["miss", 12],
    ["2022", 7],
  ]),
);
const names = (ids: number[]) => ids.map((id) => vocabulary.terms[id]).sort();

describe("Vocabulary", () => {
  it("keeps the terms sorted with their document frequencies", () => {
    expect(vocabulary.terms).toEqual([...vocabulary.terms].sort());
    expect(vocabulary.documentFrequency("french")).toBe(30);
    expect(vocabulary.documentFrequency("unknown")).toBe(0);
    expect(vocabulary.id("valley")).toBe(vocabulary.terms.indexOf("valley"));
  });

  it("finds the same word by a long shared beginning, not by a short one", () => {
    expect(names(vocabulary.sharingBeginning("valdoria"))).toEqual(["valdorian"]);
    expect(names(vocabulary.sharingBeginning("valdorians"))).toEqual(["valdoria", "valdorian"]);
    expect(vocabulary.sharingBeginning("valle")).toEqual([]); // under six letters
    expect(vocabulary.sharingBeginning("202212")).toEqual([]); // numbers are never stems
  });

  it("finds a misspelled word one edit away, with the same first letter", () => {
    // Both are one edit away: each may be what was meant.
    expect(names(vocabulary.misspelled("frensh"))).toEqual(["french", "fresh"]);
    expect(names(vocabulary.misspelled("celeron"))).toEqual(["celoron"]);
    expect(vocabulary.misspelled("brench")).toEqual([]); // another first letter
    expect(vocabulary.misspelled("mis")).toEqual([]); // too short to guess
  });

  it("round-trips through JSON and refuses a damaged list", () => {
    const copy = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocabulary)));
    expect(copy.terms).toEqual(vocabulary.terms);
    expect([...copy.df]).toEqual([...vocabulary.df]);
    expect(() => Vocabulary.fromJSON({ terms: ["a"], df: [] })).toThrow(
      "the term list is not {terms: string[], df: number[]} of equal lengths",
    );
  });
});

describe("withinOneEdit", () => {
  it.each([
    ["french", "frensh", true], // changed
    ["french", "frech", true], // dropped
    ["french", "frenchy", true], // added
    ["french", "frecnh", true], // swapped
    ["french", "french", false], // the same word is not a misspelling
    ["french", "frankly", false],
    ["french", "fnerch", false],
  ])("%s / %s → %s", (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
  });
});
