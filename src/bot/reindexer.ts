/** /reindex runs the same incremental indexer as `npm run index`, in a child process. */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { WorkerMessage } from "../indexing/worker.js";
import type { Reindexer } from "./context.js";

/** The built JavaScript runs the built worker; the TypeScript sources run theirs through tsx. */
const FROM_SOURCES = import.meta.url.endsWith(".ts");
const WORKER = fileURLToPath(
  new URL(`../indexing/worker.${FROM_SOURCES ? "ts" : "js"}`, import.meta.url),
);

const PHASES: Record<string, string> = {
  reading: "Reading the corpus",
  embedding: "Embedding new passages",
  indexing: "Updating the vector index",
  publishing: "Publishing the new index",
};

export interface ReindexerOptions {
  /** Switches the bot to the newly published index. */
  service: { reload(): Promise<boolean> };
  corpusDir: string;
  indexDir: string;
  log: Logger;
  /** Extra environment for the child (tests point it at their own folders and model). */
  env?: NodeJS.ProcessEnv;
  /** Extra Node.js arguments for the child, after the TypeScript loader. */
  nodeArgs?: string[];
}

export class ChildProcessReindexer implements Reindexer {
  private current: { by: string; since: Date } | null = null;

  constructor(private readonly options: ReindexerOptions) {}

  running() {
    return this.current;
  }

  async run(by: string, onProgress: (line: string) => void): Promise<string> {
    if (this.current)
      throw new Error(`A re-index is already running (started by ${this.current.by}).`);
    this.current = { by, since: new Date() };
    try {
      const summary = await this.spawn(by, onProgress);
      await this.options.service.reload();
      return summary;
    } finally {
      this.current = null;
    }
  }

  private spawn(by: string, onProgress: (line: string) => void): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = fork(WORKER, [by], {
        execArgv: [...(FROM_SOURCES ? ["--import", "tsx"] : []), ...(this.options.nodeArgs ?? [])],
        // The child reads its configuration from the environment, like the CLI does.
        env: {
          // eslint-disable-next-line no-restricted-syntax -- passed through, not read
          ...process.env,
          ...this.options.env,
          CORPUS_DIR: this.options.corpusDir,
          INDEX_DIR: this.options.indexDir,
        },
        stdio: ["ignore", "ignore", "pipe", "ipc"],
      });
      let stderr = "";
      let result: WorkerMessage | null = null;
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
      });
      child.on("message", (message: WorkerMessage) => {
        if (message.type === "progress") {
          const share = message.total > 1 ? ` ${message.done}/${message.total}` : "";
          onProgress(`${PHASES[message.phase] ?? message.phase}…${share}`);
        } else if (message.type === "warning") {
          this.options.log.warn(message.message);
          onProgress(message.message);
        } else {
          result = message;
        }
      });
      child.on("error", reject);
      child.on("exit", (code) => {
        const final = result as WorkerMessage | null;
        if (final?.type === "done") resolve(final.summary);
        else if (final?.type === "error") reject(new Error(final.message));
        else
          reject(
            new Error(`the indexer stopped unexpectedly (exit code ${code}): ${lastError(stderr)}`),
          );
      });
    });
  }
}

/** The most telling line of a crashed child's output: its last error line. */
function lastError(stderr: string): string {
  const lines = stderr
    .trim()
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.filter((l) => /error/i.test(l)).at(-1) ?? lines.at(-1) ?? "no output";
}
