/**
 * `npm run trend` as a real process on a fixture corpus: five dated statements give the number of
 * people still missing in four phrasings, beside numbers that must not be read (years, dates,
 * ages, counts of other things, a budget, mine casualties).
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { testModelEnv } from "../setup/global.js";
import { tempDir } from "../helpers.js";

const run = promisify(execFile);
const CORPUS = path.resolve("test/fixtures/trend/missing");
const QUESTION = "how many people are still missing?";

let root: string;

function trend(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const noNetwork = path.resolve("test/setup/no-network.mjs");
  return run(
    process.execPath,
    ["--import", "tsx", "--import", noNetwork, "src/cli/trend.ts", ...args],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CORPUS_DIR: CORPUS,
        INDEX_DIR: path.join(root, "index"),
        DATA_DIR: path.join(root, "data"),
        ...testModelEnv(),
        ...extraEnv,
      },
      timeout: 60_000,
    },
  );
}

beforeAll(async () => {
  root = await tempDir("verbatim-trend-");
});

const FIVE = [
  // [date, value, text as written, qualifier, speaker]
  ["2019-03-14", 12_400, "12,400", null, "Anna Vidmar"],
  ["2020-06-02", 11_980, "11,980", null, "Pavel Dragan"],
  ["2021-08-30", 12_000, "Nearly twelve thousand", "nearly", "Nadia Ferrante"],
  ["2022-05-10", 11_900, "11,900", null, "Sofia Lindqvist"],
  ["2022-05-10", 11_800, "More than 11,800", "more than", "Daniel Okafor"],
];

interface JsonPoint {
  date: string;
  value: number;
  unit: string;
  qualifier: string | null;
  text: string;
  quote: string;
  docId: string;
  speaker: string;
}

describe("npm run trend", () => {
  it("lists the five figures with their dates and nothing unrelated (--json)", async () => {
    const { stdout, stderr } = await trend(["--json", QUESTION]);
    expect(stderr).toContain("building it from");
    const answer = JSON.parse(stdout) as {
      question: string;
      unit: string;
      points: JsonPoint[];
      other: JsonPoint[];
    };
    expect(Object.keys(answer)).toEqual(["question", "unit", "points", "other"]);
    expect(answer.question).toBe(QUESTION);
    expect(answer.unit).toBe("people");
    expect(answer.points.map((p) => [p.date, p.value, p.text, p.qualifier, p.speaker])).toEqual(
      FIVE,
    );
    expect(answer.other).toEqual([]);
    const [first] = answer.points;
    expect(Object.keys(first!)).toEqual([
      "date",
      "value",
      "unit",
      "qualifier",
      "text",
      "quote",
      "docId",
      "speaker",
    ]);
    expect(first).toMatchObject({
      unit: "people",
      docId: "2019-03-14_geneva_vidmar_missing.txt",
      quote:
        'As of 1 March 2019, 12,400 people remain missing, among them 1,100 children," Vidmar said.',
    });
    // Every quote is verbatim from its statement.
    for (const p of answer.points) {
      const file = p.docId.split("#")[0]!;
      const raw = await readFile(path.join(CORPUS, file), "utf8");
      expect(raw.includes(p.quote) || raw.includes(JSON.stringify(p.quote).slice(1, -1))).toBe(
        true,
      );
    }
  });

  it("gives the same five with keyword search only", async () => {
    const { stdout } = await trend(
      ["--json", "--index", path.join(root, "index-keyword"), QUESTION],
      {
        EMBEDDING_MODEL: "none",
      },
    );
    const answer = JSON.parse(stdout) as { points: JsonPoint[] };
    expect(answer.points.map((p) => [p.date, p.value])).toEqual(FIVE.map(([d, v]) => [d, v]));
  });

  it("writes the chart with --out and prints the numbered points as text", async () => {
    const out = path.join(root, "chart.png");
    const { stdout, stderr } = await trend(["--out", out, "--until", "2021-12-31", QUESTION]);
    expect(stdout.split("\n").slice(0, 3)).toEqual([
      "3 figures in people, oldest first:",
      "",
      "1. 2019-03-14  12,400 people  (“12,400”) · Anna Vidmar",
    ]);
    expect(stdout).toContain("3. 2021-08-30  ~12,000 people  (“Nearly twelve thousand”)");
    expect(stderr).toContain(`Chart written to ${out} (1100×620 px).`);
    const png = await readFile(out);
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1100, 620]);
  });

  it("writes no chart for figures from a single date, and says why on standard error", async () => {
    const out = path.join(root, "none.png");
    const { stdout, stderr } = await trend([
      "--json",
      "--out",
      out,
      "--since",
      "2022-01-01",
      "--until",
      "2022-12-31",
      QUESTION,
    ]);
    expect((JSON.parse(stdout) as { points: unknown[] }).points).toHaveLength(2);
    expect(stderr).toContain(
      `Not enough dated figures for a chart (2 found; a chart needs figures on at least two dates): ${out} not written.`,
    );
    await expect(readFile(out)).rejects.toThrow();
  });

  it("fails with one line naming what is wrong", async () => {
    await expect(trend([])).rejects.toMatchObject({
      code: 1,
      stderr:
        'verbatim: No question given: npm run trend -- "how many people are still missing?"\n',
    });
    await expect(trend(["--out", "chart.jpg", QUESTION])).rejects.toMatchObject({
      code: 1,
      stderr: 'verbatim: --out must name a .png file, got "chart.jpg".\n',
    });
  });
});
