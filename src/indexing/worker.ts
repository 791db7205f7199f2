/**
 * The indexer as a child process, for the bot's /reindex: the model and hnswlib are synchronous
 * and would freeze the bot's event loop. Talks to the parent over IPC.
 */
import { loadConfig } from "../config.js";
import { buildIndex, loadEmbedder } from "../retrieval/index.js";
import { formatSummary, formatWarnings } from "./summary.js";
import { withSharedBuildLock } from "./build-lock.js";

export type WorkerMessage =
  | { type: "progress"; phase: string; done: number; total: number }
  | { type: "warning"; message: string }
  | { type: "done"; summary: string; skipped: number; statements: number; chunks: number }
  | { type: "error"; message: string };

const send = (message: WorkerMessage) => {
  if (process.connected) process.send?.(message);
};

let finished = false;
// The bot that started this build is gone (killed, perhaps with kill -9): nobody will use the
// result or hear about it, and a build left running would hold the index lock against the
// restarted bot's /reindex. Exiting frees the lock.
process.on("disconnect", () => {
  if (!finished) process.exit(1);
});

async function run(): Promise<void> {
  const config = loadConfig();
  const by = process.argv[2] ?? "the bot";
  const { embedder, warning } = await loadEmbedder(config.embeddingModel, config.modelCacheDir);
  if (warning) send({ type: "warning", message: warning });
  let last = 0;
  const summary = await withSharedBuildLock(
    config.databaseUrl,
    { indexDir: config.indexDir, by },
    () =>
      buildIndex({
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
      }),
  );
  send({
    type: "done",
    summary: [formatSummary(summary), ...formatWarnings(summary)].join("\n"),
    skipped: summary.skipped.length,
    statements: summary.statements,
    chunks: summary.chunks,
  });
}

run().then(
  () => {
    finished = true;
    if (process.connected) process.disconnect?.();
  },
  (error: unknown) => {
    finished = true;
    send({ type: "error", message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
    if (process.connected) process.disconnect?.();
  },
);
