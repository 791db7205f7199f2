/** What the maintainer commands share: configuration, the model, errors as one plain line. */
import { type Config, loadConfig } from "../config.js";
import { type Embedder, loadEmbedder } from "../retrieval/embedder.js";
import { SearchEngine } from "../retrieval/engine.js";
import { IndexError } from "../retrieval/errors.js";
import { buildIndex } from "../retrieval/indexer.js";
import { currentGeneration } from "../retrieval/store.js";
import { formatSummary, progressReporter, warningLine } from "./progress.js";

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

/** Opens the index, building it from the corpus first when none exists. */
export async function openEngine(
  cfg: Config,
  options: { index: string; corpus: string },
): Promise<SearchEngine> {
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
    const reporter = progressReporter();
    const summary = await buildIndex({
      corpusDir: options.corpus,
      indexDir: options.index,
      embedder,
      onProgress: reporter.update,
      onWarning: (message) => reporter.note(warningLine(message)),
    });
    reporter.stop();
    process.stderr.write(`${formatSummary(summary)}\n`);
  }
  const { engine, warning } = await SearchEngine.open(options.index, embedder);
  // Without the configured model, why was said above (or an hour ago): "no model is loaded" again
  // would only repeat it.
  const modelFailed = embedder === null && cfg.embeddingModel !== null;
  if (warning && !modelFailed) process.stderr.write(`verbatim: ${warning}\n`);
  return engine;
}
