import { describe, expect, it } from "vitest";
import {
  coverage,
  coverageOfBoth,
  creditsOf,
  idf,
  maxCredits,
  questionTerms,
  raiseCredits,
} from "../../src/retrieval/match.js";
import { Vocabulary } from "../../src/retrieval/vocabulary.js";
import { RANKING } from "../../src/retrieval/weights.js";

const vocabulary = Vocabulary.fromFrequencies(
  new Map([
    ["flood", 3],
    ["crop", 3],
    ["valdorian", 3],
    ["french", 3],
    ["citizen", 40],
    ["miss", 2],
    ["royal", 4],
  ]),
);
const id = (term: string) => vocabulary.id(term)!;
const knowledge = {
  synonyms: { delug: ["flood"], harvest: ["crop"] },
  related: { royalti: ["royal"] },
  nouns: new Set(["koala", "zeppelin"]),
};

function share(question: string, passage: string[]): number {
  const q = questionTerms(question, vocabulary, knowledge, 100);
  return coverage(q, creditsOf(q, passage.map(id)));
}

describe("idf", () => {
  it("weighs rare terms above common ones and unknown terms highest", () => {
    expect(idf(1, 100)).toBeGreaterThan(idf(50, 100));
    expect(idf(0, 100)).toBeGreaterThan(idf(1, 100));
  });
});

describe("questionTerms and coverage", () => {
  it("gives a word the passage uses full credit, weighted by rarity", () => {
    expect(share("missing", ["miss"])).toBe(1);
    expect(share("missing citizens", ["miss"])).toBeGreaterThan(0.5);
    expect(share("missing citizens", ["citizen"])).toBeLessThan(0.5);
    expect(share("missing", [])).toBe(0);
  });

  it("gives a synonym partial credit, below a word the passage really uses", () => {
    expect(share("deluge harvest", ["flood", "crop"])).toBeCloseTo(RANKING.credit.synonym);
    expect(share("deluge", ["citizen"])).toBe(0);
  });

  it("credits another form of the word and a misspelling, but less than the word itself", () => {
    expect(share("valdoria", ["valdorian"])).toBeCloseTo(RANKING.credit.sharedBeginning);
    expect(share("frensh", ["french"])).toBeCloseTo(RANKING.credit.misspelling);
    expect(share("royalty", ["royal"])).toBeCloseTo(RANKING.credit.derived);
    expect(share("floodest", ["flood"])).toBeCloseTo(RANKING.credit.derived); // an ending Porter keeps
  });

  it("weighs a word the corpus never uses less, and says how much of the question is known", () => {
    const q = questionTerms("missing glockenspiel", vocabulary, knowledge, 100);
    expect(q.weights[1]).toBeCloseTo(idf(0, 100) * RANKING.unknownTermWeight);
    expect(q.known).toBeCloseTo(q.weights[0]! / q.total);
    // The unknown word costs the passage less than a known word it lacks would.
    expect(share("missing glockenspiel", ["miss"])).toBeGreaterThan(
      share("missing french", ["miss"]),
    );
  });

  it("says when the question names a thing the corpus never mentions: a noun, a number", () => {
    const uncovered = (question: string) =>
      questionTerms(question, vocabulary, knowledge, 100).uncovered;
    expect(uncovered("how many koalas are missing")).toEqual(["koala"]); // plural of a noun
    expect(uncovered("missing citizens in 4817")).toEqual(["4817"]);
    expect(uncovered("missing citizens in 2017")).toEqual([]); // a year is a time, not a thing
    expect(uncovered("glockenspiel missing")).toEqual([]); // not known as a noun: maybe a wording
    expect(uncovered("frensh citizens")).toEqual([]); // a misspelling of a corpus word
  });

  it("lists the corpus words to search for: the word, its other forms, synonyms, corrections", () => {
    const q = questionTerms("deluge valdoria frensh glockenspiel", vocabulary, knowledge, 100);
    expect([...q.searchTerms].sort()).toEqual(["flood", "french", "valdorian"]);
  });
});

describe("combining credits", () => {
  const q = questionTerms("missing flood citizens", vocabulary, knowledge, 100);
  const a = Float64Array.from([1, 0, 0.5]);
  const b = Float64Array.from([0, 0.8, 0.25]);

  it("takes the better credit of each word, in a new array or in place", () => {
    expect([...maxCredits(a, b)]).toEqual([1, 0.8, 0.5]);
    expect([...a]).toEqual([1, 0, 0.5]); // maxCredits leaves its inputs alone
    const into = Float64Array.from(b);
    expect(raiseCredits(into, a)).toBe(into);
    expect([...into]).toEqual([1, 0.8, 0.5]);
  });

  it("measures the coverage of two sentences together without combining them", () => {
    expect(coverageOfBoth(q, a, b)).toBeCloseTo(coverage(q, maxCredits(a, b)));
    expect(coverageOfBoth(q, a, b)).toBeGreaterThan(coverage(q, a));
  });
});
