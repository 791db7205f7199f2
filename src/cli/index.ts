/**
 * npm run index -- [--corpus DIR] [--index DIR] [--strict]: builds or incrementally updates the
 * index. With --strict a corpus with any file skipped is not indexed, and the exit status is 1.
 */
import { Command } from "commander";
import { buildIndex, StrictCorpusError } from "../retrieval/index.js";
import { config, embedderFor, runCommand } from "./common.js";
import { formatSummary, progressReporter, skippedLine, warningLine } from "./progress.js";
import { withSharedBuildLock } from "../indexing/build-lock.js";

runCommand(async () => {
  const cfg = config();
  const program = new Command("index")
    .description("Build or incrementally update the Verbatim index from the corpus folder.")
    .option("--corpus <dir>", "corpus folder", cfg.corpusDir)
    .option("--index <dir>", "index folder", cfg.indexDir)
    .option("--strict", "index nothing and exit 1 when any file of the corpus has to be skipped")
    .showHelpAfterError()
    .parse();
  const options = program.opts<{ corpus: string; index: string; strict?: boolean }>();
  const embedder = await embedderFor(cfg);
  const reporter = progressReporter();
  try {
    const by = "npm run index";
    const summary = await withSharedBuildLock(
      cfg.databaseUrl,
      { indexDir: options.index, by },
      () =>
        buildIndex({
          corpusDir: options.corpus,
          indexDir: options.index,
          embedder,
          by,
          strict: options.strict ?? false,
          onProgress: reporter.update,
          onWarning: (message) => reporter.note(warningLine(message)),
        }),
    );
    reporter.stop();
    process.stdout.write(`${formatSummary(summary)}\n`);
  } catch (error) {
    if (error instanceof StrictCorpusError) {
      reporter.stop();
      for (const problem of error.skipped)
        process.stderr.write(`${skippedLine(problem.message)}\n`);
    }
    throw error;
  } finally {
    reporter.stop();
  }
});
