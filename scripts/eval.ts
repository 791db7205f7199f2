/**
 * Retrieval quality, measured only through the command-line contract (docs: ARCHITECTURE.md):
 * builds an index of test/eval/corpus with `src/cli/index.ts`, asks every question of
 * test/eval/questions.jsonl with `src/cli/ask.ts --json`, and scores the answers against the
 * gold quotes. It runs keyword-only (EMBEDDING_MODEL=none), with the generated test model, and
 * optionally with a model given by `--model`.
 *
 *   npm run eval -- [--model Xenova/all-MiniLM-L6-v2] [--k 10] [--out docs/eval.md] [--no-write]
 *
 * Standard output: the markdown report (also written to docs/eval.md). Standard error: progress
 * and the missed questions. Exit 0 whatever the scores; 1 when a CLI command fails or breaks the
 * output contract.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import { z } from "zod";
import { QUESTION_KINDS, loadQuestions, readEvalCorpus } from "../test/eval/eval-data.js";
import type { EvalQuestion, GoldItem } from "../test/eval/eval-data.js";
import { writeTestModel } from "./make-test-model.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Ranks past this one do not count (MRR@10, and a hit at rank 11 is a miss). */
const RANK_CUTOFF = 10;
/** Shorter overlaps than this ("he said.") are not evidence that two quotes are the same passage. */
const MIN_OVERLAP_CHARS = 20;

// ---------------------------------------------------------------------------------------------
// The CLI's JSON output (ARCHITECTURE.md, "Command-line contract")
// ---------------------------------------------------------------------------------------------

const ResultSchema = z.object({
  quote: z.string(),
  date: z.string(),
  speaker: z.string().nullish(),
  title: z.string().nullish(),
  source: z.string().nullish(),
  url: z.string().nullish(),
  docId: z.string(),
  score: z.number(),
});
const AnswerSchema = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  question: z.string(),
  results: z.array(ResultSchema),
  tookMs: z.number(),
});
export type AskResultItem = z.infer<typeof ResultSchema>;
export type AskAnswer = z.infer<typeof AnswerSchema>;

/** A CLI command failed or printed something that is not the contract's JSON. */
class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring (pure)
// ---------------------------------------------------------------------------------------------

function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201B]/g, "'")
    .replace(/[\u201C\u201D\u201F]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** Drops quotation marks, brackets and final punctuation around a fragment. */
function trimFragment(text: string): string {
  return text.replace(/^[\s"'([]+/, "").replace(/[\s"')\],;:.!?]+$/, "");
}

/** Sentences of a quote, normalized; quotation marks around them do not matter. */
export function sentencesOf(text: string): string[] {
  return normalizeText(text)
    .split(/(?<=[.!?]["']?)\s+/)
    .map(trimFragment)
    .filter((s) => s.length >= MIN_OVERLAP_CHARS);
}

/** Quotes overlap when one contains the other or they share a sentence. */
export function quotesOverlap(a: string, b: string): boolean {
  const x = trimFragment(normalizeText(a));
  const y = trimFragment(normalizeText(b));
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  if (
    shorter.length > 0 &&
    (shorter === longer || (shorter.length >= MIN_OVERLAP_CHARS && longer.includes(shorter)))
  ) {
    return true;
  }
  const sentences = new Set(sentencesOf(a));
  return sentencesOf(b).some((s) => sentences.has(s));
}

export function matchesGold(
  result: Pick<AskResultItem, "docId" | "quote">,
  gold: GoldItem,
): boolean {
  return result.docId === gold.docId && quotesOverlap(result.quote, gold.quote);
}

export interface ScoredQuestion {
  question: EvalQuestion;
  results: AskResultItem[];
  /** 1-based rank of the first result matching a gold item (within the cutoff), or null. */
  rank: number | null;
  hit1: number;
  hit3: number;
  rr: number;
  tookMs: number;
}

export function scoreQuestion(question: EvalQuestion, answer: AskAnswer): ScoredQuestion {
  const results = answer.results;
  if (question.kind === "negative") {
    const refused = results.length === 0 ? 1 : 0;
    return {
      question,
      results,
      rank: null,
      hit1: refused,
      hit3: refused,
      rr: refused,
      tookMs: answer.tookMs,
    };
  }
  const index = results
    .slice(0, RANK_CUTOFF)
    .findIndex((r) => question.gold.some((g) => matchesGold(r, g)));
  const rank = index === -1 ? null : index + 1;
  return {
    question,
    results,
    rank,
    hit1: rank === 1 ? 1 : 0,
    hit3: rank !== null && rank <= 3 ? 1 : 0,
    rr: rank === null ? 0 : 1 / rank,
    tookMs: answer.tookMs,
  };
}

export interface Metrics {
  n: number;
  r1: number;
  r3: number;
  mrr: number;
}

export function aggregate(scored: ScoredQuestion[]): Metrics {
  const n = scored.length;
  const mean = (f: (s: ScoredQuestion) => number) =>
    n === 0 ? 0 : scored.reduce((a, s) => a + f(s), 0) / n;
  return { n, r1: mean((s) => s.hit1), r3: mean((s) => s.hit3), mrr: mean((s) => s.rr) };
}

// ---------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------

interface RunConfig {
  name: string;
  /** Value of EMBEDDING_MODEL for the child processes. */
  embeddingModel: string;
  /** What the report shows for EMBEDDING_MODEL (no machine-specific absolute paths). */
  shownModel: string;
}

interface RunOutcome {
  config: RunConfig;
  scored: ScoredQuestion[];
  indexSeconds: number;
  askSeconds: number;
}

interface CliOptions {
  timeoutMs: number;
  verbose: boolean;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** An argument as one would type it in a shell, for error messages. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function runCli(
  label: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: CliOptions,
): Promise<string> {
  const command = process.platform === "win32" ? "npx.cmd" : "npx";
  return new Promise((resolve, reject) => {
    const child = spawn(command, ["tsx", script, ...args], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32",
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      err.push(chunk);
      if (options.verbose) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new CliError(`${label}: could not start ${command} tsx ${script}: ${error.message}`, ""),
      );
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else {
        const why = signal
          ? `was killed (${signal}${signal === "SIGTERM" ? ", timeout?" : ""})`
          : `exited with ${code}`;
        reject(
          new CliError(
            `${label}: \`tsx ${script} ${args.map(shellWord).join(" ")}\` ${why}`,
            stderr,
          ),
        );
      }
    });
  });
}

function parseAnswer(label: string, text: string): AskAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`${label}: output is not JSON: ${text.slice(0, 200)}`, "");
  }
  const parsed = AnswerSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new CliError(
      `${label}: output does not follow the contract (${problems}): ${text.slice(0, 200)}`,
      "",
    );
  }
  return parsed.data;
}

async function runEvaluation(
  config: RunConfig,
  questions: EvalQuestion[],
  corpusDir: string,
  k: number,
  options: CliOptions,
): Promise<RunOutcome> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "verbatim-eval-"));
  const indexDir = path.join(work, "index");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDING_MODEL: config.embeddingModel,
    NO_COLOR: "1",
  };
  try {
    log(
      `[${config.name}] indexing ${path.relative(ROOT, corpusDir)} (EMBEDDING_MODEL=${config.shownModel})`,
    );
    let started = performance.now();
    await runCli(
      `${config.name} index`,
      "src/cli/index.ts",
      ["--corpus", corpusDir, "--index", indexDir],
      env,
      options,
    );
    const indexSeconds = (performance.now() - started) / 1000;

    const batch = questions.filter((q) => !q.filters);
    const filtered = questions.filter((q) => q.filters);
    log(
      `[${config.name}] asking ${batch.length} questions in one batch, ${filtered.length} with filters one by one`,
    );
    started = performance.now();
    const answers = new Map<string, AskAnswer>();

    const batchFile = path.join(work, "questions.jsonl");
    fs.writeFileSync(
      batchFile,
      batch.map((q) => JSON.stringify({ id: q.id, question: q.question })).join("\n") + "\n",
    );
    const label = `${config.name} ask --batch`;
    const stdout = await runCli(
      label,
      "src/cli/ask.ts",
      ["--index", indexDir, "--batch", batchFile, "--json", "--k", String(k)],
      env,
      options,
    );
    for (const line of stdout.split("\n")) {
      if (line.trim() === "") continue;
      const answer = parseAnswer(label, line);
      if (answer.id === null || answer.id === undefined)
        throw new CliError(`${label}: an output line has no id: ${line.slice(0, 200)}`, "");
      answers.set(String(answer.id), answer);
    }
    const missing = batch.filter((q) => !answers.has(q.id)).map((q) => q.id);
    if (missing.length > 0)
      throw new CliError(`${label}: no output line for ${missing.join(", ")}`, "");

    for (const q of filtered) {
      const args = ["--index", indexDir, "--json", "--k", String(k)];
      if (q.filters?.since) args.push("--since", q.filters.since);
      if (q.filters?.until) args.push("--until", q.filters.until);
      if (q.filters?.speaker) args.push("--speaker", q.filters.speaker);
      args.push(q.question);
      const single = `${config.name} ask ${q.id}`;
      answers.set(
        q.id,
        parseAnswer(single, (await runCli(single, "src/cli/ask.ts", args, env, options)).trim()),
      );
    }
    const askSeconds = (performance.now() - started) / 1000;

    const scored = questions.map((q) => {
      const answer = answers.get(q.id);
      if (!answer) throw new CliError(`${config.name}: no answer for ${q.id}`, "");
      return scoreQuestion(q, answer);
    });
    return { config, scored, indexSeconds, askSeconds };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const dec = (x: number) => x.toFixed(3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const align = header.map((_, i) => (i === 0 ? "---" : "---:"));
  return [line(header), line(align), ...rows.map(line)].join("\n");
}

function renderReport(
  outcomes: RunOutcome[],
  questions: EvalQuestion[],
  meta: {
    date: string;
    commit: string;
    corpus: string;
    corpusStatements: number;
    questionsFile: string;
    k: number;
  },
): string {
  const kindCounts = QUESTION_KINDS.map(
    (kind) => `${kind} ${questions.filter((q) => q.kind === kind).length}`,
  );
  const lines: string[] = [
    "# Retrieval evaluation",
    "",
    `- Date: ${meta.date}`,
    `- Commit: ${meta.commit}`,
    `- Corpus: \`${meta.corpus}\` (${meta.corpusStatements} statements)`,
    `- Questions: \`${meta.questionsFile}\` (${questions.length}: ${kindCounts.join(", ")})`,
    `- Asked with \`src/cli/ask.ts --json --k ${meta.k}\` (one \`--batch\` for questions without filters, one call each with \`--since/--until/--speaker\` for the others)`,
    `- Runs: ${outcomes.map((o) => `**${o.config.name}** (\`EMBEDDING_MODEL=${o.config.shownModel}\`)`).join("; ")}`,
    `- A result matches a gold quote when the docId is the same and the quotes overlap (one contains the other, or they share a sentence). MRR counts the first ${RANK_CUTOFF} results. A negative question (nothing in the corpus answers it) scores 1 on every metric when the results are empty, else 0.`,
    "",
    "## Summary",
    "",
  ];
  lines.push(
    table(
      [
        "run",
        "R@1",
        "R@3",
        `MRR@${RANK_CUTOFF}`,
        "answerable R@3",
        "correct refusals",
        "false refusals",
        "index s",
        "ask s (all)",
        "ask ms (median)",
      ],
      outcomes.map((o) => {
        const all = aggregate(o.scored);
        const answerable = o.scored.filter((s) => s.question.kind !== "negative");
        const negatives = o.scored.filter((s) => s.question.kind === "negative");
        const refused = negatives.filter((s) => s.results.length === 0).length;
        const falseRefusals = answerable.filter((s) => s.results.length === 0).length;
        return [
          o.config.name,
          pct(all.r1),
          pct(all.r3),
          dec(all.mrr),
          pct(aggregate(answerable).r3),
          `${refused}/${negatives.length}`,
          `${falseRefusals}/${answerable.length}`,
          o.indexSeconds.toFixed(1),
          o.askSeconds.toFixed(1),
          median(o.scored.map((s) => s.tookMs)).toFixed(0),
        ];
      }),
    ),
    "",
    "## By kind",
    "",
  );
  const header = ["kind", "n"];
  for (const o of outcomes)
    header.push(`${o.config.name} R@1`, `${o.config.name} R@3`, `${o.config.name} MRR`);
  const groups: Array<[string, (q: EvalQuestion) => boolean]> = [
    ...QUESTION_KINDS.map((kind): [string, (q: EvalQuestion) => boolean] => [
      kind,
      (q) => q.kind === kind,
    ]),
    ["answerable", (q) => q.kind !== "negative"],
    ["**overall**", () => true],
  ];
  const rows = groups.map(([name, keep]) => {
    const row = [name, String(questions.filter(keep).length)];
    for (const o of outcomes) {
      const m = aggregate(o.scored.filter((s) => keep(s.question)));
      row.push(pct(m.r1), pct(m.r3), dec(m.mrr));
    }
    return row;
  });
  lines.push(table(header, rows), "");
  return lines.join("\n");
}

function describeFirst(s: ScoredQuestion): string {
  const first = s.results[0];
  if (!first) return "(no results)";
  const quote = first.quote.replace(/\s+/g, " ");
  return `${first.docId} ${first.date}: "${quote.length > 140 ? `${quote.slice(0, 140)}…` : quote}"`;
}

function printMisses(outcome: RunOutcome): void {
  const misses = outcome.scored.filter((s) => s.hit1 === 0);
  log(`\n[${outcome.config.name}] ${misses.length} question(s) not answered at rank 1:`);
  for (const s of misses) {
    const q = s.question;
    const got = s.rank === null ? "not in top 10" : `found at rank ${s.rank}`;
    const detail = q.kind === "negative" ? "expected no results" : got;
    log(`  ${q.id} [${q.kind}] ${q.question} (${detail})`);
    log(`      first: ${describeFirst(s)}`);
  }
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
    return "unknown (no commit yet or not a git checkout)";
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50)
    throw new InvalidArgumentError("expected an integer from 1 to 50");
  return n;
}

interface EvalOptions {
  corpus: string;
  questions: string;
  k: number;
  model?: string;
  out: string;
  write: boolean;
  timeout: number;
  verbose: boolean;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("eval")
    .description(
      "Measure retrieval quality through the CLI contract (keyword-only, test model, optional --model).",
    )
    .option("--corpus <dir>", "corpus to index", "test/eval/corpus")
    .option("--questions <file>", "questions with gold quotes (JSONL)", "test/eval/questions.jsonl")
    .option("--k <n>", "passages asked for per question", positiveInt, RANK_CUTOFF)
    .option("--model <id>", "also evaluate with this EMBEDDING_MODEL (hub id or local folder)")
    .option("--out <file>", "where to write the markdown report", "docs/eval.md")
    .option("--no-write", "print the report without writing --out")
    .option(
      "--timeout <seconds>",
      "give up on a CLI command after this long",
      positiveIntSeconds,
      900,
    )
    .option("--verbose", "stream the CLI's standard error", false)
    .parse(argv);
  const opts = program.opts<EvalOptions>();

  const corpusDir = path.resolve(ROOT, opts.corpus);
  const questionsFile = path.resolve(ROOT, opts.questions);
  const questions = loadQuestions(questionsFile);
  const statements = readEvalCorpus(corpusDir);
  const cli: CliOptions = { timeoutMs: opts.timeout * 1000, verbose: opts.verbose };

  const testModelDir = path.join(ROOT, ".cache", "models", "verbatim-test");
  const runs: RunConfig[] = [
    { name: "keyword", embeddingModel: "none", shownModel: "none" },
    {
      name: "test-model",
      embeddingModel: testModelDir,
      shownModel: path.relative(ROOT, testModelDir),
    },
  ];
  if (opts.model)
    runs.push({ name: `model ${opts.model}`, embeddingModel: opts.model, shownModel: opts.model });

  const outcomes: RunOutcome[] = [];
  try {
    for (const run of runs) {
      if (run.name === "test-model") {
        log(`[test-model] writing ${path.relative(ROOT, testModelDir)}`);
        // The corpus and question words go into the generated WordPiece vocabulary, as a real
        // model's 30k-word vocabulary would cover them.
        const extraText = [
          ...statements.map((s) => s.body),
          ...questions.map((q) => q.question),
        ].join("\n");
        await writeTestModel(testModelDir, { extraText });
      }
      const outcome = await runEvaluation(run, questions, corpusDir, opts.k, cli);
      outcomes.push(outcome);
      printMisses(outcome);
    }
  } catch (error) {
    if (error instanceof CliError) {
      log(`\neval: ${error.message}`);
      if (error.stderr.trim()) log(error.stderr.trimEnd());
      return 1;
    }
    throw error;
  }

  const report = renderReport(outcomes, questions, {
    date: new Date().toISOString().slice(0, 10),
    commit: gitCommit(),
    corpus: path.relative(ROOT, corpusDir) || ".",
    corpusStatements: statements.length,
    questionsFile: path.relative(ROOT, questionsFile),
    k: opts.k,
  });
  process.stdout.write(`${report}\n`);
  if (opts.write) {
    const out = path.resolve(ROOT, opts.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${report}\n`);
    log(`\nwrote ${path.relative(ROOT, out)}`);
  }
  return 0;
}

function positiveIntSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number of seconds");
  return n;
}

const invokedDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      log(`eval: ${error instanceof Error ? error.message : String(error)}`);
      if (error instanceof Error && error.cause) log(`  cause: ${String(error.cause)}`);
      process.exitCode = 1;
    },
  );
}
