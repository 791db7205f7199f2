/** Noticing a corpus that changed since the index was built, without reading what did not. */
import { readFile, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  corpusChanged,
  describeCorpusChanges,
  differingFiles,
  statementChanges,
} from "../../src/retrieval/corpus-changes.js";
import { corpusChanges } from "../../src/retrieval/corpus-check.js";
import { buildIndex } from "../../src/retrieval/indexer.js";
import { currentGeneration } from "../../src/retrieval/store.js";
import { statementFile, tempDir, writeFiles } from "../helpers.js";

describe("differingFiles", () => {
  it("lists files new or with another size or time, and files gone", () => {
    const recorded = {
      "a.txt": { bytes: 10, mtimeMs: 1 },
      "b.txt": { bytes: 10, mtimeMs: 1 },
      "c.txt": { bytes: 10, mtimeMs: 1 },
      "gone.txt": { bytes: 3, mtimeMs: 1 },
    };
    const current = {
      "a.txt": { bytes: 10, mtimeMs: 1 },
      "b.txt": { bytes: 11, mtimeMs: 1 },
      "c.txt": { bytes: 10, mtimeMs: 2 },
      "new.jsonl": { bytes: 5, mtimeMs: 1 },
    };
    expect(differingFiles(recorded, current)).toEqual({
      differing: ["b.txt", "c.txt", "new.jsonl"],
      gone: ["gone.txt"],
    });
    expect(differingFiles(recorded, recorded)).toEqual({ differing: [], gone: [] });
  });
});

describe("statementChanges", () => {
  const indexed = {
    "a.txt": "h-a",
    "b.txt": "h-b",
    "set.jsonl#1": "h-1",
    "set.jsonl#2": "h-2",
    "set.jsonl#3": "h-3",
    "old.md": "h-old",
  };

  it("counts statements whose hash differs or that are new, and those no longer read", () => {
    const changes = statementChanges(
      indexed,
      { differing: ["a.txt", "set.jsonl", "new.txt"], gone: ["old.md"] },
      [
        { docId: "a.txt", hash: "h-a" }, // touched, not changed
        { docId: "set.jsonl#1", hash: "h-1" },
        { docId: "set.jsonl#2", hash: "h-2 edited" },
        { docId: "set.jsonl#4", hash: "h-4" }, // a record added; #3 was deleted
        { docId: "new.txt", hash: "h-new" },
      ],
    );
    expect(changes).toEqual({
      newOrChanged: ["new.txt", "set.jsonl#2", "set.jsonl#4"],
      removed: ["old.md", "set.jsonl#3"],
    });
  });

  it("does not take a file whose name starts like another's for it", () => {
    const changes = statementChanges(
      { "set.jsonl#1": "h", "set.jsonl.bak.txt": "x" },
      {
        differing: [],
        gone: ["set.jsonl"],
      },
      [],
    );
    expect(changes.removed).toEqual(["set.jsonl#1"]);
  });

  it("counts a file that now fails to parse as its statements removed", () => {
    expect(statementChanges(indexed, { differing: ["b.txt"], gone: [] }, []).removed).toEqual([
      "b.txt",
    ]);
  });
});

describe("describeCorpusChanges", () => {
  const changes = (newOrChanged: number, removed: number) => ({
    corpusDir: "/c",
    indexedFrom: "/c",
    newOrChanged,
    removed,
  });
  it("says it in words, singular or plural", () => {
    expect(describeCorpusChanges(changes(1, 0))).toBe("1 new or changed statement");
    expect(describeCorpusChanges(changes(2, 1))).toBe(
      "2 new or changed statements and 1 removed statement",
    );
    expect(describeCorpusChanges(changes(0, 3))).toBe("3 removed statements");
    expect(corpusChanged(changes(0, 0))).toBe(false);
    expect(corpusChanged(null)).toBe(false);
  });
});

describe("corpusChanges (the folder against the index)", () => {
  async function built() {
    const root = await tempDir();
    const corpusDir = path.join(root, "corpus");
    const indexDir = path.join(root, "index");
    await writeFiles(corpusDir, {
      "a.txt": statementFile("2024-01-01", "The ministry said 40 schools reopened."),
      "set.jsonl": [
        JSON.stringify({ id: "1", date: "2024-02-01", text: "Twelve ferries resumed service." }),
        JSON.stringify({ id: "2", date: "2024-02-02", text: "Nine bridges were repaired." }),
      ].join("\n"),
      "notes.pdf": "%PDF",
    });
    await buildIndex({ corpusDir, indexDir, embedder: null });
    return { corpusDir, indexDir };
  }

  it("records each file's size and time in the manifest, skipped files too", async () => {
    const { corpusDir, indexDir } = await built();
    const manifest = JSON.parse(
      await readFile(path.join(currentGeneration(indexDir)!, "manifest.json"), "utf8"),
    ) as { corpus: { dir: string; files: Record<string, { bytes: number }> } };
    expect(manifest.corpus.dir).toBe(path.resolve(corpusDir));
    expect(Object.keys(manifest.corpus.files).sort()).toEqual(["a.txt", "notes.pdf", "set.jsonl"]);
    expect(manifest.corpus.files["notes.pdf"]!.bytes).toBe(4);
  });

  it("finds nothing when nothing changed, nor when a file was only touched", async () => {
    const { corpusDir, indexDir } = await built();
    expect(await corpusChanges(corpusDir, indexDir)).toMatchObject({ newOrChanged: 0, removed: 0 });
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(corpusDir, "a.txt"), later, later);
    expect(await corpusChanges(corpusDir, indexDir)).toMatchObject({ newOrChanged: 0, removed: 0 });
  });

  it("counts a statement added, a record edited and a file removed", async () => {
    const { corpusDir, indexDir } = await built();
    await writeFiles(corpusDir, {
      "b.txt": statementFile("2024-03-01", "The envoy said 900 hectares were cleared."),
      "set.jsonl": [
        JSON.stringify({ id: "1", date: "2024-02-01", text: "Twelve ferries resumed service." }),
        JSON.stringify({ id: "2", date: "2024-02-02", text: "Ten bridges were repaired." }),
      ].join("\n"),
    });
    await rm(path.join(corpusDir, "a.txt"));
    expect(await corpusChanges(corpusDir, indexDir)).toEqual({
      corpusDir: path.resolve(corpusDir),
      indexedFrom: path.resolve(corpusDir),
      newOrChanged: 2,
      removed: 1,
    });
  });

  it("compares an index that does not record its files by reading them all", async () => {
    const { corpusDir, indexDir } = await built();
    const file = path.join(currentGeneration(indexDir)!, "manifest.json");
    const { corpus: _recorded, ...older } = JSON.parse(await readFile(file, "utf8")) as Record<
      string,
      unknown
    >;
    await writeFile(file, JSON.stringify(older));
    expect(await corpusChanges(corpusDir, indexDir)).toMatchObject({
      indexedFrom: null,
      newOrChanged: 0,
      removed: 0,
    });
    await rm(path.join(corpusDir, "set.jsonl"));
    expect(await corpusChanges(corpusDir, indexDir)).toMatchObject({ newOrChanged: 0, removed: 2 });
  });

  it("is null without an index", async () => {
    const root = await tempDir();
    expect(await corpusChanges(root, path.join(root, "index"))).toBeNull();
  });
});
