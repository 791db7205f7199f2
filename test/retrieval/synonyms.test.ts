import { describe, expect, it } from "vitest";
import { SYNONYM_CREDIT, coverage, termWeights } from "../../src/retrieval/rank.js";
import { parseWordNet, synonymMap } from "../../src/retrieval/synonyms.js";

// A miniature WordNet in the real file format: data lines are synsets, index lines list senses.
const DATA = [
  "  1 This software and database is being provided",
  "00000001 03 n 03 flood 0 deluge 0 inundation 0 000 | the rising of a body of water",
  "00000002 03 n 02 crop 0 harvest 0 000 | the yield from plants",
  "00000003 03 n 02 harvest 0 harvest_home 0 000 | a festival",
  "00000004 03 n 02 bank 0 depository_financial_institution 0 000 | a bank",
].join("\n");
const INDEX = [
  "  1 This software and database is being provided",
  "deluge n 1 0 1 0 00000001",
  "flood n 1 0 1 0 00000001",
  "harvest n 2 0 2 0 00000002 00000003",
  "crop n 1 0 1 0 00000002",
].join("\n");

describe("WordNet synonyms", () => {
  it("reads synonyms of a word's first senses, single words only", () => {
    const wordNet = parseWordNet(INDEX, DATA);
    expect([...(wordNet.get("deluge") ?? [])]).toEqual(["flood", "inundation"]);
    expect([...(wordNet.get("harvest") ?? [])]).toEqual(["crop"]);
    expect(wordNet.has("bank")).toBe(false);
  });

  it("keeps only synonyms that lead into the corpus, as index terms", () => {
    const map = synonymMap(parseWordNet(INDEX, DATA), new Set(["flood", "crop"]));
    expect(map).toEqual({ delug: ["flood"], harvest: ["crop"] });
  });

  it("gives a synonym partial credit, below a word the passage really uses", () => {
    const weights = termWeights(["delug", "harvest"], () => 1, 10);
    const synonyms = new Map([
      ["delug", ["flood"]],
      ["harvest", ["crop"]],
    ]);
    expect(coverage(weights, new Set(["flood", "crop"]), synonyms)).toBeCloseTo(SYNONYM_CREDIT);
    expect(coverage(weights, new Set(["delug", "crop"]), synonyms)).toBeCloseTo(
      (1 + SYNONYM_CREDIT) / 2,
    );
    expect(coverage(weights, new Set(["flood", "crop"]))).toBe(0);
  });
});
