/**
 * Whether the corpus changed since the index was built, decided cheaply: the index's manifest
 * records every corpus file's size and modification time; only files whose stamp differs are read
 * (corpus-check.ts), and their statements' hashes are compared with the hashes the index holds. A
 * file touched but not changed, or changed in a way that leaves its statements alone, is no
 * change. Pure.
 */
import { plural } from "../plural.js";
import type { FileStamp } from "./corpus/read.js";
import type { CorpusChanges } from "./types.js";

export type { CorpusChanges } from "./types.js";

/** Files new, gone, or whose size or modification time differ from the record. Pure. */
export function differingFiles(
  recorded: Readonly<Record<string, FileStamp>>,
  current: Readonly<Record<string, FileStamp>>,
): { differing: string[]; gone: string[] } {
  const differing = Object.keys(current).filter((file) => {
    const then = recorded[file];
    const now = current[file]!;
    return !then || then.bytes !== now.bytes || then.mtimeMs !== now.mtimeMs;
  });
  const gone = Object.keys(recorded).filter((file) => !(file in current));
  return { differing: differing.sort(), gone: gone.sort() };
}

/** Whether a docId belongs to a file: the file itself, or one of its JSONL records. */
export const inFile = (docId: string, file: string) =>
  docId === file || docId.startsWith(`${file}#`);

/**
 * Statements new or changed, and statements removed, given the index's hashes (docId → hash), the
 * files that differ or are gone, and the statements read now from the differing files. Pure.
 */
export function statementChanges(
  indexed: Readonly<Record<string, string>>,
  files: { differing: readonly string[]; gone: readonly string[] },
  fresh: ReadonlyArray<{ docId: string; hash: string }>,
): { newOrChanged: string[]; removed: string[] } {
  const newOrChanged = fresh.filter((s) => indexed[s.docId] !== s.hash).map((s) => s.docId);
  const freshIds = new Set(fresh.map((s) => s.docId));
  const touched = [...files.differing, ...files.gone];
  const removed = Object.keys(indexed).filter(
    (docId) => !freshIds.has(docId) && touched.some((file) => inFile(docId, file)),
  );
  return { newOrChanged: newOrChanged.sort(), removed: removed.sort() };
}

/** "2 new or changed statements and 1 removed statement", for people. Pure. */
export function describeCorpusChanges(changes: CorpusChanges): string {
  const parts: string[] = [];
  if (changes.newOrChanged > 0)
    parts.push(plural(changes.newOrChanged, "new or changed statement"));
  if (changes.removed > 0) parts.push(plural(changes.removed, "removed statement"));
  return parts.join(" and ") || "no changes";
}

export const corpusChanged = (changes: CorpusChanges | null): changes is CorpusChanges =>
  changes !== null && changes.newOrChanged + changes.removed > 0;
