/** npm run index -- [--corpus DIR] [--index DIR]: builds or incrementally updates the index. */
import { Command } from "commander";
import { buildIndex } from "../retrieval/indexer.js";
import { config, embedderFor, runCommand } from "./common.js";
import { formatSummary, progressReporter, warningLine } from "./progress.js";
import { withSharedBuildLock } from "./shared-build-lock.js";

runCommand(async () => {
  const cfg = config();
  const program = new Command("index")
    .description("Build or incrementally update the Verbatim index from the corpus folder.")
    .option("--corpus <dir>", "corpus folder", cfg.corpusDir)
    .option("--index <dir>", "index folder", cfg.indexDir)
    .showHelpAfterError()
    .parse();
  const options = program.opts<{ corpus: string; index: string }>();
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
          onProgress: reporter.update,
          onWarning: (message) => reporter.note(warningLine(message)),
        }),
    );
    reporter.stop();
    process.stdout.write(`${formatSummary(summary)}\n`);
  } finally {
    reporter.stop();
  }
});
