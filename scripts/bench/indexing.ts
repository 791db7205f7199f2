/**
 * Indexing measurements: the product's `buildIndex` end to end with the product's embedder, the
 * raw ONNX Runtime ceiling on the same token batches, and event-loop delay while indexing runs in
 * this process or in the product's child-process worker.
 */
import { fork } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { Embedder } from "../../src/retrieval/embedder.js";
import { buildIndex } from "../../src/retrieval/indexer.js";
import { type SessionRecorder, type TimedEmbedder, replayOnRawOrt } from "./embedding.js";
import { median } from "./stats.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  seconds: number;
}

export interface IndexingRun {
  chunks: number;
  statements: number;
  /** Median wall time of buildIndex, seconds. */
  seconds: number;
  runs: number;
  /** Time inside the embedder's `embed` calls, and inside ONNX Runtime, ms (last run). */
  embedMs: number;
  ortMs: number;
  /** The same token batches on a bare onnxruntime-node session, ms (median). */
  rawOrtMs: number;
  /** 1: all recorded batches were replayed; 2: every other one (time scaled by chunks). */
  replayedEvery: number;
  tokens: { texts: number; tokens: number; padded: number; batches: number };
  loop: LoopDelay | null;
}

/** Sampling interval of the event-loop monitor; each sample is the interval plus the delay. */
export const LOOP_RESOLUTION_MS = 2;

function startLoopMonitor() {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  histogram.enable();
  const started = performance.now();
  const delay = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
  return (): LoopDelay => {
    histogram.disable();
    return {
      p50: delay(histogram.percentile(50)),
      p99: delay(histogram.percentile(99)),
      max: delay(histogram.max),
      seconds: (performance.now() - started) / 1000,
    };
  };
}

/** Builds the index `runs` times from scratch; the last build stays in `indexDir`. */
export async function measureIndexing(options: {
  corpusDir: string;
  indexDir: string;
  embedder: TimedEmbedder;
  recorder: SessionRecorder;
  modelFile: string;
  runs: number;
  monitorLoop: boolean;
}): Promise<IndexingRun> {
  const seconds: number[] = [];
  let summary: Awaited<ReturnType<typeof buildIndex>> | null = null;
  let loop: LoopDelay | null = null;
  for (let run = 0; run < options.runs; run++) {
    await rm(options.indexDir, { recursive: true, force: true });
    options.embedder.reset();
    options.recorder.start();
    const stop = options.monitorLoop && run === options.runs - 1 ? startLoopMonitor() : null;
    const started = performance.now();
    summary = await buildIndex({
      corpusDir: options.corpusDir,
      indexDir: options.indexDir,
      embedder: options.embedder,
      by: "npm run bench",
    });
    seconds.push((performance.now() - started) / 1000);
    if (stop) loop = stop();
    options.recorder.stop();
  }
  // Every batch is replayed. (Every other one, scaled by chunks, was biased: within one embed
  // call batches go from shorter to longer texts, so the even ones held 13% fewer tokens.)
  const rawOrtMs = await replayOnRawOrt(
    options.modelFile,
    options.recorder.batches,
    Math.min(options.runs, 3),
  );
  return {
    chunks: summary!.chunks,
    statements: summary!.statements,
    seconds: median(seconds),
    runs: options.runs,
    embedMs: options.embedder.ms,
    ortMs: options.recorder.ms,
    rawOrtMs,
    replayedEvery: 1,
    tokens: options.recorder.shape,
    loop,
  };
}

/** buildIndex with vectors handed out by `embedder` (no model work): the non-embedding cost. */
export async function measureIndexingWithoutModel(options: {
  corpusDir: string;
  indexDir: string;
  embedder: Embedder & { ms: number; reset(): void };
}) {
  await rm(options.indexDir, { recursive: true, force: true });
  options.embedder.reset();
  const started = performance.now();
  const summary = await buildIndex({
    corpusDir: options.corpusDir,
    indexDir: options.indexDir,
    embedder: options.embedder,
    by: "npm run bench",
  });
  const ms = performance.now() - started;
  return {
    chunks: summary.chunks,
    statements: summary.statements,
    nonEmbeddingSeconds: (ms - options.embedder.ms) / 1000,
  };
}

/**
 * Event-loop delay here while the product's index worker (src/indexing/worker.ts, as the bot's
 * /reindex runs it) builds an index in a child process.
 */
export async function measureChildReindex(options: {
  corpusDir: string;
  indexDir: string;
  modelDir: string;
}): Promise<LoopDelay & { ok: boolean; message: string }> {
  await rm(options.indexDir, { recursive: true, force: true });
  const stop = startLoopMonitor();
  const child = fork(path.join(ROOT, "src/indexing/worker.ts"), ["npm run bench"], {
    cwd: ROOT,
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      CORPUS_DIR: options.corpusDir,
      INDEX_DIR: options.indexDir,
      EMBEDDING_MODEL: options.modelDir,
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  let message = "";
  let ok = false;
  child.on("message", (m: { type?: string; summary?: string; message?: string }) => {
    if (m.type === "done") {
      ok = true;
      message = m.summary ?? "";
    } else if (m.type === "error" || m.type === "warning") {
      message = m.message ?? "";
    }
  });
  await new Promise<void>((resolve, reject) => {
    child.on("exit", () => resolve());
    child.on("error", reject);
  });
  return { ...stop(), ok, message };
}
