/**
 * Draws docs/trend-example.png, the README's example of /trend and `npm run trend --out`, from the
 * fixture corpus test/fixtures/trend/missing (five statements on the people still missing, among
 * others). Keyword search only, so it needs no model and draws the same chart on any machine.
 *
 *   npm run docs:trend [-- --question "..." --out FILE]
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { renderTrendChart } from "../src/chart/trend-chart.js";
import { SearchEngine } from "../src/retrieval/engine.js";
import { buildIndex } from "../src/retrieval/indexer.js";
import { collectTrend } from "../src/retrieval/trend.js";
import { runWhenExecuted } from "./model-writer.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CORPUS = path.join(ROOT, "test/fixtures/trend/missing");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      question: { type: "string", default: "how many people are still missing?" },
      out: { type: "string", default: path.join(ROOT, "docs/trend-example.png") },
    },
  });
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "verbatim-trend-example-"));
  try {
    await buildIndex({ corpusDir: CORPUS, indexDir, embedder: null });
    const { engine } = await SearchEngine.open(indexDir, null);
    const trend = await collectTrend(engine, values.question);
    engine.close();
    await writeFile(values.out, await renderTrendChart(trend));
    for (const [i, p] of trend.points.entries())
      process.stdout.write(`${i + 1}. ${p.date}  ${p.text}  ${p.speaker ?? ""}\n`);
    process.stdout.write(`Chart written to ${path.relative(ROOT, values.out)}\n`);
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

runWhenExecuted(import.meta.url, "trend-example", main);
