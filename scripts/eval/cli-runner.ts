/**
 * Runs Verbatim through its command-line contract only (ARCHITECTURE.md, "Command-line contract"):
 * `src/cli/index.ts --corpus DIR --index DIR`, then `src/cli/ask.ts --batch FILE --json --k N`,
 * as child processes, and checks every output line against the contract.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { EvalQuestion } from "./score.js";

const ResultSchema = z.object({
  quote: z.string(),
  date: z.string(),
  speaker: z.string().nullish(),
  title: z.string().nullish(),
  source: z.string().nullish(),
  url: z.string().nullish(),
  docId: z.string(),
  score: z.number(),
  match: z.enum(["answer", "related"]),
});
const AnswerSchema = z.object({
  id: z.union([z.string(), z.number()]),
  question: z.string(),
  results: z.array(ResultSchema),
  tookMs: z.number(),
  /** A question the batch could not ask (empty, too long) carries its one-line reason. */
  error: z.string().optional(),
});
export type AskAnswer = z.infer<typeof AnswerSchema>;

/** A CLI command failed, or printed something that is not the contract's output. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    /** The command's standard error, for the log. */
    readonly stderr = "",
  ) {
    super(message);
  }
}

export interface CliRunner {
  root: string;
  /** Environment of the child processes (EMBEDDING_MODEL is set per mode). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Stream the children's standard error. */
  verbose: boolean;
  /** Set for a model mode: a "keyword search only" warning then means the model was not used. */
  requireModel: boolean;
}

/** An argument as one would type it in a shell, for error messages. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs `node --import tsx SCRIPT ARGS` in the project root; resolves with standard output. */
function runScript(runner: CliRunner, label: string, script: string, args: string[]) {
  const shown = `tsx ${script} ${args.map(shellWord).join(" ")}`;
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: runner.root,
      env: runner.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      err.push(chunk);
      if (runner.verbose) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), runner.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new CliError(`${label}: could not start \`${shown}\`: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString("utf8");
      if (code !== 0) {
        const why = signal
          ? `was killed (${signal}${signal === "SIGTERM" ? ", timeout?" : ""})`
          : `exited with ${code}`;
        reject(new CliError(`${label}: \`${shown}\` ${why}`, stderr));
        return;
      }
      const fallback = stderr.split("\n").find((line) => /keyword search only/i.test(line));
      if (runner.requireModel && fallback) {
        reject(new CliError(`${label}: the model was not used: ${fallback.trim()}`));
        return;
      }
      resolve(Buffer.concat(out).toString("utf8"));
    });
  });
}

/** Builds an index of `corpusDir` in `indexDir`; resolves with the seconds it took. */
export async function indexCorpus(
  runner: CliRunner,
  label: string,
  corpusDir: string,
  indexDir: string,
): Promise<number> {
  const started = performance.now();
  await runScript(runner, `${label} index`, "src/cli/index.ts", [
    "--corpus",
    corpusDir,
    "--index",
    indexDir,
  ]);
  return (performance.now() - started) / 1000;
}

/** Parses one JSONL line of `ask --batch --json`. */
export function parseAnswerLine(label: string, line: string): AskAnswer {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new CliError(
      `${label}: an output line is not JSON: ${line.slice(0, 200)}`,
      String(error),
    );
  }
  const parsed = AnswerSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new CliError(
      `${label}: an output line breaks the contract (${problems}): ${line.slice(0, 200)}`,
    );
  }
  return parsed.data;
}

/** Asks every question in one `--batch` run; resolves with the answers by question id. */
export async function askBatch(
  runner: CliRunner,
  label: string,
  indexDir: string,
  questions: readonly EvalQuestion[],
  k: number,
  workDir: string,
): Promise<Map<string, AskAnswer>> {
  const batchFile = path.join(workDir, "questions.jsonl");
  fs.writeFileSync(
    batchFile,
    questions.map((q) => JSON.stringify({ id: q.id, question: q.question })).join("\n") + "\n",
  );
  const command = `${label} ask --batch`;
  const stdout = await runScript(runner, command, "src/cli/ask.ts", [
    "--index",
    indexDir,
    "--batch",
    batchFile,
    "--json",
    "--k",
    String(k),
  ]);
  const answers = new Map<string, AskAnswer>();
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    const answer = parseAnswerLine(command, line);
    answers.set(String(answer.id), answer);
  }
  const missing = questions.filter((q) => !answers.has(q.id)).map((q) => q.id);
  if (missing.length > 0) {
    throw new CliError(
      `${command}: no output line for ${missing.length} question(s): ${missing.slice(0, 10).join(", ")}`,
    );
  }
  return answers;
}
