/** `npx verbatim ...`, as a user runs it: standard output holds the command's output and nothing else. */
import { execFile } from "node:child_process";
import { copyFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { testModelEnv } from "../setup/global.js";
import { statementFile, tempDir, writeFiles } from "../helpers.js";

const run = promisify(execFile);
const SEED = "000_907870b53d1c0730.txt";

let root: string;
let env: NodeJS.ProcessEnv;

/** npx, with npm's own cache in the test's folder and the network blocked for npm and the command. */
function npx(args: string[]) {
  return run("npx", ["verbatim", ...args], { env, timeout: 90_000 });
}

type Failure = { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  root = await tempDir("verbatim-bin-");
  const corpus = path.join(root, "corpus");
  await writeFiles(corpus, {
    "budget.md":
      "---\ntitle: Budget\ndate: 2024-02-01\nspeaker: Omar Haddad\n---\nHealth spending rose to 12 per cent of the budget.",
    "later.txt": statementFile(
      "2026-02-01",
      "Minister Lena Ortiz said that 3,950 Azerbaijani citizens are still missing today.",
    ),
  });
  await copyFile(path.resolve("corpus", SEED), path.join(corpus, SEED));
  env = {
    PATH: process.env.PATH,
    HOME: root,
    npm_config_cache: path.join(root, "npm-cache"),
    npm_config_update_notifier: "false",
    NODE_OPTIONS: `--import ${path.resolve("test/setup/no-network.mjs")}`,
    CORPUS_DIR: corpus,
    INDEX_DIR: path.join(root, "index"),
    DATA_DIR: path.join(root, "data"),
    ...testModelEnv(),
  };
});

describe("npx verbatim", () => {
  it("ask --json prints one JSON object on standard output and nothing else", async () => {
    const { stdout, stderr } = await npx(["ask", "--json", "how many are still missing?"]);
    expect(stdout.endsWith("}\n")).toBe(true);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    const answer = JSON.parse(stdout) as { question: string; results: Array<{ docId: string }> };
    expect(answer.question).toBe("how many are still missing?");
    expect(answer.results.map((r) => r.docId)).toContain(SEED);
    // The first ask built the index, and said so where it belongs.
    expect(stderr).toContain("building it from");
    expect(stderr).not.toContain("> verbatim");
  });

  it("index and trend work the same way", async () => {
    const index = await npx(["index"]);
    expect(index.stdout).toMatch(/^Indexed 3 statements \(\d+ chunks\) from 3 files in /);
    const trend = await npx(["trend", "--json", "how many citizens are still missing?"]);
    expect(Object.keys(JSON.parse(trend.stdout) as object)).toEqual([
      "question",
      "unit",
      "points",
      "other",
    ]);
  });

  it("--help lists the commands; an unknown command says so in one line", async () => {
    const { stdout } = await npx(["--help"]);
    for (const command of ["ask", "trend", "index", "model:download", "register", "backup"]) {
      expect(stdout).toMatch(new RegExp(`^  ${command} +\\S`, "m"));
    }
    const failure = (await npx(["asq", "x"]).catch((error: Failure) => error)) as Failure;
    expect(failure).toMatchObject({ code: 1, stdout: "" });
    expect(failure.stderr).toBe(
      'verbatim: unknown command "asq": use ask, trend, index, model:download, register, backup, preview (verbatim --help).\n',
    );
  });

  it("passes a command's errors through: one line, exit status 1", async () => {
    const failure = (await npx(["ask", "--k", "0", "x"]).catch(
      (error: Failure) => error,
    )) as Failure;
    expect(failure).toMatchObject({ code: 1, stdout: "" });
    expect(failure.stderr).toContain("--k must be a whole number from 1 to 50");
  });
});
