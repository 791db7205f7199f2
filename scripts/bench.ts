/**
 * Speed and memory of indexing and answering, side by side with the baselines measured in the same
 * run: bare ONNX Runtime (the ceiling for embedding), an exact vector scan (what HNSW replaces),
 * Orama hybrid search (a peer), and indexing in-process (what the bot's child worker avoids).
 *
 *   npm run bench -- [--quick] [--sizes 1000,10000] [--questions 300] [--out docs/benchmarks.md]
 *                    [--no-write] [--json FILE] [--render FILE]
 *
 * Sizes are chunk counts (default 1k, 10k, 100k; --quick stops at 10k). The corpus is generated,
 * seeded, into a temporary folder; the model is the random-weight all-MiniLM-L6-v2-shaped bench
 * model (scripts/make-bench-model.ts). Standard output: the markdown report (also written to
 * docs/benchmarks.md); standard error: progress. Results as JSON go to .cache/bench/.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { chunkStatement, embeddingText } from "../src/retrieval/chunk.js";
import { readCorpus } from "../src/retrieval/corpus/read.js";
import { TransformersEmbedder } from "../src/retrieval/embedder.js";
import { currentGeneration } from "../src/retrieval/store.js";
import {
  type BenchRecord,
  generateQuestions,
  generateRecords,
  writeCorpus,
} from "./bench/corpus.js";
import {
  PrecomputedEmbedder,
  ProxyVectors,
  SessionRecorder,
  TimedEmbedder,
} from "./bench/embedding.js";
import {
  type IndexingRun,
  type LoopDelay,
  measureChildReindex,
  measureIndexing,
  measureIndexingWithoutModel,
} from "./bench/indexing.js";
import { type BenchResults, type SizeResults, renderReport } from "./bench/report.js";
import { measureSearch } from "./bench/search.js";
import { findSection, withSection } from "./bench/sections.js";
import { MB, directoryBytes, log, machineFacts, median } from "./bench/stats.js";
import { writeBenchModel } from "./make-bench-model.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MODEL_DIR = path.join(ROOT, ".cache", "models", "bench-minilm-shape");
/** Above this many chunks, embedding is timed on a sample and the index gets synthetic vectors. */
const EMBED_ALL_UP_TO = 10_000;
const SAMPLE_CHUNKS = 5_000;
const COLD_STARTS = 3;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    questions: { type: "string", default: "300" },
    out: { type: "string", default: path.join(ROOT, "docs", "benchmarks.md") },
    "no-write": { type: "boolean", default: false },
    json: { type: "string", default: path.join(ROOT, ".cache", "bench", "results.json") },
    /** Re-render the report of an earlier run from its JSON, measuring nothing. */
    render: { type: "string" },
  },
});
const sizes = values.sizes
  ? values.sizes.split(",").map((s) => Number(s.trim()))
  : values.quick
    ? [1_000, 10_000]
    : [1_000, 10_000, 100_000];
if (sizes.some((n) => !Number.isInteger(n) || n < 100))
  throw new Error("--sizes: whole numbers ≥ 100");
const questionCount = Number(values.questions);
/** The size re-indexed to measure the bot's responsiveness: the largest one embedded in full. */
const responsivenessSize = Math.max(0, ...sizes.filter((n) => n <= EMBED_ALL_UP_TO)) || null;

async function coldStarts(indexDir: string) {
  const runs: Array<Record<string, number>> = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "scripts/bench/cold-start.ts"), indexDir, MODEL_DIR],
      { cwd: ROOT, maxBuffer: 1 << 20 },
    );
    runs.push(JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, number>);
  }
  const pick = (key: string) => median(runs.map((r) => r[key]!));
  return {
    openMs: pick("openMs"),
    modelMs: pick("modelMs"),
    firstAskMs: pick("firstAskMs"),
    peakRssMB: pick("peakRss") / MB,
    modelRssMB: pick("rssAfterModel") / MB,
  };
}

async function writeReport(report: string): Promise<void> {
  process.stdout.write(report);
  if (!values["no-write"]) {
    await mkdir(path.dirname(values.out), { recursive: true });
    // Sections other scripts own are carried over as they are: the operations section
    // (npm run bench:ops, scripts/bench/operations.ts) and the burst figures (scripts/bench/burst.ts).
    const previous = await readFile(values.out, "utf8").catch(() => "");
    const operations = /<!-- operations: [\s\S]*<!-- \/operations -->\n?/.exec(previous)?.[0];
    const burst = findSection(previous);
    const text = burst === null ? report : withSection(report, burst);
    await writeFile(values.out, operations ? `${text.trimEnd()}\n\n${operations}` : text);
    log(`wrote ${path.relative(process.cwd(), values.out)}`);
  }
}

async function main() {
  if (values.render) {
    await writeReport(renderReport(JSON.parse(await readFile(values.render, "utf8"))));
    return;
  }
  const started = performance.now();
  const facts = machineFacts();
  log(`${facts.cpu}, ${facts.cores} cores, Node ${facts.node}; sizes ${sizes.join(", ")}`);
  await writeBenchModel(MODEL_DIR);
  const modelFile = path.join(MODEL_DIR, "onnx", "model_quantized.onnx");
  const work = await mkdtemp(path.join(os.tmpdir(), "verbatim-bench-"));
  try {
    const { records, chunkCounts } = generateRecords(Math.max(...sizes));
    const questions = generateQuestions(questionCount);
    const real = await TransformersEmbedder.create({ model: MODEL_DIR, cacheDir: ".cache/models" });
    const recorder = SessionRecorder.attach(real);
    const timed = new TimedEmbedder(real);
    const results: BenchResults = {
      facts,
      sizes: [],
      responsiveness: null,
      seconds: 0,
      questions: questions.length,
    };
    let inProcessLoop: LoopDelay | null = null;

    for (const size of sizes) {
      const corpusDir = path.join(work, `corpus-${size}`);
      const indexDir = path.join(work, `index-${size}`);
      const prefix = recordsFor(records, chunkCounts, size);
      await writeCorpus(corpusDir, prefix);
      let indexing: IndexingRun;
      let extrapolated: SizeResults["extrapolated"] = null;
      if (size <= EMBED_ALL_UP_TO) {
        log(`indexing ${size} chunks (${prefix.length} statements)`);
        indexing = await measureIndexing({
          corpusDir,
          indexDir,
          embedder: timed,
          recorder,
          modelFile,
          runs: size <= 1_000 ? 3 : 1,
          monitorLoop: size === responsivenessSize,
        });
        if (size === responsivenessSize) inProcessLoop = indexing.loop;
      } else {
        // Embedding all chunks would take many minutes: time it on a sample spread over the
        // corpus, and build the full index from the sample's real vectors plus synthetic ones.
        const step = Math.max(1, Math.round(size / SAMPLE_CHUNKS));
        const sample = prefix.filter((_, i) => i % step === 0);
        const sampleDir = path.join(work, `sample-${size}`);
        await writeCorpus(sampleDir, sample);
        log(`indexing a sample of ${size} (${sample.length} statements, every ${step}th)`);
        timed.keep = true;
        const measured = await measureIndexing({
          corpusDir: sampleDir,
          indexDir: path.join(work, `sample-index-${size}`),
          embedder: timed,
          recorder,
          modelFile,
          runs: 1,
          monitorLoop: false,
        });
        timed.keep = false;
        log(`preparing ${size} chunk vectors (the sample's, and stand-ins near them)`);
        const proxy = new ProxyVectors([...timed.kept.values()]);
        const vectors = new Map(timed.kept);
        const corpus = await readCorpus(corpusDir);
        for (const statement of corpus.statements) {
          for (const chunk of chunkStatement(statement)) {
            const text = embeddingText(statement, chunk);
            if (!vectors.has(text)) vectors.set(text, proxy.vector(text));
          }
        }
        const precomputed = new PrecomputedEmbedder(real.modelId, real.dimension, vectors, proxy);
        log(`indexing ${size} chunks with precomputed vectors`);
        const full = await measureIndexingWithoutModel({
          corpusDir,
          indexDir,
          embedder: new TimedEmbedder(precomputed),
        });
        const perChunkEmbed = measured.embedMs / measured.chunks;
        const perChunkOrt = measured.ortMs / measured.chunks;
        const perChunkRaw = measured.rawOrtMs / measured.chunks;
        indexing = {
          chunks: full.chunks,
          statements: full.statements,
          seconds: full.nonEmbeddingSeconds + (perChunkEmbed * full.chunks) / 1000,
          runs: 1,
          embedMs: perChunkEmbed * full.chunks,
          ortMs: perChunkOrt * full.chunks,
          rawOrtMs: perChunkRaw * full.chunks,
          replayedEvery: measured.replayedEvery,
          tokens: measured.tokens,
          loop: null,
        };
        extrapolated = {
          sampleChunks: measured.chunks,
          sampleSeconds: measured.seconds,
          nonEmbeddingSeconds: full.nonEmbeddingSeconds,
          realVectors: timed.kept.size,
          synthetic: vectors.size - timed.kept.size + precomputed.missing,
        };
        timed.kept.clear();
      }

      log(`answering at ${indexing.chunks} chunks`);
      const search = await measureSearch({
        indexDir,
        embedder: real,
        questions,
        orama: true,
        // The check of the stand-in vectors matters only when a size above 10k uses them.
        syntheticCheck: size === responsivenessSize && sizes.some((n) => n > EMBED_ALL_UP_TO),
      });
      log(`cold starts at ${indexing.chunks} chunks`);
      const cold = await coldStarts(indexDir);
      const generation = currentGeneration(indexDir)!;
      results.sizes.push({
        size,
        indexing,
        extrapolated,
        search,
        cold,
        diskMB: (await directoryBytes(generation)) / MB,
        rawVectorsMB: (indexing.chunks * real.dimension * 4) / MB,
      });
      await rm(indexDir, { recursive: true, force: true });
    }

    if (responsivenessSize !== null) {
      log(`re-indexing ${responsivenessSize} chunks in the child worker`);
      const child = await measureChildReindex({
        corpusDir: path.join(work, `corpus-${responsivenessSize}`),
        indexDir: path.join(work, "child-index"),
        modelDir: MODEL_DIR,
      });
      if (!child.ok) throw new Error(`the index worker failed: ${child.message}`);
      results.responsiveness = { size: responsivenessSize, child, inProcess: inProcessLoop };
    }
    results.seconds = (performance.now() - started) / 1000;

    await mkdir(path.dirname(values.json), { recursive: true });
    await writeFile(values.json, JSON.stringify(results, null, 1));
    await writeReport(renderReport(results));
    log(`done in ${(results.seconds / 60).toFixed(1)} min`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The first statements of the generated corpus that make up about `chunks` chunks. */
function recordsFor(records: BenchRecord[], chunkCounts: number[], chunks: number) {
  let total = 0;
  let count = 0;
  while (count < records.length && total < chunks) total += chunkCounts[count++]!;
  return records.slice(0, count);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
