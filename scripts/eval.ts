/**
 * Retrieval quality, measured only through the command-line contract (ARCHITECTURE.md): for each
 * question set and mode, builds an index with `src/cli/index.ts`, asks every question with
 * `src/cli/ask.ts --batch FILE --json --k 10`, and scores the answers with the held-out scorer's
 * rule (scripts/eval/score.ts). A plain BM25 over 3-sentence windows of the same corpus is scored
 * alongside as the reference.
 *
 *   npm run eval -- [--set test,squad] [--mode keyword,test-model] [--model ID]
 *                   [--floor r1=X,r3=Y,noanswer=Z] [--show-misses N] [--no-write]
 *
 * Sets: test (the unseen set's test split; default), dev (its dev split), squad (default).
 * Modes: keyword, test-model (default both), bench-model; `--model ID` adds a real model.
 * Standard output: the markdown report (also written to docs/eval.md unless --no-write). Standard
 * error: progress and misses. Exit 1 with a one-line reason when a CLI command fails or breaks the
 * output contract, or when a run falls below --floor; else 0.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import { readCorpus } from "../src/retrieval/corpus/read.js";
import { buildBm25Baseline } from "./eval/bm25-baseline.js";
import { CliError, askBatch, indexCorpus, type CliRunner } from "./eval/cli-runner.js";
import { MODE_NAMES, prepareMode, type ModeName } from "./eval/modes.js";
import { describeMisses, renderReport, type RunOutcome, type SetRun } from "./eval/report.js";
import { aggregate, floorFailure, parseFloor, scoreQuestion, type Floor } from "./eval/score.js";
import { SETS, SET_NAMES, loadQuestions, type SetName } from "./eval/sets.js";
import { runWhenExecuted } from "./model-writer.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_K = 10;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Commander parser for a comma-separated list of known names. */
function listOf<T extends string>(what: string, known: readonly T[]) {
  return (value: string): T[] => {
    const names = value
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !known.includes(n as T));
    if (names.length === 0 || unknown.length > 0) {
      throw new InvalidArgumentError(
        `unknown ${what} "${unknown.join(", ") || value}": use a comma-separated list of ${known.join(", ")}`,
      );
    }
    return [...new Set(names)] as T[];
  };
}

function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

function floorOption(value: string): Floor {
  try {
    return parseFloor(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

interface EvalOptions {
  set: SetName[];
  mode: Exclude<ModeName, "model">[];
  model?: string;
  k: number;
  out: string;
  write: boolean;
  floor?: Floor;
  showMisses: number;
  timeout: number;
  verbose: boolean;
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString("utf8")
      .trim();
  } catch {
    return "unknown (not a git checkout)";
  }
}

async function prepareSet(name: SetName, k: number): Promise<SetRun> {
  const set = SETS[name];
  const questions = loadQuestions(ROOT, set);
  const { statements, skipped } = await readCorpus(path.join(ROOT, set.corpusDir));
  for (const problem of skipped) log(`[${name}] corpus file skipped: ${problem.message}`);
  const bm25 = buildBm25Baseline(statements);
  const baseline = questions.map((q) =>
    scoreQuestion(q, { results: bm25.ask(q.question, k), tookMs: 0 }),
  );
  return { set, questions, statements: statements.length, baseline, windows: bm25.windows };
}

async function runOne(setRun: SetRun, modeName: ModeName, opts: EvalOptions): Promise<RunOutcome> {
  const { set, questions } = setRun;
  const label = `${set.name}/${modeName}`;
  const mode = await prepareMode(ROOT, modeName, set, questions, opts.model);
  const runner: CliRunner = {
    root: ROOT,
    env: { ...process.env, EMBEDDING_MODEL: mode.embeddingModel, NO_COLOR: "1" },
    timeoutMs: opts.timeout * 1000,
    verbose: opts.verbose,
    requireModel: modeName !== "keyword",
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "verbatim-eval-"));
  try {
    const indexDir = path.join(work, "index");
    log(`[${label}] indexing ${set.corpusDir} (EMBEDDING_MODEL=${mode.shown})`);
    const indexSeconds = await indexCorpus(runner, label, path.join(ROOT, set.corpusDir), indexDir);
    log(`[${label}] asking ${questions.length} questions (${set.questionsFile})`);
    const started = performance.now();
    const answers = await askBatch(runner, label, indexDir, questions, opts.k, work);
    const askSeconds = (performance.now() - started) / 1000;
    const scored = questions.map((q) => {
      const answer = answers.get(q.id);
      if (!answer) throw new CliError(`${label}: no answer for ${q.id}`);
      return scoreQuestion(q, answer);
    });
    return { set, mode, scored, indexSeconds, askSeconds };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("eval")
    .description("Measure retrieval quality through the CLI contract.")
    .option("--set <names>", `question sets: ${SET_NAMES.join(", ")}`, listOf("set", SET_NAMES), [
      "test",
      "squad",
    ] as SetName[])
    .option(
      "--mode <names>",
      "modes: keyword, test-model, bench-model",
      listOf(
        "mode",
        MODE_NAMES.filter((m) => m !== "model"),
      ),
      ["keyword", "test-model"] as EvalOptions["mode"],
    )
    .option("--model <id>", "also run with this EMBEDDING_MODEL (hub id or local folder)")
    .option("--k <n>", "passages asked for per question", wholeNumber(1, 50), DEFAULT_K)
    .option("--out <file>", "where to write the markdown report", "docs/eval.md")
    .option("--no-write", "print the report without writing --out")
    .option(
      "--floor <floor>",
      "exit 1 when quote-level R@1/R@3 fall below or the no-answer share rises above, e.g. r1=0.77,r3=0.87,noanswer=0.03",
      floorOption,
    )
    .option("--show-misses <n>", "misses printed per run on stderr", wholeNumber(0, 100000), 10)
    .option(
      "--timeout <seconds>",
      "give up on a CLI command after this long",
      wholeNumber(1, 86400),
      900,
    )
    .option("--verbose", "stream the CLI's standard error", false)
    .parse(argv);
  const opts = program.opts<EvalOptions>();
  const modes: ModeName[] = [...opts.mode, ...(opts.model ? (["model"] as const) : [])];

  const sets: SetRun[] = [];
  const outcomes: RunOutcome[] = [];
  try {
    for (const name of opts.set) {
      const setRun = await prepareSet(name, opts.k);
      sets.push(setRun);
      for (const mode of modes) {
        const outcome = await runOne(setRun, mode, opts);
        outcomes.push(outcome);
        for (const line of describeMisses(outcome, opts.showMisses)) log(line);
      }
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    log(`eval: ${error.message}`);
    if (error.stderr.trim()) log(error.stderr.trimEnd());
    return 1;
  }

  const args = argv.slice(2);
  const report = renderReport(sets, outcomes, {
    date: new Date().toISOString().slice(0, 10),
    commit: gitCommit(),
    command: `npm run eval${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`,
    k: opts.k,
  });
  process.stdout.write(`${report}\n`);
  if (opts.write) {
    const out = path.resolve(ROOT, opts.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${report}\n`);
    log(`wrote ${path.relative(ROOT, out)}`);
  }

  if (opts.floor) {
    const failure = floorFailure(
      outcomes.map((o) => ({
        label: `${o.set.name}/${o.mode.name}`,
        metrics: aggregate(o.scored),
      })),
      opts.floor,
    );
    if (failure) {
      log(failure);
      return 1;
    }
    log(`eval: every run holds the floor`);
  }
  return 0;
}

runWhenExecuted(import.meta.url, "eval", async () => {
  try {
    process.exitCode = await main(process.argv);
  } catch (error) {
    // One line for the reason, one for its cause (a file that cannot be read, a bad JSON line).
    const cause = error instanceof Error && error.cause ? `: ${String(error.cause)}` : "";
    log(`eval: ${error instanceof Error ? error.message : String(error)}${cause}`);
    process.exitCode = 1;
  }
});
