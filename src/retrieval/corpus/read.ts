/** Disk adapter: walks the corpus folder, decodes files and hands them to the pure parsers. */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CorpusFileError } from "../errors.js";
import type { Statement } from "../types.js";
import { futureDateWarnings } from "./metadata.js";
import { parseCorpusFile, unsupportedTypeReason } from "./parse.js";

/** A file's size and modification time, as read: what tells a changed file without reading it. */
export interface FileStamp {
  bytes: number;
  mtimeMs: number;
}

export interface CorpusReadResult {
  /** The corpus folder, absolute. */
  dir: string;
  /** Every file of the corpus (skipped ones too) by path relative to the folder. */
  stamps: Record<string, FileStamp>;
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
  const stamps: Record<string, FileStamp> = {};
  for (const relative of files) {
    const outcome = await readCorpusFile(root, relative);
    if (outcome.stamp) stamps[relative] = outcome.stamp;
    statements.push(...outcome.statements);
    skipped.push(...outcome.problems);
  }
  const warnings = futureDateWarnings(statements, options.today ?? latestToday());
  return { dir: root, stamps, statements, skipped, warnings, files: files.length };
}

/** The files of a corpus folder with their size and modification time, without reading them. */
export async function stampCorpus(corpusDir: string): Promise<Record<string, FileStamp>> {
  const root = path.resolve(corpusDir);
  const stamps: Record<string, FileStamp> = {};
  for (const relative of await listFiles(root)) {
    try {
      const info = await stat(path.join(root, relative));
      stamps[relative] = { bytes: info.size, mtimeMs: info.mtimeMs };
    } catch {
      // Removed while the folder was listed: it is not part of the corpus any more.
    }
  }
  return stamps;
}

/**
 * One file of the corpus: its statements, or why it was skipped, and its stamp (taken before it
 * is read, so a file changed while being read is seen as changed the next time).
 */
export async function readCorpusFile(
  root: string,
  relative: string,
): Promise<{ statements: Statement[]; problems: CorpusFileError[]; stamp: FileStamp | null }> {
  const absolute = path.join(root, relative);
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    return {
      ...fail(relative, `cannot be read (${(error as Error).message})`, error),
      stamp: null,
    };
  }
  const stamp = { bytes: info.size, mtimeMs: info.mtimeMs };
  return { ...(await readOne(absolute, relative, info.size)), stamp };
}

async function readOne(
  absolute: string,
  relative: string,
  size: number,
): Promise<{ statements: Statement[]; problems: CorpusFileError[] }> {
  const unsupported = unsupportedTypeReason(relative);
  if (unsupported) return fail(relative, unsupported);
  if (size > MAX_FILE_BYTES) {
    return fail(
      relative,
      `file is ${(size / 1048576).toFixed(0)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB: split it`,
    );
  }
  try {
    const bytes = await readFile(absolute);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch (error) {
      const line = firstInvalidUtf8Line(bytes);
      return {
        statements: [],
        problems: [
          new CorpusFileError(relative, "not valid UTF-8 text: save it as UTF-8", line, {
            cause: error,
          }),
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
