/**
 * Cold start, run in a fresh process by the benchmark: load the model, open the index
 * (`SearchEngine.open`: checksums, parsing, HNSW), answer one question. Prints one JSON line.
 *
 *   node --import tsx scripts/bench/cold-start.ts INDEX_DIR MODEL_DIR
 */
import { TransformersEmbedder } from "../../src/retrieval/embedder.js";
import { SearchEngine } from "../../src/retrieval/engine.js";

const [indexDir, modelDir] = process.argv.slice(2);
if (!indexDir || !modelDir) throw new Error("usage: cold-start.ts INDEX_DIR MODEL_DIR");

const t0 = performance.now();
const embedder = await TransformersEmbedder.create({ model: modelDir, cacheDir: ".cache/models" });
const t1 = performance.now();
const rssAfterModel = process.memoryUsage().rss;
const { engine } = await SearchEngine.open(indexDir, embedder);
const t2 = performance.now();
await engine.ask("how many families returned home since the ceasefire?");
const t3 = performance.now();
process.stdout.write(
  JSON.stringify({
    modelMs: t1 - t0,
    openMs: t2 - t1,
    firstAskMs: t3 - t2,
    rssAfterModel,
    peakRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: process.memoryUsage().heapUsed,
  }) + "\n",
);
