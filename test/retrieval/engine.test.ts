import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SearchEngine } from "../../src/retrieval/engine.js";
import { buildIndex } from "../../src/retrieval/indexer.js";
import { LEXICAL_FORMAT } from "../../src/retrieval/lexical-index.js";
import { SENTENCE_TABLE_FORMAT } from "../../src/retrieval/sentence-table.js";
import { currentGeneration, sha256 } from "../../src/retrieval/store.js";
import { CountingEmbedder, statementFile, tempDir, writeFiles } from "../helpers.js";

describe("SearchEngine.close", () => {
  it("lets a question being answered finish, then refuses new ones", async () => {
    const root = await tempDir();
    const corpusDir = path.join(root, "corpus");
    const indexDir = path.join(root, "index");
    await writeFiles(corpusDir, {
      "a.txt": statementFile("2023-05-01", "The envoy said demining teams cleared 900 hectares."),
    });
    const embedder = new CountingEmbedder();
    await buildIndex({ corpusDir, indexDir, embedder });
    const { engine } = await SearchEngine.open(indexDir, embedder);
    const pending = engine.ask("how many hectares were cleared?");
    engine.close();
    expect((await pending).passages[0]!.quote).toContain("900 hectares");
    await expect(engine.ask("hectares")).rejects.toThrow("closed");
  });
});

describe("an index from the MiniSearch era", () => {
  it("is refused with the command to run, which rebuilds it without embedding again", async () => {
    const root = await tempDir();
    const corpusDir = path.join(root, "corpus");
    const indexDir = path.join(root, "index");
    await writeFiles(corpusDir, {
      "a.txt": statementFile("2023-05-01", "The envoy said demining teams cleared 900 hectares."),
    });
    await buildIndex({ corpusDir, indexDir, embedder: new CountingEmbedder() });
    const generation = currentGeneration(indexDir)!;
    const manifestPath = path.join(generation, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { lexical: string };
    manifest.lexical = "minisearch-7/verbatim-terms-1";
    await writeFile(manifestPath, JSON.stringify(manifest));

    await expect(SearchEngine.open(indexDir, new CountingEmbedder())).rejects.toThrow(
      `built by an older Verbatim (keyword index minisearch-7/verbatim-terms-1; this one reads ${LEXICAL_FORMAT}). Run "npm run index"`,
    );
    const embedder = new CountingEmbedder();
    const rebuilt = await buildIndex({ corpusDir, indexDir, embedder });
    expect(rebuilt.embedded).toBe(0);
    const { engine } = await SearchEngine.open(indexDir, embedder);
    expect((await engine.ask("hectares cleared")).passages[0]!.quote).toContain("900 hectares");
  });
});

describe("an index whose sentence table is of an older format", () => {
  it("is refused with the command to run, and rebuilding it embeds nothing again", async () => {
    const root = await tempDir();
    const corpusDir = path.join(root, "corpus");
    const indexDir = path.join(root, "index");
    await writeFiles(corpusDir, {
      "a.txt": statementFile("2023-05-01", "The envoy said demining teams cleared 900 hectares."),
    });
    await buildIndex({ corpusDir, indexDir, embedder: new CountingEmbedder() });
    const generation = currentGeneration(indexDir)!;
    const tablePath = path.join(generation, "sentences.u32");
    const table = await readFile(tablePath);
    table.writeUInt32LE(SENTENCE_TABLE_FORMAT - 1, 0);
    await writeFile(tablePath, table);
    // The older Verbatim wrote a consistent generation: its checksum matches.
    const manifestPath = path.join(generation, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
      files: Record<string, { sha256: string }>;
    };
    manifest.files["sentences.u32"]!.sha256 = sha256(table);
    await writeFile(manifestPath, JSON.stringify(manifest));

    await expect(SearchEngine.open(indexDir, new CountingEmbedder())).rejects.toThrow(
      `built by an older Verbatim (sentence table format ${SENTENCE_TABLE_FORMAT - 1}; this one reads ${SENTENCE_TABLE_FORMAT}). Run "npm run index"`,
    );
    const embedder = new CountingEmbedder();
    expect((await buildIndex({ corpusDir, indexDir, embedder })).embedded).toBe(0);
    const { engine } = await SearchEngine.open(indexDir, embedder);
    expect((await engine.ask("hectares cleared")).passages[0]!.quote).toContain("900 hectares");
  });
});

describe("filters by date and speaker", () => {
  it("keep exactly the passages inside the dates (inclusive) and of the speaker named", async () => {
    const root = await tempDir();
    const corpusDir = path.join(root, "corpus");
    const indexDir = path.join(root, "index");
    const body = (who: string) => `${who} said the demining teams cleared hectares of farmland.`;
    await writeFiles(corpusDir, {
      "a.md": `---\ndate: 2021-05-01\nspeaker: Anna Berg\n---\n${body("Berg")}`,
      "b.md": `---\ndate: 2022-06-15\nspeaker: Omar Haddad\n---\n${body("Haddad")}`,
      "c.md": `---\ndate: 2023-07-30\nspeaker: Omar Haddad\n---\n${body("Haddad again")}`,
      "d.md": `---\ndate: 2022-06-15\n---\n${body("The envoy")}`,
    });
    const embedder = new CountingEmbedder();
    await buildIndex({ corpusDir, indexDir, embedder });
    for (const model of [embedder, null]) {
      const { engine } = await SearchEngine.open(indexDir, model);
      const dates = async (question: string, options = {}) =>
        (await engine.ask(question, { k: 10, ...options })).passages.map((p) => p.date).sort();
      expect(await dates("demining hectares")).toEqual([
        "2021-05-01",
        "2022-06-15",
        "2022-06-15",
        "2023-07-30",
      ]);
      expect(
        await dates("demining hectares", { since: "2022-06-15", until: "2023-07-29" }),
      ).toEqual(["2022-06-15", "2022-06-15"]);
      expect(await dates("demining hectares", { speaker: "haddad" })).toEqual([
        "2022-06-15",
        "2023-07-30",
      ]);
      // A year written in the question is a preference: 2022 first, the rest still listed.
      const inYear = await engine.ask("demining hectares in 2022", { k: 10, speaker: "HADDAD" });
      expect(inYear.passages.map((p) => p.date)).toEqual(["2022-06-15", "2023-07-30"]);
      expect(inYear.period?.phrase).toBe("in 2022");
      expect(await dates("demining hectares", { speaker: "Nobody" })).toEqual([]);
    }
  });
});
