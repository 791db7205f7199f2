import { describe, expect, it } from "vitest";
import {
  PART_OF_SPEECH,
  indexLexicon,
  parseLexicon,
  resolveDerivations,
  singulars,
  stemLexicon,
} from "../../src/retrieval/lexicon.js";

// A miniature WordNet in the real file format. "royalty" (noun) and "royal" (adjective) point at
// each other as derivationally related forms (+); "koala" is only a noun; "lead" is also a verb.
const NOUN_DATA = [
  "  1 This software and database is being provided",
  "00000001 14 n 01 royalty 0 001 + 00000010 a 0101 | royal persons collectively",
  "00000002 05 n 01 koala 0 000 | a marsupial",
  "00000003 18 n 01 lead 0 000 | the front position",
].join("\n");
const NOUN_INDEX = [
  "  1 This software and database is being provided",
  "royalty n 1 1 + 1 0 00000001",
  "koala n 1 0 1 0 00000002",
  "lead n 1 0 1 0 00000003",
].join("\n");
const ADJ_DATA = [
  "  1 This software and database is being provided",
  "00000010 00 a 01 royal 0 001 + 00000001 n 0101 | of a king or queen",
].join("\n");
const ADJ_INDEX = ["  1 This software", "royal a 1 1 + 1 0 00000010"].join("\n");
const VERB_INDEX = ["  1 This software", "lead v 1 0 1 0 00000020"].join("\n");

function parsed() {
  const into = {
    pos: new Map<string, number>(),
    related: new Map<string, Set<string>>(),
    synsets: new Map<string, string[]>(),
    pointers: [] as string[][],
  };
  parseLexicon({ index: NOUN_INDEX, data: NOUN_DATA, pos: "noun" }, into);
  parseLexicon({ index: ADJ_INDEX, data: ADJ_DATA, pos: "adj" }, into);
  parseLexicon({ index: VERB_INDEX, data: "", pos: "verb" }, into);
  resolveDerivations(into);
  return into;
}

describe("the WordNet lexicon", () => {
  it("reads parts of speech and derived forms", () => {
    const lexicon = parsed();
    expect(lexicon.pos.get("koala")).toBe(PART_OF_SPEECH.noun);
    expect(lexicon.pos.get("lead")).toBe(PART_OF_SPEECH.noun | PART_OF_SPEECH.verb);
    expect([...lexicon.related.get("royalty")!]).toEqual(["royal"]);
    expect([...lexicon.related.get("royal")!]).toEqual(["royalty"]);
  });

  it("keeps for an index the derived forms that lead into its corpus and the nouns it lacks", () => {
    const stemmed = stemLexicon(parsed());
    const index = indexLexicon(stemmed, new Set(["royal", "lead"]));
    expect(index.related).toEqual({ royalti: ["royal"] });
    // "royalty" is only a noun but its stem is not in the corpus; "lead" is also a verb.
    expect(index.nouns).toEqual(["koala", "royalty"]);
  });

  it("finds the singular a plural noun may come from", () => {
    expect(singulars("koalas")).toContain("koala");
    expect(singulars("ferries")).toContain("ferry");
    expect(singulars("churches")).toContain("church");
    expect(singulars("firemen")).toContain("fireman");
    expect(singulars("gas")).toEqual(["gas"]); // too short to be a plural of "ga"
  });
});
