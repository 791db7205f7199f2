import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Embedder } from "../../src/retrieval/embedder.js";
import { SearchEngine } from "../../src/retrieval/engine.js";
import { FILES } from "../../src/retrieval/index-data.js";
import { StrictCorpusError } from "../../src/retrieval/errors.js";
import { buildIndex } from "../../src/retrieval/indexer.js";
import {
  GenerationWriter,
  acquireIndexLock,
  currentGeneration,
} from "../../src/retrieval/store.js";
import { CountingEmbedder, statementFile, tempDir, writeFiles } from "../helpers.js";

async function setup() {
  const root = await tempDir();
  const corpusDir = path.join(root, "corpus");
  const indexDir = path.join(root, "index");
  await writeFiles(corpusDir, {
    "a.txt": statementFile(
      "2021-05-01",
      "Minister Anna Berg said 120 families returned home. Berg added that schools reopened.",
    ),
    "b.txt": statementFile(
      "2023-05-01",
      "The envoy said demining teams cleared 900 hectares. Work continues in the north.",
    ),
    "c.md":
      "---\ntitle: Budget\ndate: 2024-02-01\nspeaker: Omar Haddad\n---\nHealth spending rose to 12 per cent of the budget.",
  });
  return { root, corpusDir, indexDir };
}

describe("buildIndex", () => {
  it("embeds only new or changed statements and drops removed ones", async () => {
    const { corpusDir, indexDir } = await setup();
    const first = new CountingEmbedder();
    const summary = await buildIndex({ corpusDir, indexDir, embedder: first });
    expect(summary).toMatchObject({
      statements: 3,
      reused: 0,
      removed: 0,
      fullRebuild: "first build",
    });
    // Every chunk, and the probes that measure how the model's similarities spread.
    expect(summary.probesEmbedded).toBeGreaterThan(0);
    expect(first.embedded.length).toBe(summary.chunks + summary.probesEmbedded);

    await writeFile(
      path.join(corpusDir, "b.txt"),
      statementFile("2023-05-01", "The envoy said demining teams cleared 950 hectares."),
    );
    await rm(path.join(corpusDir, "c.md"));
    const second = new CountingEmbedder();
    const update = await buildIndex({ corpusDir, indexDir, embedder: second });
    // b.txt and c.md were one chunk each.
    // A small change keeps the calibration: nothing but the changed chunk is embedded.
    expect(update).toMatchObject({
      statements: 2,
      fullRebuild: null,
      embedded: 1,
      removed: 2,
      probesEmbedded: 0,
    });
    expect(second.embedded).toEqual(["The envoy said demining teams cleared 950 hectares."]);

    const { engine } = await SearchEngine.open(indexDir, second);
    const answer = await engine.ask("how many hectares were cleared?");
    expect(answer.passages[0]!.quote).toBe("The envoy said demining teams cleared 950 hectares.");
    expect((await engine.ask("health spending budget")).passages).toEqual([]);
    expect(engine.statement("c.md")).toBeNull();
  });

  it("re-embeds everything when the model changes, and says why", async () => {
    const { corpusDir, indexDir } = await setup();
    await buildIndex({ corpusDir, indexDir, embedder: new CountingEmbedder("model/one") });
    const other = new CountingEmbedder("model/two", 16);
    const summary = await buildIndex({ corpusDir, indexDir, embedder: other });
    expect(summary.fullRebuild).toBe(
      "the model changed from model/one (32 dimensions) to model/two (16 dimensions)",
    );
    expect(other.embedded.length).toBe(summary.chunks + summary.probesEmbedded);
  });

  it("refuses to use a query model other than the index's, falling back to keyword search", async () => {
    const { corpusDir, indexDir } = await setup();
    await buildIndex({ corpusDir, indexDir, embedder: new CountingEmbedder("model/one") });
    const { engine, warning } = await SearchEngine.open(
      indexDir,
      new CountingEmbedder("model/two"),
    );
    expect(engine.info.mode).toBe("keyword");
    expect(warning).toBe(
      'The index was built with model/one but the configured model is model/two; answering with keyword search only. Run "npm run index" to rebuild it with the configured model.',
    );
    expect((await engine.ask("hectares cleared")).passages[0]!.docId).toBe("b.txt");
  });

  it("reports skipped files and indexes the rest", async () => {
    const { corpusDir, indexDir } = await setup();
    await writeFiles(corpusDir, { "bad.txt": " date 2024-02-31 Nope.", "worse.jsonl": "{oops" });
    const summary = await buildIndex({ corpusDir, indexDir, embedder: null });
    expect(summary.statements).toBe(3);
    expect(summary.skipped.map((p) => p.file)).toEqual(["bad.txt", "worse.jsonl"]);
  });

  it("with strict, indexes nothing when a file is skipped, and names every problem", async () => {
    const { corpusDir, indexDir } = await setup();
    await buildIndex({ corpusDir, indexDir, embedder: null });
    const published = await readFile(path.join(indexDir, "CURRENT"), "utf8");
    await writeFiles(corpusDir, {
      "new.txt": statementFile("2024-06-01", "A new statement that must wait."),
      "report.docx": "PK\u0003\u0004",
    });
    const refused = await buildIndex({ corpusDir, indexDir, embedder: null, strict: true }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(StrictCorpusError);
    expect((refused as StrictCorpusError).message).toBe(
      "--strict: 1 file of the corpus has problems (listed above), so the index was not updated: fix it, or index without --strict to skip it.",
    );
    expect((refused as StrictCorpusError).skipped.map((p) => p.message)).toEqual([
      "report.docx: an unsupported file type (.docx): save it as .txt or .md",
    ]);
    expect(await readFile(path.join(indexDir, "CURRENT"), "utf8")).toBe(published);
    await rm(path.join(corpusDir, "report.docx"));
    const summary = await buildIndex({ corpusDir, indexDir, embedder: null, strict: true });
    expect(summary.statements).toBe(4);
  });

  it("warns about a corpus with no statements, naming the folder and the formats", async () => {
    const root = await tempDir();
    const corpusDir = path.join(root, "corpus");
    await writeFiles(corpusDir, { "notes.pdf": "%PDF-1.7" });
    const summary = await buildIndex({
      corpusDir,
      indexDir: path.join(root, "index"),
      embedder: null,
    });
    expect(summary.statements).toBe(0);
    expect(summary.warnings).toEqual([
      `no statements in ${corpusDir}: add .txt or .md files (starting "date YYYY-MM-DD", or with YAML front matter that has a date) or .jsonl files (one statement a line); see README, "Corpus formats"`,
    ]);
  });
});

describe("what is indexed is clean", () => {
  it("quotes statements with control characters as exact substrings of the cleaned text", async () => {
    const root = await tempDir();
    const corpusDir = path.join(root, "corpus");
    const indexDir = path.join(root, "index");
    await writeFiles(corpusDir, {
      "nul.txt": statementFile(
        "2024-05-06",
        "The\u0000 envoy said\u0007 that 40\u0000 schools reopened\u001b in the north. Work goes on.",
      ),
      "typo.md": "---\ndate: 2099-05-06\n---\nThe ministry said 12 ferries resumed service.",
    });
    const warnings: string[] = [];
    const summary = await buildIndex({
      corpusDir,
      indexDir,
      embedder: new CountingEmbedder(),
      today: "2026-03-01",
      onWarning: (w) => warnings.push(w),
    });
    expect(summary.statements).toBe(2);
    expect(warnings).toEqual([
      "typo.md: dated 2099-05-06, after today (2026-03-01); indexed anyway, check the date",
    ]);
    const { engine } = await SearchEngine.open(indexDir, new CountingEmbedder());
    const passage = (await engine.ask("how many schools reopened?")).passages[0]!;
    const stored = engine.statement("nul.txt")!.text;
    expect(passage.quote).toBe("The envoy said that 40 schools reopened in the north.");
    expect(stored.slice(passage.start, passage.end)).toBe(passage.quote);
    expect(stored).not.toMatch(/[^\P{Cc}\t\n]/u);
  });
});

describe("publishing and loading", () => {
  it("leaves the previous index serving when a build dies before publishing", async () => {
    const { corpusDir, indexDir } = await setup();
    await buildIndex({ corpusDir, indexDir, embedder: null });
    const before = currentGeneration(indexDir);
    // A crash mid-build: a generation folder written but never published.
    const writer = await GenerationWriter.start(indexDir);
    await writer.write(FILES.statements, "[truncated");
    expect(currentGeneration(indexDir)).toBe(before);
    const { engine } = await SearchEngine.open(indexDir, null);
    expect(engine.info.statements).toBe(3);
    // The next build tidies the abandoned folder away.
    await buildIndex({ corpusDir, indexDir, embedder: null });
    const generations = (await readdir(indexDir)).filter((e) => e.startsWith("gen-"));
    expect(generations).not.toContain(path.basename(writer.dir));
  });

  it("refuses a damaged vector file of the same size instead of crashing later", async () => {
    const { corpusDir, indexDir } = await setup();
    await buildIndex({ corpusDir, indexDir, embedder: new CountingEmbedder() });
    const file = path.join(currentGeneration(indexDir)!, FILES.hnsw);
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    await writeFile(file, bytes);
    await expect(SearchEngine.open(indexDir, new CountingEmbedder())).rejects.toThrow(
      `Index file ${file} is damaged (its checksum does not match the manifest). Run "npm run index" to rebuild it.`,
    );
  });

  it("refuses an index of another format version, naming both", async () => {
    const { corpusDir, indexDir } = await setup();
    await buildIndex({ corpusDir, indexDir, embedder: null });
    const manifestFile = path.join(currentGeneration(indexDir)!, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
    await writeFile(manifestFile, JSON.stringify({ ...manifest, formatVersion: 99 }));
    await expect(SearchEngine.open(indexDir, null)).rejects.toThrow(
      `The index in ${indexDir} has format version 99; this Verbatim reads version 1. Run "npm run index" to rebuild it.`,
    );
  });

  it("says how to build an index when there is none", async () => {
    const dir = await tempDir();
    await expect(SearchEngine.open(dir, null)).rejects.toThrow(
      `No index in ${dir} yet. Run "npm run index" to build it.`,
    );
  });

  it("keeps a second indexer out while one runs, naming the first", async () => {
    const { corpusDir, indexDir } = await setup();
    const release = await acquireIndexLock(indexDir, "alice via /reindex");
    await expect(buildIndex({ corpusDir, indexDir, embedder: null })).rejects.toThrow(
      /^The index in .* is being rebuilt by alice via \/reindex \(pid \d+ on .*, started .*\)\. Wait for it to finish and try again\.$/,
    );
    await release();
    await expect(buildIndex({ corpusDir, indexDir, embedder: null })).resolves.toMatchObject({
      statements: 3,
    });
  });
});

/** A lock left behind by a holder that died with kill -9: the lock folder and its record. */
async function leaveLock(indexDir: string, holder: Record<string, unknown>): Promise<void> {
  await mkdir(path.join(indexDir, "index.lock"), { recursive: true });
  await writeFile(
    path.join(indexDir, "index.lock.json"),
    JSON.stringify({
      host: os.hostname(),
      startedAt: "2026-01-01T00:00:00.000Z",
      by: "npm run index",
      ...holder,
    }),
  );
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await once(child, "exit");
  return child.pid!;
}

/** Embeds nothing until `go()` is called, so a build can be caught while it holds the lock. */
class GatedEmbedder implements Embedder {
  readonly modelId = "test/gated";
  readonly dimension = 32;
  private readonly inner = new CountingEmbedder("test/gated");
  started!: Promise<void>;
  private markStarted!: () => void;
  go!: () => void;
  private gate = new Promise<void>((resolve) => (this.go = resolve));
  constructor() {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }
  async embed(texts: string[]): Promise<Float32Array[]> {
    this.markStarted();
    await this.gate;
    return this.inner.embed(texts);
  }
}

describe("the index lock after a crash", () => {
  it("takes over at once from a holder on this machine that is no longer running, and says so", async () => {
    const { corpusDir, indexDir } = await setup();
    const pid = await deadPid();
    await leaveLock(indexDir, { pid });
    const warnings: string[] = [];
    const summary = await buildIndex({
      corpusDir,
      indexDir,
      embedder: null,
      onWarning: (w) => warnings.push(w),
    });
    expect(summary.statements).toBe(3);
    const said = `Took over the index lock in ${indexDir} from npm run index (pid ${pid} on ${os.hostname()}, started 2026-01-01T00:00:00.000Z): process ${pid} is no longer running.`;
    expect(warnings).toEqual([said]);
    expect(summary.warnings).toEqual([said]);
    // Released as usual: the next build needs no takeover.
    await expect(buildIndex({ corpusDir, indexDir, embedder: null })).resolves.toMatchObject({
      warnings: [],
    });
  });

  // Start times and boot ids come from /proc (Linux).
  it.skipIf(!existsSync("/proc/self/stat"))(
    "takes over from a pid that now belongs to another process, or from before a reboot",
    async () => {
      const { corpusDir, indexDir } = await setup();
      // This very process is alive, but it started at another time than the one recorded.
      await leaveLock(indexDir, { pid: process.pid, processStart: "1" });
      const reused = await buildIndex({ corpusDir, indexDir, embedder: null });
      expect(reused.warnings[0]).toMatch(
        /: process \d+ is no longer running \(its pid now belongs to another process\)\.$/,
      );
      await leaveLock(indexDir, { pid: process.pid, bootId: "an-earlier-boot" });
      const rebooted = await buildIndex({ corpusDir, indexDir, embedder: null });
      expect(rebooted.warnings[0]).toMatch(/: the machine has restarted since it took the lock\.$/);
    },
  );

  it("keeps refusing while the holder runs, or when it is on another machine", async () => {
    const { corpusDir, indexDir } = await setup();
    const embedder = new GatedEmbedder();
    const running = buildIndex({ corpusDir, indexDir, embedder });
    await embedder.started;
    const refused = buildIndex({ corpusDir, indexDir, embedder: null });
    await expect(refused).rejects.toThrow(
      new RegExp(
        `^The index in ${indexDir} is being rebuilt by npm run index \\(pid ${process.pid} on [^,]+, started [^)]+\\)\\. Wait for it to finish and try again\\.$`,
      ),
    );
    embedder.go();
    await running;

    await leaveLock(indexDir, { pid: await deadPid(), host: "another-machine" });
    await expect(buildIndex({ corpusDir, indexDir, embedder: null })).rejects.toThrow(
      /is being rebuilt by npm run index \(pid \d+ on another-machine, started/,
    );
  });

  it("goes by the lock's refreshes where the process cannot be checked, and never for a live one here", async () => {
    const { corpusDir, indexDir } = await setup();
    const lock = path.join(indexDir, "index.lock");
    const minuteAgo = new Date(Date.now() - 60_000);
    // A build on this machine that has kept its event loop busy for a minute is still running.
    await leaveLock(indexDir, { pid: process.pid });
    await utimes(lock, minuteAgo, minuteAgo);
    await expect(buildIndex({ corpusDir, indexDir, embedder: null })).rejects.toThrow(
      /is being rebuilt by npm run index \(pid/,
    );
    // One on another machine that stopped refreshing its lock 30 s ago is gone.
    await leaveLock(indexDir, { pid: 1, host: "another-machine" });
    await utimes(lock, minuteAgo, minuteAgo);
    const taken = await buildIndex({ corpusDir, indexDir, embedder: null });
    expect(taken.warnings[0]).toMatch(
      /from npm run index \(pid 1 on another-machine, .*\): its lock has not been refreshed for 60 s\.$/,
    );
    // No record of the holder: the same, by the lock's age.
    await mkdir(lock);
    await expect(buildIndex({ corpusDir, indexDir, embedder: null })).rejects.toThrow(
      `The index in ${indexDir} is being rebuilt by another indexing run. Wait for it to finish and try again.`,
    );
    await utimes(lock, minuteAgo, minuteAgo);
    const recordless = await buildIndex({ corpusDir, indexDir, embedder: null });
    expect(recordless.warnings[0]).toMatch(/from an indexing run that left no record: its lock/);
  });

  it("lets only one of two indexers take over the same dead holder", async () => {
    const { corpusDir, indexDir } = await setup();
    await leaveLock(indexDir, { pid: await deadPid() });
    const results = await Promise.allSettled([
      buildIndex({ corpusDir, indexDir, embedder: null, by: "first" }),
      buildIndex({ corpusDir, indexDir, embedder: null, by: "second" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as Error).message).toMatch(/is being rebuilt by (first|second) \(pid/);
  });
});
