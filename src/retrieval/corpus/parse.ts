/** Pure parsers for the three corpus formats. No I/O: text in, statements and problems out. */
import path from "node:path";
import matter from "gray-matter";
import { parse as parseYaml } from "yaml";
import { CorpusFileError } from "../errors.js";
import type { Statement } from "../types.js";
import {
  isoAdvice,
  normaliseDate,
  readWrittenDate,
  recogniseSource,
  recogniseSpeaker,
  splitDateline,
} from "./metadata.js";

export interface ParseOutcome {
  statements: Statement[];
  problems: CorpusFileError[];
}

export const SUPPORTED_EXTENSIONS = [".txt", ".md", ".markdown", ".jsonl"] as const;

/** Word processor and page formats: their text has to be saved out of the program that made them. */
const DOCUMENT_EXTENSIONS = new Set([".doc", ".docx", ".odt", ".pdf", ".rtf", ".pages", ".wpd"]);

/**
 * Why a file of this name cannot be read as a statement, naming the fix; null for the supported
 * formats. Decided by the name alone, before the file is read (a .docx is not "invalid UTF-8").
 */
export function unsupportedTypeReason(file: string): string | null {
  const extension = path.posix.extname(file).toLowerCase();
  if ((SUPPORTED_EXTENSIONS as readonly string[]).includes(extension)) return null;
  const shown = extension
    ? `an unsupported file type (${extension})`
    : "a file without a type (no extension)";
  if (DOCUMENT_EXTENSIONS.has(extension)) return `${shown}: save it as .txt or .md`;
  if (extension === ".json") return `${shown}: write one statement a line in a .jsonl file`;
  return `${shown}: use ${SUPPORTED_EXTENSIONS.join(", ")} (see README, "Corpus formats")`;
}

/**
 * Control characters (NUL, the other C0 and C1 controls, DEL) have no place in quoted text: line
 * endings become "\n", vertical tab, form feed and next-line become a space, tab stays, the rest is
 * removed. Done before anything else reads the text, so every offset (and so every quote) is into
 * the cleaned text that is stored and shown.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\v\f\u0085]/g, " ")
    .replace(/[^\P{Cc}\t\n]/gu, "");
}

/** Parses one corpus file's decoded text. `file` is the path relative to the corpus folder. */
export function parseCorpusFile(file: string, content: string): ParseOutcome {
  const unsupported = unsupportedTypeReason(file);
  if (unsupported) return { statements: [], problems: [new CorpusFileError(file, unsupported)] };
  const text = cleanText(content.replace(/^\uFEFF/, ""));
  if (file.toLowerCase().endsWith(".jsonl")) return parseJsonl(file, text);
  try {
    return { statements: [parseTextStatement(file, text)], problems: [] };
  } catch (error) {
    if (error instanceof CorpusFileError) return { statements: [], problems: [error] };
    throw error;
  }
}

const SEED_PREFIX = /^\s*date\s+(\S+)\s*/;
const FRONT_MATTER_START = /^---[ \t]*\n/;

/** A .txt or .md statement: YAML front matter, or the seed's `date YYYY-MM-DD` prefix. */
export function parseTextStatement(file: string, text: string): Statement {
  if (!text.trim()) throw new CorpusFileError(file, "the file is empty");
  if (FRONT_MATTER_START.test(text)) return parseFrontMatter(file, text);
  const seed = SEED_PREFIX.exec(text);
  if (seed) {
    const dated = normaliseDate(seed[1]);
    if ("problem" in dated) {
      // "date March 3, 2024 BAKU...": the date runs past its first word.
      const written = readWrittenDate(text.slice(text.indexOf(seed[1]!)));
      const problem = written
        ? `date "${written.text}" is not in YYYY-MM-DD form: ${isoAdvice(written.iso)}`
        : dated.problem;
      throw new CorpusFileError(file, `${problem} after "date"`, 1);
    }
    return buildStatement(file, text.slice(seed[0].length), { date: dated.date });
  }
  throw new CorpusFileError(
    file,
    'no date: start the file with "date YYYY-MM-DD" or with YAML front matter that has date: YYYY-MM-DD',
    1,
  );
}

function parseFrontMatter(file: string, text: string): Statement {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // The YAML core schema keeps dates as text, so "2026-02-30" is checked rather than rolled over
    // into March. Passing options also bypasses gray-matter's shared result cache.
    parsed = matter(text, {
      engines: { yaml: (source: string) => parseYaml(source, { schema: "core" }) as object },
    });
  } catch (error) {
    // gray-matter hands over the text after the opening "---", so its line numbers are the file's.
    const linePos = (error as { linePos?: Array<{ line: number }> }).linePos;
    const line = linePos?.[0]?.line ?? 1;
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new CorpusFileError(
      file,
      `front matter is not valid YAML (${reason.replace(/ at line \d+, column \d+:?$/, "")})`,
      line,
      {
        cause: error,
      },
    );
  }
  if (!parsed.matter.trim() && !/^---[ \t]*\n[\s\S]*?\n---/.test(text)) {
    throw new CorpusFileError(file, 'front matter is not closed: add a line "---" after it', 1);
  }
  const data: Record<string, unknown> = isRecord(parsed.data) ? parsed.data : {};
  const dated = normaliseDate(data.date);
  const dateLine = lineOf(text, /^date\s*:/m) ?? 1;
  if ("problem" in dated)
    throw new CorpusFileError(file, `front matter: ${dated.problem}`, dateLine);
  const fields = readTextFields(file, data, dateLine);
  return buildStatement(file, parsed.content, { date: dated.date, ...fields });
}

interface KnownFields {
  date: string;
  title?: string | null;
  speaker?: string | null;
  source?: string | null;
  url?: string | null;
}

function readTextFields(
  file: string,
  data: Record<string, unknown>,
  line: number | null,
): Omit<KnownFields, "date"> {
  const out: Omit<KnownFields, "date"> = {};
  for (const key of ["title", "speaker", "source", "url"] as const) {
    const value = data[key];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value !== "string" && typeof value !== "number") {
      throw new CorpusFileError(file, `"${key}" must be text, got ${JSON.stringify(value)}`, line);
    }
    out[key] = cleanText(String(value)).trim() || null;
  }
  if (out.url && !/^https?:\/\/\S+$/i.test(out.url)) {
    throw new CorpusFileError(
      file,
      `"url" must start with http:// or https://, got "${out.url}"`,
      line,
    );
  }
  return out;
}

/** Builds a statement from a body; the dateline, speaker and source are recognised when not given. */
function buildStatement(
  docId: string,
  rawBody: string,
  fields: KnownFields,
  line: number | null = null,
): Statement {
  // JSON text may carry control characters as escapes (\u0000), which only appear once parsed.
  const body = cleanText(rawBody).trim();
  const { dateline, offset } = splitDateline(body);
  const text = body.slice(offset).trim();
  if (!text) throw new CorpusFileError(docId, "the statement has no text after its metadata", line);
  const speaker = fields.speaker ?? recogniseSpeaker(text);
  return {
    docId,
    date: fields.date,
    title: fields.title ?? null,
    speaker,
    source: fields.source ?? recogniseSource(text, speaker),
    url: fields.url ?? null,
    dateline,
    text,
  };
}

/** One statement a line: {"id","title","date","speaker","source","url","text"}. Blank lines are allowed. */
export function parseJsonl(file: string, text: string): ParseOutcome {
  const statements: Statement[] = [];
  const problems: CorpusFileError[] = [];
  const seen = new Map<string, number>();
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      const reason = trailingCommaReason(raw) ?? `not valid JSON (${(error as Error).message})`;
      problems.push(new CorpusFileError(file, reason, line, { cause: error }));
      return;
    }
    try {
      if (!isRecord(record))
        throw new CorpusFileError(file, "each line must be a JSON object", line);
      const id = record.id;
      if ((typeof id !== "string" || !id.trim()) && typeof id !== "number") {
        throw new CorpusFileError(file, '"id" is missing: each record needs a unique "id"', line);
      }
      const key = String(id).trim();
      const first = seen.get(key);
      if (first !== undefined) {
        throw new CorpusFileError(
          file,
          `duplicate id "${key}" (first used on line ${first})`,
          line,
        );
      }
      seen.set(key, line);
      const dated = normaliseDate(record.date);
      if ("problem" in dated) throw new CorpusFileError(file, dated.problem, line);
      if (typeof record.text !== "string") {
        throw new CorpusFileError(file, '"text" is missing or not a string', line);
      }
      const fields = readTextFields(file, record, line);
      statements.push(
        buildStatement(`${file}#${key}`, record.text, { date: dated.date, ...fields }, line),
      );
    } catch (error) {
      if (!(error instanceof CorpusFileError)) throw error;
      // buildStatement names the docId; report the file and line instead.
      problems.push(error.file === file ? error : new CorpusFileError(file, error.reason, line));
    }
  });
  if (statements.length === 0 && problems.length === 0) {
    problems.push(new CorpusFileError(file, "the file has no statements"));
  }
  return { statements, problems };
}

/**
 * A line JSON refuses only because of a comma JavaScript would allow: after the last field of an
 * object (`{"id": 1,}`), or at the end of the line, as between the items of an array. Null when
 * removing such commas does not make the line valid.
 */
export function trailingCommaReason(line: string): string | null {
  const parses = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  const afterLastField = (text: string) => text.replace(/,(\s*[}\]])/g, "$1");
  const atLineEnd = (text: string) => text.replace(/,\s*$/, "");
  if (afterLastField(line) !== line && parses(afterLastField(atLineEnd(line)))) {
    return "not valid JSON (a trailing comma): remove the comma after the last field";
  }
  if (atLineEnd(line) !== line && parses(atLineEnd(line))) {
    return "not valid JSON (a comma at the end of the line): remove it; a .jsonl file has one record a line, with nothing between them";
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lineOf(text: string, pattern: RegExp): number | null {
  const match = pattern.exec(text);
  if (!match) return null;
  return text.slice(0, match.index).split("\n").length;
}
