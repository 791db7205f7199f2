/**
 * Answering measurements on a built index: full asks (latency, throughput), their parts, recall of
 * HNSW against an exact scan over the same vectors (with an ef sweep), and Orama as a peer.
 */
import path from "node:path";
import type { Embedder } from "../../src/retrieval/embedder.js";
import { SearchEngine } from "../../src/retrieval/engine.js";
import { FILES, loadIndex, loadStoredVectors } from "../../src/retrieval/index-data.js";
import { affordableTerms } from "../../src/retrieval/lexical-index.js";
import { terms } from "../../src/retrieval/terms.js";
import {
  DEFAULT_HNSW,
  type Neighbour,
  VectorIndex,
  exactSearch,
} from "../../src/retrieval/vector-index.js";
import { type BenchQuestion } from "./corpus.js";
import { ProxyVectors, anisotropy } from "./embedding.js";
import { type OramaPeer, buildOrama } from "./orama.js";
import { log, mean, median, percentile, pool } from "./stats.js";

export const EF_SWEEP = [32, 96, 200, 400, 640, 1000];
/** What the engine asks HNSW and BM25 for before fusion (engine.ts CANDIDATES). */
const CANDIDATES = 60;
const PASSES = 3;
const CONCURRENCY = 8;

export interface EfPoint {
  ef: number;
  recall10: number;
  p50Ms: number;
}

export interface SearchResults {
  chunks: number;
  askP50: number;
  askP99: number;
  askMean: number;
  asksPerSecond: { sequential: number; concurrent: number; concurrency: number };
  parts: { embedP50: number; hnswP50: number; bm25P50: number; bm25P99: number };
  exactP50: number;
  ef: number;
  recall10: number;
  recall60: number;
  sweep: EfPoint[];
  anisotropy: {
    docs: { meanLength: number; meanPairCosine: number };
    queries: { meanLength: number; meanPairCosine: number };
    queryDocCosine: number;
  };
  /** Recall with the stand-in vectors used above 10k in place of 3/4 of the real ones. */
  syntheticRecall10: number | null;
  answered: number;
  orama: OramaPeer | null;
}

function overlap(a: readonly number[], b: readonly number[]): number {
  const set = new Set(b);
  return a.filter((x) => set.has(x)).length;
}

export async function measureSearch(options: {
  indexDir: string;
  embedder: Embedder;
  questions: BenchQuestion[];
  orama: boolean;
  syntheticCheck: boolean;
}): Promise<SearchResults> {
  const { indexDir, embedder, questions } = options;
  const { engine, warning } = await SearchEngine.open(indexDir, embedder);
  if (warning) throw new Error(`the benchmark index is not usable in hybrid mode: ${warning}`);
  const chunks = engine.info.chunks;

  // Full asks, as a user gets them.
  for (const q of questions.slice(0, 20)) await engine.ask(q.question);
  const p50s: number[] = [];
  const p99s: number[] = [];
  const all: number[] = [];
  let answered = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const times: number[] = [];
    for (const q of questions) {
      const started = performance.now();
      const result = await engine.ask(q.question);
      times.push(performance.now() - started);
      if (pass === 0 && result.passages.length > 0) answered++;
    }
    p50s.push(median(times));
    p99s.push(percentile(times, 99));
    all.push(...times);
  }
  const concurrentMs = await pool(questions, CONCURRENCY, (q) => engine.ask(q.question));

  // The parts, on a second copy of the index.
  const loaded = await loadIndex(indexDir);
  const dimension = loaded.manifest.model!.dimension;
  const queryVectors: Float32Array[] = [];
  const embedTimes: number[] = [];
  for (const q of questions) {
    const started = performance.now();
    const [v] = await embedder.embed([q.question]);
    embedTimes.push(performance.now() - started);
    queryVectors.push(v!);
  }
  const hnswTimes = queryVectors.map((v) => {
    const started = performance.now();
    loaded.vectors!.search(v, CANDIDATES);
    return performance.now() - started;
  });
  const bm25Times = questions.map((q) => {
    const started = performance.now();
    const t = terms(q.question);
    loaded.lexical.search(
      affordableTerms(t, (term) => loaded.vocabulary.documentFrequency(term)),
      CANDIDATES,
    );
    return performance.now() - started;
  });

  // Exact search over the very vectors HNSW holds.
  const dir = path.join(indexDir, loaded.generation);
  const stored = await loadStoredVectors(dir, dimension);
  const flat = [...stored].map(([label, vector]) => ({ label, vector }));
  const exactTimes: number[] = [];
  const exact10: number[][] = [];
  const exact60: number[][] = [];
  for (const v of queryVectors) {
    const started = performance.now();
    const hits: Neighbour[] = exactSearch(flat, v, CANDIDATES);
    exactTimes.push(performance.now() - started);
    exact60.push(hits.map((h) => h.label));
    exact10.push(hits.slice(0, 10).map((h) => h.label));
  }
  const hnswFile = path.join(dir, FILES.hnsw);
  const sweep: EfPoint[] = [];
  for (const ef of EF_SWEEP) {
    const index = VectorIndex.read(hnswFile, dimension, { ...DEFAULT_HNSW, efSearch: ef });
    let found = 0;
    const times: number[] = [];
    queryVectors.forEach((v, i) => {
      const started = performance.now();
      const hits = index.search(v, 10);
      times.push(performance.now() - started);
      found += overlap(
        hits.map((h) => h.label),
        exact10[i]!,
      );
    });
    sweep.push({ ef, recall10: found / (10 * queryVectors.length), p50Ms: median(times) });
  }
  const ef = loaded.manifest.hnsw!.efSearch;
  const atDefault = VectorIndex.read(hnswFile, dimension, loaded.manifest.hnsw!);
  let found10 = 0;
  let found60 = 0;
  queryVectors.forEach((v, i) => {
    found10 += overlap(
      atDefault.search(v, 10).map((h) => h.label),
      exact10[i]!,
    );
    found60 += overlap(
      atDefault.search(v, CANDIDATES).map((h) => h.label),
      exact60[i]!,
    );
  });

  const docSample = flat.filter((_, i) => i % Math.max(1, Math.floor(flat.length / 5000)) === 0);
  const docs = anisotropy(docSample.map((d) => d.vector));
  const queries = anisotropy(queryVectors);
  let qd = 0;
  queryVectors.forEach((q, i) => {
    const d = docSample[(i * 7919) % docSample.length]!.vector;
    for (let j = 0; j < q.length; j++) qd += q[j]! * d[j]!;
  });

  let syntheticRecall10: number | null = null;
  if (options.syntheticCheck) {
    // The stand-in vectors used above 10k, made here from a quarter of the real vectors for the
    // other three quarters: if their recall matches the real recall, the 100k figure is fair.
    log(`  stand-in vector check at ${flat.length} vectors`);
    const proxy = new ProxyVectors(flat.filter((_, i) => i % 4 === 0).map((d) => d.vector));
    const synthetic = flat.map(({ label, vector }, i) => ({
      label,
      vector: i % 4 === 0 ? vector : proxy.vector(`stand-in ${label}`),
    }));
    const index = VectorIndex.create(dimension, synthetic.length, loaded.manifest.hnsw!);
    for (const { label, vector } of synthetic) index.add(label, vector);
    let found = 0;
    for (const v of queryVectors) {
      const truth = exactSearch(synthetic, v, 10).map((h) => h.label);
      found += overlap(
        index.search(v, 10).map((h) => h.label),
        truth,
      );
    }
    syntheticRecall10 = found / (10 * queryVectors.length);
  }

  let orama: OramaPeer | null = null;
  if (options.orama) {
    log(`  Orama peer at ${chunks} chunks`);
    // Orama keeps vector hits above a similarity threshold: set it where, on average, about as
    // many vector candidates pass as Verbatim takes from HNSW.
    const threshold = median(
      exact60.map((labels, i) => dot(stored.get(labels.at(-1)!)!, queryVectors[i]!)),
    );
    orama = await buildOrama({
      loaded,
      stored,
      threshold,
      questions,
      embedder,
      verbatim: async (q) => (await engine.ask(q, { k: 10 })).passages.map((p) => p.chunkId),
      verbatimP50: median(p50s),
    });
  }

  engine.close();
  loaded.lexical.close();
  return {
    chunks,
    askP50: median(p50s),
    askP99: median(p99s),
    askMean: mean(all),
    asksPerSecond: {
      sequential: 1000 / mean(all),
      concurrent: (questions.length * 1000) / concurrentMs,
      concurrency: CONCURRENCY,
    },
    parts: {
      embedP50: median(embedTimes),
      hnswP50: median(hnswTimes),
      bm25P50: median(bm25Times),
      bm25P99: percentile(bm25Times, 99),
    },
    exactP50: median(exactTimes),
    ef,
    recall10: found10 / (10 * queryVectors.length),
    recall60: found60 / (CANDIDATES * queryVectors.length),
    sweep,
    anisotropy: { docs, queries, queryDocCosine: qd / queryVectors.length },
    syntheticRecall10,
    answered: answered / questions.length,
    orama,
  };
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
