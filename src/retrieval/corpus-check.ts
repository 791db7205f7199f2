/**
 * Compares a corpus folder with the published index (the pure part is corpus-changes.ts): stamps
 * every file, reads only those whose stamp differs from the manifest's record, and hashes their
 * statements as the indexer does.
 */
import path from "node:path";
import { differingFiles, statementChanges } from "./corpus-changes.js";
import { type FileStamp, readCorpusFile, stampCorpus } from "./corpus/read.js";
import { statementHash } from "./indexer.js";
import { readCurrentManifest } from "./store.js";
import type { CorpusChanges } from "./types.js";

/**
 * Compares a corpus folder with the published index. Null when there is no index, or the folder
 * cannot be read (a missing folder is the caller's to report). `indexedFrom` names the folder the
 * index was built from (null for an index too old to record it).
 */
export async function corpusChanges(
  corpusDir: string,
  indexDir: string,
): Promise<CorpusChanges | null> {
  const manifest = await readCurrentManifest(indexDir);
  if (!manifest) return null;
  const root = path.resolve(corpusDir);
  let current: Record<string, FileStamp>;
  try {
    current = await stampCorpus(root);
  } catch {
    return null;
  }
  const files = differingFiles(manifest.corpus?.files ?? {}, current);
  const { version: _version, ...chunker } = manifest.chunker;
  const fresh: Array<{ docId: string; hash: string }> = [];
  for (const file of files.differing) {
    const { statements } = await readCorpusFile(root, file);
    for (const statement of statements) {
      fresh.push({ docId: statement.docId, hash: statementHash(statement, chunker) });
    }
  }
  // An index too old to record its files: every file was read, so any statement not read again
  // is gone (each docId stands for itself).
  const gone = manifest.corpus ? files.gone : Object.keys(manifest.statements);
  const changes = statementChanges(
    manifest.statements,
    { differing: files.differing, gone },
    fresh,
  );
  return {
    corpusDir: root,
    indexedFrom: manifest.corpus?.dir ?? null,
    newOrChanged: changes.newOrChanged.length,
    removed: changes.removed.length,
  };
}
