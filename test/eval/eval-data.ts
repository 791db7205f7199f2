/**
 * Reading the evaluation data (`test/eval/questions.jsonl` and `test/eval/corpus/`).
 *
 * The corpus reader here is deliberately shallow and independent of `src/retrieval`: it exists so
 * the eval data can be checked (dates, front matter, JSONL keys, gold quotes) before, and apart
 * from, the real reader. The evaluation itself only talks to the command-line contract.
 */
import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { z } from "zod";

export const QUESTION_KINDS = [
  "lexical",
  "paraphrase",
  "numeric",
  "latest",
  "speaker",
  "date-filter",
  "negative",
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

export const GoldSchema = z.strictObject({
  /** Path relative to the eval corpus folder; `<path>#<id>` for a JSONL record. */
  docId: z.string().min(1),
  /** An exact substring of the statement's body that answers the question. */
  quote: z.string().min(1),
});

export const FiltersSchema = z.strictObject({
  since: IsoDate.optional(),
  until: IsoDate.optional(),
  speaker: z.string().min(1).optional(),
});

export const QuestionSchema = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(QUESTION_KINDS),
  question: z.string().min(1),
  /** Empty for negative questions: nothing in the corpus answers them. */
  gold: z.array(GoldSchema),
  filters: FiltersSchema.optional(),
});

export type GoldItem = z.infer<typeof GoldSchema>;
export type QuestionFilters = z.infer<typeof FiltersSchema>;
export type EvalQuestion = z.infer<typeof QuestionSchema>;

export class EvalDataError extends Error {
  override name = "EvalDataError";
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function where(file: string, line: number | null): string {
  return line === null ? file : `${file}:${line}`;
}

/** Parses a questions JSONL file; the error names the file and line at fault. */
export function loadQuestions(file: string): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  const lines = fs.readFileSync(file, "utf8").split("\n");
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (cause) {
      throw new EvalDataError(`${where(file, line)}: not valid JSON`, file, line, { cause });
    }
    const parsed = QuestionSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (i) => `${i.path.join(".") || "(line)"}: ${i.message}`,
      );
      throw new EvalDataError(`${where(file, line)}: ${problems.join("; ")}`, file, line);
    }
    questions.push(parsed.data);
  });
  return questions;
}

export type CorpusFormat = "seed-txt" | "front-matter" | "jsonl";

/** A statement as the eval data sees it: enough to check dates, speakers and gold quotes. */
export interface EvalStatement {
  docId: string;
  format: CorpusFormat;
  date: string;
  speaker: string | null;
  title: string | null;
  /** The text after the date line / front matter, or the JSONL `text`. */
  body: string;
}

const SEED_DATE = /^ ?date (\d{4}-\d{2}-\d{2})\s+/;
const JSONL_KEYS = ["id", "title", "date", "speaker", "source", "url", "text"] as const;

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/** YAML turns an unquoted `2021-06-20` into a Date; a quoted one stays a string. */
function frontMatterDate(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime()))
    return value.toISOString().slice(0, 10);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return value.trim();
  return null;
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function readTextFile(dir: string, rel: string): EvalStatement {
  const file = path.join(dir, rel);
  const text = fs.readFileSync(file, "utf8");
  if (text.startsWith("---")) {
    let parsed: matter.GrayMatterFile<string>;
    try {
      // An empty options object keeps gray-matter from serving a cached parse of identical text.
      parsed = matter(text, {});
    } catch (cause) {
      throw new EvalDataError(`${file}: invalid YAML front matter`, file, 1, { cause });
    }
    const data = parsed.data as Record<string, unknown>;
    const date = frontMatterDate(data["date"]);
    if (date === null || !isRealDate(date)) {
      throw new EvalDataError(`${file}: front matter has no usable date (YYYY-MM-DD)`, file, null);
    }
    return {
      docId: rel,
      format: "front-matter",
      date,
      speaker: optionalString(data["speaker"]),
      title: optionalString(data["title"]),
      body: parsed.content,
    };
  }
  const match = SEED_DATE.exec(text);
  if (!match?.[1] || !isRealDate(match[1])) {
    throw new EvalDataError(
      `${file}: expected front matter or a leading "date YYYY-MM-DD" line`,
      file,
      1,
    );
  }
  return {
    docId: rel,
    format: "seed-txt",
    date: match[1],
    speaker: null,
    title: null,
    body: text.slice(match[0].length),
  };
}

function readJsonlFile(dir: string, rel: string): EvalStatement[] {
  const file = path.join(dir, rel);
  const statements: EvalStatement[] = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === "") return;
      let record: unknown;
      try {
        record = JSON.parse(raw);
      } catch (cause) {
        throw new EvalDataError(`${where(file, line)}: not valid JSON`, file, line, { cause });
      }
      if (typeof record !== "object" || record === null || Array.isArray(record)) {
        throw new EvalDataError(`${where(file, line)}: expected a JSON object`, file, line);
      }
      const r = record as Record<string, unknown>;
      const missing = JSONL_KEYS.filter((key) => typeof r[key] !== "string" || r[key] === "");
      if (missing.length > 0) {
        throw new EvalDataError(
          `${where(file, line)}: missing or empty ${missing.join(", ")}`,
          file,
          line,
        );
      }
      const date = r["date"] as string;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealDate(date)) {
        throw new EvalDataError(
          `${where(file, line)}: date "${date}" is not YYYY-MM-DD`,
          file,
          line,
        );
      }
      statements.push({
        docId: `${rel}#${r["id"] as string}`,
        format: "jsonl",
        date,
        speaker: r["speaker"] as string,
        title: r["title"] as string,
        body: r["text"] as string,
      });
    });
  return statements;
}

/** Every statement under `dir` (recursively), in path order. */
export function readEvalCorpus(dir: string): EvalStatement[] {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((rel) => rel.split(path.sep).join("/"))
    .filter((rel) => fs.statSync(path.join(dir, rel)).isFile())
    .sort();
  const statements: EvalStatement[] = [];
  for (const rel of files) {
    if (rel.endsWith(".jsonl")) statements.push(...readJsonlFile(dir, rel));
    else if (rel.endsWith(".txt") || rel.endsWith(".md")) statements.push(readTextFile(dir, rel));
  }
  return statements;
}
