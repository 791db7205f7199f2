/**
 * npm run ask -- [--index DIR] [--k N] [--since D] [--until D] [--speaker NAME] [--json] "question"
 * npm run ask -- --batch FILE --json
 */
import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { type AskOptions, MAX_K, QueryError, visibleQuestion } from "../retrieval/index.js";
import { config, openEngine, parseWhole, runCommand } from "./common.js";
import { formatText, toJsonResults } from "./format.js";

interface Options {
  index: string;
  corpus: string;
  update: boolean;
  k: number;
  since?: string;
  until?: string;
  speaker?: string;
  json?: boolean;
  batch?: string;
}

runCommand(async () => {
  const cfg = config();
  const program = new Command("ask")
    .description("Ask a question; prints the passages of the corpus that answer it, quoted.")
    .argument("[question...]", "the question")
    .option("--index <dir>", "index folder", cfg.indexDir)
    .option(
      "--corpus <dir>",
      "corpus folder the index is brought up to date with first (default: the one it was built from)",
      cfg.corpusDir,
    )
    .option("--no-update", "answer from the index as it is, even when the corpus changed since")
    .option("--k <n>", `number of passages (1-${MAX_K})`, parseWhole("--k", 1, MAX_K), 5)
    .option("--since <date>", "only statements on or after YYYY-MM-DD")
    .option("--until <date>", "only statements on or before YYYY-MM-DD")
    .option("--speaker <name>", "only statements by this speaker (part of the name is enough)")
    .option("--json", "print JSON (JSONL with --batch)")
    .option(
      "--batch <file>",
      "answer every question of a JSONL {id, question} file, or one question a line",
    )
    .showHelpAfterError()
    .parse();
  const options = program.opts<Options>();
  const question = program.args.join(" ").trim();
  // A question of zero-width characters or punctuation alone is no question either.
  if (!options.batch && !visibleQuestion(question)) {
    throw new Error('No question given: npm run ask -- "how many are still missing?"');
  }
  const engine = await openEngine(cfg, {
    index: options.index,
    corpus: options.corpus,
    corpusGiven: program.getOptionValueSource("corpus") === "cli",
    command: "verbatim ask",
    update: options.update,
  });
  const askOptions: AskOptions = { k: options.k };
  if (options.since) askOptions.since = options.since;
  if (options.until) askOptions.until = options.until;
  if (options.speaker) askOptions.speaker = options.speaker;

  if (options.batch) {
    for (const item of await readBatch(options.batch)) {
      try {
        const result = await engine.ask(item.question, askOptions);
        const line = {
          id: item.id,
          question: item.question,
          results: toJsonResults(result.passages),
          tookMs: round(result.tookMs),
        };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      } catch (error) {
        // One unanswerable line (empty, too long) must not sink the rest of the batch.
        if (!(error instanceof QueryError)) throw error;
        process.stdout.write(
          `${JSON.stringify({ id: item.id, question: item.question, results: [], error: error.message, tookMs: 0 })}\n`,
        );
      }
    }
    engine.close();
    return;
  }
  const result = await engine.ask(question, askOptions);
  engine.close();
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ question, results: toJsonResults(result.passages), tookMs: round(result.tookMs) })}\n`,
    );
  } else {
    process.stdout.write(formatText(result));
  }
});

async function readBatch(file: string): Promise<Array<{ id: string; question: string }>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the batch file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const items: Array<{ id: string; question: string }> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith("{")) {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not valid JSON (${(error as Error).message})`, {
          cause: error,
        });
      }
      const { id, question } = (record ?? {}) as { id?: unknown; question?: unknown };
      if (typeof question !== "string" || !visibleQuestion(question)) {
        throw new Error(`${file}:${index + 1}: "question" is missing or empty`);
      }
      items.push({ id: id === undefined ? String(items.length + 1) : String(id), question });
    } else if (visibleQuestion(line)) {
      // A line of zero-width characters or punctuation alone is as blank as an empty one.
      items.push({ id: String(items.length + 1), question: line });
    }
  });
  return items;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
