/** What the maintainer commands share: configuration, the model, errors as one plain line. */
import { existsSync } from "node:fs";
import { type Config, loadConfig } from "../config.js";
import {
  buildIndex,
  corpusChanged,
  corpusChanges,
  currentGeneration,
  describeCorpusChanges,
  type Embedder,
  IndexError,
  loadEmbedder,
  readCurrentManifest,
  SearchEngine,
} from "../retrieval/index.js";
import { formatSummary, progressReporter, warningLine } from "./progress.js";
import { withSharedBuildLock } from "../indexing/build-lock.js";

/** Runs a command; any error becomes one line on standard error and exit status 1. */
export function runCommand(main: () => Promise<void>): void {
  main().then(
    () => {
      process.exitCode = process.exitCode ?? 0;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`verbatim: ${message.replace(/\s*\n\s*/g, " ")}\n`);
      process.exitCode = 1;
    },
  );
}

export function config(): Config {
  return loadConfig();
}

/**
 * The configured model, or null with the reason said on standard error: once, when the download
 * fails; while that failure is remembered (an hour), commands run with keyword search quietly.
 */
export async function embedderFor(config: Config): Promise<Embedder | null> {
  const { embedder, warning, remembered } = await loadEmbedder(
    config.embeddingModel,
    config.modelCacheDir,
  );
  if (warning && !remembered) process.stderr.write(`verbatim: ${warning}\n`);
  return embedder;
}

/** Whole number within a range, for options such as --k. */
export function parseWhole(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${value}".`);
    }
    return n;
  };
}

export interface EngineFolders {
  index: string;
  corpus: string;
  /** --corpus was given: compare with (and update from) it, not the folder the index was built from. */
  corpusGiven?: boolean;
  /** The command, as the holder of the index lock while it updates the index. */
  command?: string;
  /** false (--no-update): answer from the index as it is, saying so when the corpus changed. */
  update?: boolean;
}

/**
 * Opens the index, building it from the corpus first when none exists, and bringing it up to date
 * first when the corpus changed since it was built (only what changed is embedded; progress and
 * summary on standard error). Without --corpus the folder is the one the index was built from.
 */
export async function openEngine(cfg: Config, options: EngineFolders): Promise<SearchEngine> {
  let exists = false;
  try {
    exists = currentGeneration(options.index) !== null;
  } catch (error) {
    if (!(error instanceof IndexError)) throw error;
    exists = true; // damaged: let open() report it
  }
  const embedder = await embedderFor(cfg);
  if (!exists) {
    process.stderr.write(
      `No index in ${options.index} yet: building it from ${options.corpus} first.\n`,
    );
    await buildWithProgress(cfg, options, options.corpus, embedder);
  } else {
    await updateIfCorpusChanged(cfg, options, embedder);
  }
  const { engine, warning } = await SearchEngine.open(options.index, embedder);
  // Without the configured model, why was said above (or an hour ago): "no model is loaded" again
  // would only repeat it.
  const modelFailed = embedder === null && cfg.embeddingModel !== null;
  if (warning && !modelFailed) process.stderr.write(`verbatim: ${warning}\n`);
  return engine;
}

async function updateIfCorpusChanged(
  cfg: Config,
  options: EngineFolders,
  embedder: Embedder | null,
): Promise<void> {
  const manifest = await readCurrentManifest(options.index);
  if (!manifest) return; // damaged: SearchEngine.open says so
  const corpusDir = options.corpusGiven ? options.corpus : (manifest.corpus?.dir ?? options.corpus);
  if (!existsSync(corpusDir)) {
    if (options.corpusGiven) {
      throw new Error(
        `Corpus folder "${corpusDir}" does not exist: pass --corpus an existing folder.`,
      );
    }
    return; // an index copied without its corpus answers as it is
  }
  const changes = await corpusChanges(corpusDir, options.index);
  if (!corpusChanged(changes)) return;
  const elsewhere =
    changes.indexedFrom && changes.indexedFrom !== changes.corpusDir
      ? ` (the index was built from ${changes.indexedFrom})`
      : "";
  const said = `The corpus in ${corpusDir} has ${describeCorpusChanges(changes)} since the index was built${elsewhere}`;
  if (options.update === false) {
    process.stderr.write(
      `${warningLine(`${said}: answering from the index as it is (--no-update); npm run index updates it`)}\n`,
    );
    return;
  }
  // An incremental update needs the model the index was built with; another would re-embed all.
  const indexModel = manifest.model?.id ?? null;
  if (indexModel !== (embedder?.modelId ?? null)) {
    process.stderr.write(
      `${warningLine(`${said}, but the index's model (${indexModel ?? "none"}) is not the one loaded (${embedder?.modelId ?? "none"}): answering from the index as it is; run npm run index to rebuild it`)}\n`,
    );
    return;
  }
  process.stderr.write(`${said}: updating the index first.\n`);
  await buildWithProgress(cfg, options, corpusDir, embedder);
}

async function buildWithProgress(
  cfg: Config,
  options: EngineFolders,
  corpusDir: string,
  embedder: Embedder | null,
): Promise<void> {
  const indexDir = options.index;
  const reporter = progressReporter();
  try {
    const by = `${options.command ?? "verbatim ask"} (updating the index first)`;
    const summary = await withSharedBuildLock(cfg.databaseUrl, { indexDir, by }, () =>
      buildIndex({
        corpusDir,
        indexDir,
        embedder,
        by,
        onProgress: reporter.update,
        onWarning: (message) => reporter.note(warningLine(message)),
      }),
    );
    reporter.stop();
    process.stderr.write(`${formatSummary(summary)}\n`);
  } finally {
    reporter.stop();
  }
}
