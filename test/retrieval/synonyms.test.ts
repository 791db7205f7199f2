import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadStemmedWordNet,
  parseWordNet,
  stemWordNet,
  synonymMap,
} from "../../src/retrieval/synonyms.js";
import { tempDir, writeFiles } from "../helpers.js";

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
    const map = synonymMap(stemWordNet(parseWordNet(INDEX, DATA)), new Set(["flood", "crop"]));
    expect(map).toEqual({ delug: ["flood"], harvest: ["crop"] });
  });
});

describe("the stemmed WordNet cache", () => {
  async function dictionary(data = DATA) {
    const dir = await tempDir();
    await writeFiles(dir, {
      "index.noun": INDEX,
      "data.noun": data,
      ...Object.fromEntries(
        ["verb", "adj", "adv"].flatMap((p) => [
          [`index.${p}`, ""],
          [`data.${p}`, ""],
        ]),
      ),
    });
    return dir;
  }

  it("parses the dictionary once, then reads the stems from the cache until the dictionary changes", async () => {
    const dir = await dictionary();
    const cache = path.join(await tempDir(), "wordnet-stems.json");
    const parsed = await loadStemmedWordNet(dir, cache);
    expect(parsed.synonyms).toEqual(stemWordNet(parseWordNet(INDEX, DATA)));
    expect(parsed.synonyms.get("delug")).toEqual(["flood", "inund"]);
    // What the cache holds is what the next build gets (here, a marked copy).
    const written = JSON.parse(await readFile(cache, "utf8")) as { version: string };
    await writeFile(cache, JSON.stringify({ ...written, stems: { marker: ["cached"] } }));
    expect((await loadStemmedWordNet(dir, cache)).synonyms).toEqual(
      new Map([["marker", ["cached"]]]),
    );
    // A different dictionary is parsed again, and the cache replaced.
    await writeFile(path.join(dir, "data.noun"), `${DATA}\n`);
    const again = await loadStemmedWordNet(dir, cache);
    expect(again.synonyms.get("delug")).toEqual(["flood", "inund"]);
    expect(again.synonyms.has("marker")).toBe(false);
  });

  it("parses around a damaged or unwritable cache", async () => {
    const dir = await dictionary();
    const cache = path.join(await tempDir(), "wordnet-stems.json");
    await writeFile(cache, "{ not json");
    expect((await loadStemmedWordNet(dir, cache)).synonyms.get("harvest")).toEqual(["crop"]);
    const nowhere = path.join(await tempDir(), "missing-folder", "wordnet-stems.json");
    expect((await loadStemmedWordNet(dir, nowhere)).synonyms.get("harvest")).toEqual(["crop"]);
    expect((await loadStemmedWordNet(dir, null)).synonyms.get("harvest")).toEqual(["crop"]);
  });
});
