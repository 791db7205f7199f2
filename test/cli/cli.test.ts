/** The command-line contract, end to end: real processes, the generated test model, no network. */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { testModelEnv } from "../setup/global.js";
import { statementFile, tempDir, writeFiles } from "../helpers.js";

const run = promisify(execFile);
const SEED = "000_907870b53d1c0730.txt";

let root: string;
let env: NodeJS.ProcessEnv;

// The child processes get the same network block as the tests themselves.
const nodeArgs = (script: string) => [
  "--import",
  "tsx",
  "--import",
  path.resolve("test/setup/no-network.mjs"),
  `src/cli/${script}.ts`,
];

function cli(script: "ask" | "index", args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, [...nodeArgs(script), ...args], {
    env: { ...env, ...extraEnv },
    timeout: 60_000,
  });
}

beforeAll(async () => {
  root = await tempDir("verbatim-cli-");
  const corpus = path.join(root, "corpus");
  await writeFiles(corpus, {
    "later.txt": statementFile(
      "2026-02-01",
      "Minister Lena Ortiz said that 3,950 Azerbaijani citizens are still missing today.",
    ),
    "budget.md":
      "---\ntitle: Budget\ndate: 2024-02-01\nspeaker: Omar Haddad\n---\nHealth spending rose to 12 per cent of the budget.",
    "broken.md": "---\ntitle: [oops\ndate: 2024-02-01\n---\nBody.",
  });
  await copyFile(path.resolve("corpus", SEED), path.join(corpus, SEED));
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CORPUS_DIR: corpus,
    INDEX_DIR: path.join(root, "index"),
    DATA_DIR: path.join(root, "data"),
    ...testModelEnv(),
  };
});

describe("npm run index / npm run ask", () => {
  it("builds the index on first ask and answers the seed question with the seed's passage and date", async () => {
    const { stdout, stderr } = await cli("ask", [
      "--json",
      "--until",
      "2025-12-31",
      "how many are still missing?",
    ]);
    expect(stderr).toContain("building it from");
    const answer = JSON.parse(stdout) as { results: Array<Record<string, unknown>> };
    expect(answer.results[0]).toMatchObject({
      quote: "Nearly 4,000 Azerbaijani citizens are still missing.",
      date: "2025-07-01",
      speaker: "Tofig Musayev",
      source: "Trend",
      docId: SEED,
    });
  });

  it("puts the most recent figure first for a 'still' question", async () => {
    const { stdout } = await cli("ask", ["--json", "how many citizens are still missing?"]);
    const dates = (JSON.parse(stdout) as { results: Array<{ date: string }> }).results.map(
      (r) => r.date,
    );
    expect(dates.slice(0, 2)).toEqual(["2026-02-01", "2025-07-01"]);
  });

  it("reports skipped files in the summary and re-embeds nothing when nothing changed", async () => {
    const { stdout } = await cli("index", []);
    expect(stdout).toContain("Embedded 0 chunks");
    expect(stdout).toContain("broken.md:3: front matter is not valid YAML");
  });

  it("answers a statement added to the corpus at the next ask, updating the index first", async () => {
    const corpus = path.join(root, "corpus-growing");
    const extra = { CORPUS_DIR: corpus, INDEX_DIR: path.join(root, "index-growing") };
    await writeFiles(corpus, {
      "budget.md":
        "---\ntitle: Budget\ndate: 2024-02-01\nspeaker: Omar Haddad\n---\nHealth spending rose to 12 per cent of the budget.",
    });
    await cli("ask", ["health spending"], extra);
    await writeFiles(corpus, {
      "ferries.txt": statementFile(
        "2024-05-01",
        "The ministry said 12 ferries resumed service on the lake.",
      ),
    });
    const { stdout, stderr } = await cli(
      "ask",
      ["--json", "how many ferries resumed service?"],
      extra,
    );
    expect(stderr).toContain(
      `The corpus in ${corpus} has 1 new or changed statement since the index was built: updating the index first.\n`,
    );
    expect(stderr).toMatch(
      /^Indexed 2 statements \(2 chunks\) from 2 files in .*\n {2}Embedded 1 chunk, reused 1,/m,
    );
    const results = (JSON.parse(stdout) as { results: Array<{ docId: string; quote: string }> })
      .results;
    expect(results[0]).toMatchObject({ docId: "ferries.txt" });
    expect(results[0]!.quote).toContain("12 ferries resumed service");

    // Up to date: not a word on standard error.
    const again = await cli("ask", ["--json", "how many ferries resumed service?"], extra);
    expect(again.stderr).toBe("");

    // Without the index's model, the index is not rebuilt behind the user's back: it says so.
    await writeFiles(corpus, {
      "mines.txt": statementFile("2024-06-01", "Deminers cleared 300 mines near the river."),
    });
    const keyword = await cli("ask", ["--json", "mines cleared"], {
      ...extra,
      EMBEDDING_MODEL: "none",
    });
    expect(keyword.stderr).toMatch(
      /^verbatim: warning: The corpus in .* has 1 new or changed statement since the index was built, but the index's model \(local:verbatim-test@\w+\) is not the one loaded \(none\): answering from the index as it is; run npm run index to rebuild it$/m,
    );
    expect(keyword.stdout).not.toContain("mines.txt");
  });

  it("brings the index up to date with --corpus DIR when an index exists", async () => {
    const first = path.join(root, "corpus-first");
    const second = path.join(root, "corpus-second");
    const extra = { CORPUS_DIR: first, INDEX_DIR: path.join(root, "index-moved") };
    await writeFiles(first, {
      "a.txt": statementFile("2024-01-01", "The ministry said 40 schools reopened."),
    });
    await writeFiles(second, {
      "b.txt": statementFile("2024-02-01", "The envoy said 900 hectares were cleared."),
    });
    await cli("index", [], extra);
    const { stdout, stderr } = await cli(
      "ask",
      ["--json", "--corpus", second, "how many hectares were cleared?"],
      extra,
    );
    expect(stderr).toContain(
      `The corpus in ${second} has 1 new or changed statement and 1 removed statement since the index was built (the index was built from ${first}): updating the index first.`,
    );
    expect((JSON.parse(stdout) as { results: Array<{ docId: string }> }).results[0]!.docId).toBe(
      "b.txt",
    );
    // The index now follows the folder it was last built from.
    expect((await cli("ask", ["--json", "hectares"], extra)).stderr).toBe("");
  });

  it("with --strict, exits 1 in one line when a file is skipped, after naming each problem", async () => {
    const failure = await cli("index", ["--strict"]).catch(
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1, stdout: "" });
    const lines = (failure as { stderr: string }).stderr.trim().split("\n");
    expect(lines).toContainEqual(
      expect.stringMatching(/^verbatim: skipped: broken\.md:3: front matter is not valid YAML/),
    );
    expect(lines.at(-1)).toBe(
      "verbatim: --strict: 1 file of the corpus has problems (listed above), so the index was not updated: fix it, or index without --strict to skip it.",
    );
  });

  it("warns on standard error about a statement dated in the future, and indexes it", async () => {
    const corpus = path.join(root, "corpus-future");
    await writeFiles(corpus, {
      "typo.txt": statementFile("2099-07-01", "The ministry said 12 ferries resumed service."),
    });
    const { stdout, stderr } = await cli("index", [
      "--corpus",
      corpus,
      "--index",
      path.join(root, "index-future"),
    ]);
    expect(stderr).toMatch(
      /^verbatim: warning: typo\.txt: dated 2099-07-01, after today \(\d{4}-\d{2}-\d{2}\); indexed anyway, check the date$/m,
    );
    expect(stdout).toMatch(/^Indexed 1 statement \(1 chunk\) from 1 file in/);
    expect(stdout).not.toContain("2099");
  });

  it("answers a batch as JSONL in the contract's shape, with no answer when nothing answers", async () => {
    const batch = path.join(root, "batch.jsonl");
    await writeFile(
      batch,
      [
        JSON.stringify({ id: "a", question: "health spending" }),
        JSON.stringify({ id: "b", question: "volcanic eruptions on Jupiter" }),
      ].join("\n"),
    );
    const { stdout } = await cli("ask", ["--batch", batch, "--json"]);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(["a", "b"]);
    expect(Object.keys(lines[0]!).sort()).toEqual(["id", "question", "results", "tookMs"]);
    const first = (lines[0]!.results as Array<Record<string, unknown>>)[0]!;
    expect(Object.keys(first).sort()).toEqual([
      "date",
      "docId",
      "match",
      "quote",
      "score",
      "source",
      "speaker",
      "title",
      "url",
    ]);
    expect(first.docId).toBe("budget.md");
    expect(first.match).toBe("answer");
    // Nothing answers: at most the closest passages, each marked related.
    const unanswered = lines[1]!.results as Array<Record<string, unknown>>;
    expect(unanswered.every((r) => r.match === "related")).toBe(true);
  });

  it("treats a question of zero-width characters or punctuation alone as empty", async () => {
    const failure = await cli("ask", ["\u200b\u200d"]).catch(
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1, stdout: "" });
    expect((failure as { stderr: string }).stderr).toBe(
      'verbatim: No question given: npm run ask -- "how many are still missing?"\n',
    );
    const lines = path.join(root, "invisible.txt");
    await writeFile(lines, "health spending\n\u200b\u2060\n?!\nvolcanic eruptions on Jupiter\n");
    const { stdout } = await cli("ask", ["--batch", lines, "--json"]);
    const questions = stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { id: string; question: string }).question);
    expect(questions).toEqual(["health spending", "volcanic eruptions on Jupiter"]);
    const records = path.join(root, "invisible.jsonl");
    await writeFile(records, `${JSON.stringify({ id: "z", question: "\u200b" })}\n`);
    const bad = await cli("ask", ["--batch", records, "--json"]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toBe(
      `verbatim: ${records}:1: "question" is missing or empty\n`,
    );
  });

  it("says plainly when nothing answers, with exit status 0", async () => {
    const { stdout } = await cli("ask", ["volcanic eruptions on Jupiter"]);
    expect(stdout).toMatch(
      /^Nothing answers “volcanic eruptions on Jupiter” directly\. Closest passages:\n\n1\. “/,
    );
    const none = await cli("ask", ["--until", "2000-01-01", "health spending"]);
    expect(none.stdout).toBe("No statement answers “health spending” (until 2000-01-01).\n");
  });

  it("exits 1 with a one-line reason for a bad date", async () => {
    const failure = await cli("ask", ["--since", "2024-02-30", "missing"]).catch(
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1, stdout: "" });
    expect((failure as { stderr: string }).stderr).toBe(
      'verbatim: since: date "2024-02-30" is not a real calendar date; use YYYY-MM-DD, for example 2024-03-01.\n',
    );
  });

  it("falls back to keyword search when the model cannot be downloaded: one line, once, then no network for an hour", async () => {
    const cache = path.join(root, "empty-cache");
    const attempts = path.join(root, "network-attempts.txt");
    const extra = {
      EMBEDDING_MODEL: "Xenova/all-MiniLM-L6-v2",
      MODEL_CACHE_DIR: cache,
      INDEX_DIR: path.join(root, "index-keyword"),
      VERBATIM_TEST_NETWORK_LOG: attempts,
    };
    const tries = async () =>
      (await readFile(attempts, "utf8").catch(() => "")).split("\n").length - 1;
    const first = await cli("ask", ["--json", "health spending"], extra);
    const said = first.stderr.split("\n").filter((line) => line.includes("not downloaded"));
    expect(said).toEqual([
      `verbatim: keyword search only: Xenova/all-MiniLM-L6-v2 not downloaded (Network access to huggingface.co is blocked in tests.), next try in 1 h; offline server: npm run model:download elsewhere, copy ${cache} here.`,
    ]);
    expect(
      (JSON.parse(first.stdout) as { results: Array<{ docId: string }> }).results[0]!.docId,
    ).toBe("budget.md");
    const marker = path.join(cache, "verbatim-download-failed.json");
    const failure = JSON.parse(await readFile(marker, "utf8")) as { at: string };
    expect(failure).toEqual({
      model: "Xenova/all-MiniLM-L6-v2",
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      reason: "Network access to huggingface.co is blocked in tests.",
    });
    expect(Date.now() - Date.parse(failure.at)).toBeLessThan(60_000);
    const triedFirst = await tries();
    expect(triedFirst).toBeGreaterThan(0);

    // Within the hour: not a word, and not a connection.
    const second = await cli("ask", ["--json", "health spending"], extra);
    expect(second.stderr).toBe("");
    expect(await tries()).toBe(triedFirst);
    expect((JSON.parse(second.stdout) as { results: unknown[] }).results.length).toBeGreaterThan(0);

    // An hour later the network is tried again, and the failure said again.
    const earlier = new Date(Date.now() - 61 * 60_000).toISOString();
    await writeFile(marker, JSON.stringify({ ...failure, at: earlier }));
    const third = await cli("ask", ["--json", "health spending"], extra);
    expect(third.stderr).toContain("not downloaded (Network access to huggingface.co");
    expect(await tries()).toBeGreaterThan(triedFirst);
  });
});

describe("npm run index killed with SIGKILL", () => {
  it("leaves the previous index answering, and the next run takes the lock over at once", async () => {
    const indexDir = path.join(root, "index-killed");
    const extra = { INDEX_DIR: indexDir };
    await cli("index", [], extra);
    const published = await readFile(path.join(indexDir, "CURRENT"), "utf8");
    // Enough new statements that the build is still running when it is killed.
    const many = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({
        id: `s${i}`,
        date: "2025-01-01",
        text: `Statement ${i} said that ${i * 7} families returned to the northern villages.`,
      }),
    );
    await writeFile(path.join(env.CORPUS_DIR!, "many.jsonl"), many.join("\n"));
    try {
      // Killed as soon as it says it took the lock and is reading, is embedding, is building the
      // vector index: from the handler that reads its progress, so it gets no further.
      for (const moment of ["Reading corpus", "Embedding chunks", "Building vector index"]) {
        const child = spawn(process.execPath, nodeArgs("index"), {
          env: { ...env, ...extra },
          stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes(moment)) child.kill("SIGKILL");
        });
        expect(await once(child, "exit"), stderr).toEqual([null, "SIGKILL"]);
        expect(await readFile(path.join(indexDir, "CURRENT"), "utf8")).toBe(published);
        // The index as it was published answers (--no-update: not the 3000 new statements first).
        const { stdout, stderr: said } = await cli(
          "ask",
          ["--json", "--no-update", "health spending"],
          extra,
        );
        expect(
          (JSON.parse(stdout) as { results: Array<{ docId: string }> }).results[0]!.docId,
        ).toBe("budget.md");
        expect(said).toBe(
          `verbatim: warning: The corpus in ${env.CORPUS_DIR} has 3000 new or changed statements since the index was built: answering from the index as it is (--no-update); npm run index updates it\n`,
        );
      }
      const { stdout, stderr } = await cli("index", [], extra);
      expect(stderr).toMatch(
        /^verbatim: warning: Took over the index lock in .* from npm run index \(pid \d+ on [^,]+, started [^)]+\): process \d+ is no longer running\.$/m,
      );
      expect(stdout).toContain("Indexed 3003 statements");
    } finally {
      await rm(path.join(env.CORPUS_DIR!, "many.jsonl"), { force: true });
    }
  }, 120_000);
});
