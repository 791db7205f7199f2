/**
 * The question sets the evaluation knows, and reading their questions (the held-out scorer's
 * format: `{"id","question","kind","gold_file","gold_quote","gold_date"}`, gold null for
 * negatives; other fields are ignored).
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { NEGATIVE, type EvalQuestion } from "./score.js";

export const SET_NAMES = ["test", "dev", "squad"] as const;
export type SetName = (typeof SET_NAMES)[number];

export interface EvalSet {
  name: SetName;
  /** Relative to the project root. */
  corpusDir: string;
  questionsFile: string;
  description: string;
}

export const SETS: Record<SetName, EvalSet> = {
  test: {
    name: "test",
    corpusDir: "test/eval/unseen/corpus",
    questionsFile: "test/eval/unseen/test.jsonl",
    description: "unseen set, test split (written apart from the ranking; report this one)",
  },
  dev: {
    name: "dev",
    corpusDir: "test/eval/unseen/corpus",
    questionsFile: "test/eval/unseen/dev.jsonl",
    description: "unseen set, dev split (for looking at failures and tuning)",
  },
  squad: {
    name: "squad",
    corpusDir: "test/eval/squad/corpus",
    questionsFile: "test/eval/squad/questions.jsonl",
    description: "SQuAD v1.1 dev, 10 Wikipedia articles (public; crowd-written questions)",
  },
};

const QuestionLine = z
  .object({
    id: z.string().min(1),
    question: z.string().min(1),
    kind: z.string().min(1),
    gold_file: z.string().min(1).nullable(),
    gold_quote: z.string().min(1).nullable(),
    gold_date: z.string().nullable(),
  })
  .refine(
    (q) =>
      q.kind === NEGATIVE
        ? q.gold_file === null && q.gold_quote === null && q.gold_date === null
        : q.gold_file !== null && q.gold_quote !== null && q.gold_date !== null,
    {
      message:
        "a negative has null gold_file, gold_quote and gold_date; any other kind has all three",
    },
  );

/** Reads a question file; a bad line throws naming the file, the line and what is wrong. */
export function parseQuestions(text: string, file: string): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  const ids = new Set<string>();
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const where = `${file}:${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not JSON: fix or remove the line`, { cause: error });
    }
    const parsed = QuestionLine.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((i) => `${i.path.join(".") || "line"}: ${i.message}`)
        .join("; ");
      throw new Error(`${where}: not a question line (${problems})`);
    }
    const q = parsed.data;
    if (ids.has(q.id)) throw new Error(`${where}: id "${q.id}" is used twice: give it a new id`);
    ids.add(q.id);
    questions.push({
      id: q.id,
      question: q.question,
      kind: q.kind,
      gold:
        q.gold_file === null || q.gold_quote === null || q.gold_date === null
          ? null
          : { file: q.gold_file, quote: q.gold_quote, date: q.gold_date },
    });
  });
  if (questions.length === 0) throw new Error(`${file}: no questions`);
  return questions;
}

export function loadQuestions(root: string, set: EvalSet): EvalQuestion[] {
  const file = path.join(root, set.questionsFile);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the questions of set "${set.name}" (${set.questionsFile})`, {
      cause: error,
    });
  }
  return parseQuestions(text, set.questionsFile);
}
