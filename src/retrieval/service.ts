/**
 * The retrieval service a long-running process (the bot) holds: it opens the index (building it
 * first when there is none), and can switch to a newly published index without a restart while
 * questions keep being answered from whichever index is current.
 */
import { watch, type FSWatcher } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type EngineOptions, SearchEngine } from "./engine.js";
import type { Embedder } from "./embedder.js";
import { buildIndex, type BuildSummary } from "./indexer.js";
import { currentGeneration } from "./store.js";
import { corpusChanged, describeCorpusChanges } from "./corpus-changes.js";
import { corpusChanges } from "./corpus-check.js";
import type {
  AskOptions,
  AskResult,
  CorpusChanges,
  Retriever,
  Statement,
  StatementSummary,
} from "./types.js";
import { plural } from "../plural.js";

export interface RetrievalLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface ServiceOptions {
  corpusDir: string;
  indexDir: string;
  embedder: Embedder | null;
  log: RetrievalLog;
  /** Keyword searches in a worker thread (`EngineOptions.keywordThread`); default off. */
  keywordThread?: boolean;
}

export class RetrievalService implements Retriever {
  private watcher: FSWatcher | null = null;
  private reloading: Promise<void> | null = null;
  /** When the served generation was built (its manifest's createdAt), for health and metrics. */
  builtAt: string | null = null;
  /** How the corpus folder differs from the served index, as of its start or last switch. */
  corpusChanges: CorpusChanges | null = null;

  private constructor(
    private engine: SearchEngine,
    private readonly options: ServiceOptions,
  ) {}

  static async open(
    options: ServiceOptions,
  ): Promise<{ service: RetrievalService; built: BuildSummary | null }> {
    let built: BuildSummary | null = null;
    if (currentGeneration(options.indexDir) === null) {
      options.log.info(
        `No index in ${options.indexDir} yet: building it from ${options.corpusDir}.`,
      );
      built = await buildIndex({
        corpusDir: options.corpusDir,
        indexDir: options.indexDir,
        embedder: options.embedder,
        by: "the bot (first build)",
        onWarning: (message) => options.log.warn(message),
      });
    }
    const { engine, warning } = await SearchEngine.open(
      options.indexDir,
      options.embedder,
      engineOptions(options),
    );
    if (warning) options.log.warn(warning);
    const service = new RetrievalService(engine, options);
    service.builtAt = await builtAt(options.indexDir, engine.info.generation);
    await service.checkCorpus();
    return { service, built };
  }

  get info() {
    return this.engine.info;
  }

  get generation(): string {
    return this.engine.info.generation;
  }

  ask(question: string, options?: AskOptions): Promise<AskResult> {
    return this.engine.ask(question, options);
  }

  statement(docId: string): Statement | null {
    return this.engine.statement(docId);
  }

  statements(): StatementSummary[] {
    return this.engine.statements();
  }

  speakers(): string[] {
    return this.engine.speakers();
  }

  /**
   * Loads the published index if it is not the one being served. The old engine answers until
   * the new one is fully loaded; a failure leaves the old one serving.
   */
  async reload(): Promise<boolean> {
    const published = currentGeneration(this.options.indexDir);
    if (!published || published.endsWith(this.generation)) return false;
    const { engine, warning } = await SearchEngine.open(
      this.options.indexDir,
      this.options.embedder,
      engineOptions(this.options),
    );
    if (warning) this.options.log.warn(warning);
    const previous = this.engine;
    this.engine = engine;
    this.builtAt = await builtAt(this.options.indexDir, engine.info.generation);
    previous.close();
    this.options.log.info(
      `Now serving index ${engine.info.generation}: ${plural(engine.info.statements, "statement")}, ${plural(engine.info.chunks, "chunk")}.`,
    );
    await this.checkCorpus();
    return true;
  }

  /**
   * Compares the corpus folder with the served index and says, in the log, what to run when they
   * differ. Never fails: a corpus that cannot be compared is left unknown.
   */
  private async checkCorpus(): Promise<void> {
    this.corpusChanges = await corpusChanges(this.options.corpusDir, this.options.indexDir).catch(
      () => null,
    );
    if (corpusChanged(this.corpusChanges)) {
      this.options.log.warn(
        `The corpus in ${this.options.corpusDir} has ${describeCorpusChanges(this.corpusChanges)} since the index was built: run npm run index or /reindex.`,
      );
    }
  }

  /** Watches for an index published by another process (npm run index) and switches to it. */
  async watchForNewIndex(): Promise<void> {
    await mkdir(this.options.indexDir, { recursive: true });
    this.watcher = watch(this.options.indexDir, (_event, file) => {
      if (file !== "CURRENT" || this.reloading) return;
      // Keep reloading until the served generation is the published one (several may land at once).
      this.reloading = (async () => {
        while (await this.reload());
      })()
        .catch((error: unknown) =>
          this.options.log.warn(
            `A newly published index could not be loaded; still serving the previous one (${(error as Error).message}).`,
          ),
        )
        .finally(() => {
          this.reloading = null;
        });
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    this.engine.close();
  }
}

function engineOptions(options: ServiceOptions): EngineOptions {
  return {
    keywordThread: options.keywordThread ?? false,
    onKeywordThreadLost: (reason) => options.log.warn(`Keyword search: ${reason}`),
  };
}

/** A generation's build time from its (already verified) manifest; null if it cannot be read. */
async function builtAt(indexDir: string, generation: string): Promise<string | null> {
  try {
    const manifest = JSON.parse(
      await readFile(path.join(indexDir, generation, "manifest.json"), "utf8"),
    ) as { createdAt?: unknown };
    return typeof manifest.createdAt === "string" ? manifest.createdAt : null;
  } catch {
    return null;
  }
}
