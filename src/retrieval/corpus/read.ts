/** Disk adapter: walks the corpus folder, decodes files and hands them to the pure parsers. */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CorpusFileError } from "../errors.js";
import type { Statement } from "../types.js";
import { futureDateWarnings } from "./metadata.js";
import { parseCorpusFile, unsupportedTypeReason } from "./parse.js";

export interface CorpusReadResult {
  statements: Statement[];
  /** Files (or lines) that were skipped, with the reason. */
  skipped: CorpusFileError[];
  /** Statements indexed but worth a look (dated in the future), one line each. */
  warnings: string[];
  files: number;
}

export interface CorpusReadOptions {
  /** YYYY-MM-DD; dates after it are in the future. Default: today wherever on Earth it is latest. */
  today?: string;
}

/**
 * Today's date where it is latest (UTC+14), so a statement released today anywhere is not taken
 * for one from the future.
 */
export function latestToday(now: number = Date.now()): string {
  return new Date(now + 14 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Larger files are almost certainly not statements (or would swamp the index). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

export async function readCorpus(
  corpusDir: string,
  options: CorpusReadOptions = {},
): Promise<CorpusReadResult> {
  const root = path.resolve(corpusDir);
  let rootStat;
  try {
    rootStat = await stat(root);
  } catch (error) {
    throw new Error(
      `Corpus folder "${corpusDir}" does not exist: create it and add statements, or pass --corpus DIR (or set CORPUS_DIR).`,
      { cause: error },
    );
  }
  if (!rootStat.isDirectory()) throw new Error(`Corpus path "${corpusDir}" is not a folder.`);

  const files = (await listFiles(root)).sort();
  const statements: Statement[] = [];
  const skipped: CorpusFileError[] = [];
  for (const relative of files) {
    const outcome = await readOne(root, relative);
    statements.push(...outcome.statements);
    skipped.push(...outcome.problems);
  }
  const warnings = futureDateWarnings(statements, options.today ?? latestToday());
  return { statements, skipped, warnings, files: files.length };
}

async function readOne(
  root: string,
  relative: string,
): Promise<{ statements: Statement[]; problems: CorpusFileError[] }> {
  const absolute = path.join(root, relative);
  const unsupported = unsupportedTypeReason(relative);
  if (unsupported) return fail(relative, unsupported);
  try {
    const info = await stat(absolute);
    if (info.size > MAX_FILE_BYTES) {
      return fail(relative, `file is ${(info.size / 1048576).toFixed(0)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB: split it`);
    }
    const bytes = await readFile(absolute);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch (error) {
      const line = firstInvalidUtf8Line(bytes);
      return {
        statements: [],
        problems: [
          new CorpusFileError(relative, "not valid UTF-8 text: save it as UTF-8", line, { cause: error }),
        ],
      };
    }
    return parseCorpusFile(relative, text);
  } catch (error) {
    return fail(relative, `cannot be read (${(error as Error).message})`, error);
  }
}

function fail(file: string, reason: string, cause?: unknown) {
  return { statements: [], problems: [new CorpusFileError(file, reason, null, { cause })] };
}

/** Relative paths (with "/" separators) of the files below root; hidden files and folders are skipped. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full).split(path.sep).join("/");
    if (relative.split("/").some((part) => part.startsWith("."))) continue;
    out.push(relative);
  }
  return out;
}

function firstInvalidUtf8Line(bytes: Uint8Array): number | null {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        utf8.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return null;
}
