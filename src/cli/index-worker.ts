/**
 * The indexer as a child process, for the bot's /reindex: the model and hnswlib are synchronous
 * and would freeze the bot's event loop. Talks to the parent over IPC.
 */
import { loadConfig } from "../config.js";
import { loadEmbedder } from "../retrieval/embedder.js";
import { buildIndex } from "../retrieval/indexer.js";
import { formatSummary, formatWarnings } from "./progress.js";

export type WorkerMessage =
  | { type: "progress"; phase: string; done: number; total: number }
  | { type: "warning"; message: string }
  | { type: "done"; summary: string; skipped: number; statements: number; chunks: number }
  | { type: "error"; message: string };

const send = (message: WorkerMessage) => process.send?.(message);

async function run(): Promise<void> {
  const config = loadConfig();
  const by = process.argv[2] ?? "the bot";
  const { embedder, warning } = await loadEmbedder(config.embeddingModel, config.modelCacheDir);
  if (warning) send({ type: "warning", message: warning });
  let last = 0;
  const summary = await buildIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embedder,
    by,
    onWarning: (message) => send({ type: "warning", message }),
    onProgress: (p) => {
      const now = Date.now();
      if (now - last > 250 || p.done === p.total) {
        last = now;
        send({ type: "progress", phase: p.phase, done: p.done, total: p.total });
      }
    },
  });
  send({
    type: "done",
    summary: [formatSummary(summary), ...formatWarnings(summary)].join("\n"),
    skipped: summary.skipped.length,
    statements: summary.statements,
    chunks: summary.chunks,
  });
}

run().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    send({ type: "error", message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
    process.disconnect?.();
  },
);
