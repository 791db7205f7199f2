/**
 * The evaluation sets point at real sentences, as the project itself reads the corpus: every gold
 * statement is a docId the real corpus reader (src/retrieval/corpus/read.ts) produces, its quote an
 * exact substring of that statement's text, its date the statement's date; the unseen set's
 * dev/test split follows its README's hash rule. Every check counts what it checked, so none can
 * pass by checking nothing.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readCorpus } from "../../src/retrieval/corpus/read.js";
import type { Statement } from "../../src/retrieval/types.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const KINDS = new Set([
  "lexical",
  "paraphrase",
  "numeric",
  "latest",
  "date",
  "who",
  "when",
  "where",
  "speaker",
  "negative",
]);

interface RawQuestion {
  id: string;
  question: string;
  kind: string;
  gold_file: string | null;
  gold_quote: string | null;
  gold_date: string | null;
}

function readJsonl(file: string): RawQuestion[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RawQuestion);
}

/** README: a question is in dev.jsonl iff int(sha256(id).hexdigest(), 16) % 100 < 40. */
function inDev(id: string): boolean {
  return BigInt(`0x${createHash("sha256").update(id).digest("hex")}`) % 100n < 40n;
}

interface GoldCheck {
  /** What is wrong with a question's gold, one line each. */
  problems: string[];
  /**
   * Questions whose gold sentence opens with the statement's dateline ("MARROWBY, March 10, 2021
   * —"): the reader keeps a leading dateline apart (`Statement.dateline`), so such a sentence is
   * the dateline followed by the opening of `text`, not a substring of `text`. Scoring still holds
   * (the dateline is a few of the sentence's words; 80% of them are needed), but these are listed
   * so that none passes unnoticed.
   */
  afterDateline: string[];
  checked: number;
}

function checkGold(questions: RawQuestion[], statements: Map<string, Statement>): GoldCheck {
  const check: GoldCheck = { problems: [], afterDateline: [], checked: 0 };
  for (const q of questions) {
    if (q.kind === "negative") continue;
    check.checked++;
    const statement = q.gold_file === null ? undefined : statements.get(q.gold_file);
    if (!statement) {
      check.problems.push(`${q.id}: gold_file ${q.gold_file} is not a docId of the corpus`);
      continue;
    }
    const quote = q.gold_quote ?? "";
    const { dateline, text } = statement;
    if (
      dateline &&
      quote.startsWith(dateline) &&
      text.startsWith(quote.slice(dateline.length).trimStart())
    )
      check.afterDateline.push(q.id);
    else if (quote === "" || !text.includes(quote))
      check.problems.push(`${q.id}: gold_quote is not in the text of ${q.gold_file}`);
    if (q.gold_date !== statement.date)
      check.problems.push(
        `${q.id}: gold_date ${q.gold_date} but ${q.gold_file} is dated ${statement.date}`,
      );
  }
  return check;
}

describe("the unseen evaluation set (test/eval/unseen)", () => {
  const dir = path.join(HERE, "unseen");
  const dev = readJsonl(path.join(dir, "dev.jsonl"));
  const test = readJsonl(path.join(dir, "test.jsonl"));
  const all = [...dev, ...test];
  let statements: Map<string, Statement>;

  beforeAll(async () => {
    const read = await readCorpus(path.join(dir, "corpus"));
    expect(read.skipped.map((s) => s.message)).toEqual([]);
    statements = new Map(read.statements.map((s) => [s.docId, s]));
  });

  it("has the README's counts: 70 statements, 151 dev and 234 test questions", () => {
    expect(statements.size).toBe(70);
    expect(dev).toHaveLength(151);
    expect(test).toHaveLength(234);
  });

  it("has unique ids, known kinds and a non-empty question each", () => {
    expect(new Set(all.map((q) => q.id)).size).toBe(385);
    expect(all.filter((q) => !KINDS.has(q.kind)).map((q) => q.id)).toEqual([]);
    expect(all.filter((q) => q.question.trim() === "").map((q) => q.id)).toEqual([]);
  });

  it("splits dev and test by the README's hash rule", () => {
    expect(dev.filter((q) => !inDev(q.id)).map((q) => q.id)).toEqual([]);
    expect(test.filter((q) => inDev(q.id)).map((q) => q.id)).toEqual([]);
  });

  it("gives negatives no gold, and every other question all three gold fields", () => {
    const negatives = all.filter((q) => q.kind === "negative");
    expect(negatives).toHaveLength(41);
    const withGold = negatives.filter(
      (q) => q.gold_file !== null || q.gold_quote !== null || q.gold_date !== null,
    );
    expect(withGold.map((q) => q.id)).toEqual([]);
  });

  it("points every answerable question at a sentence of the statement, with its date", () => {
    const answerable = all.filter((q) => q.kind !== "negative");
    expect(answerable).toHaveLength(344);
    const check = checkGold(answerable, statements);
    expect(check.checked).toBe(344);
    expect(check.problems).toEqual([]);
    // The one gold sentence that opens with a dateline (dev): see GoldCheck.afterDateline.
    expect(check.afterDateline).toEqual(["u070"]);
    // Every statement is gold for at least one question (README).
    expect(new Set(answerable.map((q) => q.gold_file)).size).toBe(70);
  });
});

describe("the vendored SQuAD set (test/eval/squad)", () => {
  const dir = path.join(HERE, "squad");
  const questions = readJsonl(path.join(dir, "questions.jsonl"));
  let statements: Map<string, Statement>;

  beforeAll(async () => {
    const read = await readCorpus(path.join(dir, "corpus"));
    expect(read.skipped.map((s) => s.message)).toEqual([]);
    statements = new Map(read.statements.map((s) => [s.docId, s]));
  });

  it("is the copy its README names (sha256 of both files)", () => {
    const readme = readFileSync(path.join(dir, "README.md"), "utf8");
    const listed = [...readme.matchAll(/^([0-9a-f]{64}) {2}(\S+)$/gm)];
    expect(listed.map((m) => m[2])).toEqual(["corpus/squad-v1.1-dev.jsonl", "questions.jsonl"]);
    for (const [, hash, file] of listed) {
      const bytes = readFileSync(path.join(dir, file ?? ""));
      expect(createHash("sha256").update(bytes).digest("hex"), file).toBe(hash);
    }
  });

  it("has 150 statements and 637 questions with unique ids", () => {
    expect(statements.size).toBe(150);
    expect(questions).toHaveLength(637);
    expect(new Set(questions.map((q) => q.id)).size).toBe(637);
  });

  it("points every question at a sentence of its paragraph, with its date", () => {
    expect(questions.filter((q) => q.kind !== "external").map((q) => q.id)).toEqual([]);
    const check = checkGold(questions, statements);
    expect(check.checked).toBe(637);
    expect(check.problems).toEqual([]);
    expect(check.afterDateline).toEqual([]);
  });
});
