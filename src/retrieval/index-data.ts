/** The contents of a published index, and reading them back (after the store has verified checksums). */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { IndexError } from "./errors.js";
import { LEXICAL_FORMAT, LexicalIndex } from "./lexical-index.js";
import type { IndexLexicon } from "./lexicon.js";
import { SENTENCE_TABLE_FORMAT, SentenceTable, sentenceTableFormat } from "./sentence-table.js";
import { type Manifest, openGeneration } from "./store.js";
import type { Chunk, Statement } from "./types.js";
import { VectorIndex } from "./vector-index.js";
import { Vocabulary } from "./vocabulary.js";
import { plural } from "../plural.js";

export interface StoredChunk {
  label: number;
  start: number;
  end: number;
  sentences: Array<[number, number]>;
}

export interface StoredStatement extends Statement {
  /** Hash of everything that shaped this statement's chunks and vectors. */
  hash: string;
  chunks: StoredChunk[];
}

export const FILES = {
  statements: "statements.json",
  labels: "labels.u32",
  vectors: "vectors.f32",
  hnsw: "vectors.hnsw",
  lexical: "lexical.sqlite",
  terms: "terms.json",
  sentences: "sentences.u32",
  synonyms: "synonyms.json",
  lexicon: "lexicon.json",
} as const;

export interface LoadedIndex {
  indexDir: string;
  generation: string;
  manifest: Manifest;
  statements: StoredStatement[];
  vectors: VectorIndex | null;
  /** Open until `lexical.close()`. */
  lexical: LexicalIndex;
  /** The corpus's terms (sorted) and their document frequencies. */
  vocabulary: Vocabulary;
  /** Each chunk's sentences as term ids and features. */
  sentences: SentenceTable;
  /** Query term → corpus terms that are its WordNet synonyms. */
  synonyms: Record<string, string[]>;
  /** Derived forms and the nouns the corpus never uses (lexicon.ts). */
  lexicon: { related: Record<string, string[]>; nouns: ReadonlySet<string> };
}

/** Rebuilds the `Chunk` view of a stored chunk. */
export function toChunk(statement: StoredStatement, stored: StoredChunk, ordinal: number): Chunk {
  return {
    id: `${statement.docId}::${ordinal}`,
    docId: statement.docId,
    ordinal,
    start: stored.start,
    end: stored.end,
    sentences: stored.sentences,
  };
}

const parse = (bytes: Buffer | undefined): unknown => JSON.parse(bytes?.toString("utf8") ?? "");

export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const { dir, manifest, contents } = await openGeneration(indexDir, {
    read: [FILES.statements, FILES.terms, FILES.sentences, FILES.synonyms, FILES.lexicon],
    // The stored vectors are for re-indexing, which verifies them when it opens the generation.
    unused: [FILES.labels, FILES.vectors],
  });
  if (manifest.lexical !== LEXICAL_FORMAT) {
    throw new IndexError(
      `The index in ${indexDir} was built by an older Verbatim (keyword index ${manifest.lexical}; this one reads ${LEXICAL_FORMAT}). Run "npm run index" to rebuild it (the stored vectors are reused).`,
      indexDir,
      "mismatch",
    );
  }
  const tableFormat = sentenceTableFormat(contents.get(FILES.sentences) ?? new Uint8Array());
  if (tableFormat !== null && tableFormat < SENTENCE_TABLE_FORMAT) {
    throw new IndexError(
      `The index in ${indexDir} was built by an older Verbatim (sentence table format ${tableFormat}; this one reads ${SENTENCE_TABLE_FORMAT}). Run "npm run index" to rebuild it (the stored vectors are reused).`,
      indexDir,
      "mismatch",
    );
  }
  let lexical: LexicalIndex | null = null;
  try {
    const statements = parse(contents.get(FILES.statements)) as StoredStatement[];
    const vocabulary = Vocabulary.fromJSON(parse(contents.get(FILES.terms)));
    const sentences = SentenceTable.fromBytes(contents.get(FILES.sentences) ?? new Uint8Array());
    const synonyms = contents.has(FILES.synonyms)
      ? (parse(contents.get(FILES.synonyms)) as Record<string, string[]>)
      : {};
    const stored = parse(contents.get(FILES.lexicon)) as IndexLexicon;
    const lexicon = { related: stored.related, nouns: new Set(stored.nouns) };
    lexical = LexicalIndex.open(path.join(dir, FILES.lexical), manifest.counts.chunks);
    let vectors: VectorIndex | null = null;
    if (manifest.model && manifest.hnsw) {
      vectors = VectorIndex.read(
        path.join(dir, FILES.hnsw),
        manifest.model.dimension,
        manifest.hnsw,
      );
      if (vectors.size !== manifest.counts.vectors + manifest.counts.deletedVectors) {
        throw new Error(
          `the vector index holds ${plural(vectors.size, "vector")}; the manifest says ${manifest.counts.vectors + manifest.counts.deletedVectors}`,
        );
      }
    }
    return {
      indexDir,
      generation: path.basename(dir),
      manifest,
      statements,
      vectors,
      lexical,
      vocabulary,
      sentences,
      synonyms,
      lexicon,
    };
  } catch (error) {
    lexical?.close();
    throw unreadable(indexDir, error);
  }
}

/**
 * What re-indexing needs of the current generation: its manifest and statements, all files
 * verified, without loading the search structures (the keyword index and graph are rebuilt or
 * read by the indexer itself).
 */
export async function loadStatements(
  indexDir: string,
): Promise<{ dir: string; generation: string; manifest: Manifest; statements: StoredStatement[] }> {
  const { dir, manifest, contents } = await openGeneration(indexDir, { read: [FILES.statements] });
  try {
    const statements = parse(contents.get(FILES.statements)) as StoredStatement[];
    return { dir, generation: path.basename(dir), manifest, statements };
  } catch (error) {
    throw unreadable(indexDir, error);
  }
}

function unreadable(indexDir: string, error: unknown): IndexError {
  return new IndexError(
    `The index in ${indexDir} could not be read (${(error as Error).message}). Run "npm run index" to rebuild it.`,
    indexDir,
    "corrupt",
    { cause: error },
  );
}

/** Reads the stored vectors of a generation, label → vector (used to reuse them when re-indexing). */
export async function loadStoredVectors(
  dir: string,
  dimension: number,
): Promise<Map<number, Float32Array>> {
  const labelBytes = await readFile(path.join(dir, FILES.labels));
  const vectorBytes = await readFile(path.join(dir, FILES.vectors));
  const labels = new Uint32Array(
    labelBytes.buffer,
    labelBytes.byteOffset,
    labelBytes.byteLength / 4,
  );
  const all = new Float32Array(
    vectorBytes.buffer,
    vectorBytes.byteOffset,
    vectorBytes.byteLength / 4,
  );
  if (all.length !== labels.length * dimension) {
    throw new Error(
      `vectors file holds ${plural(all.length / dimension, "vector")} for ${plural(labels.length, "label")}`,
    );
  }
  const out = new Map<number, Float32Array>();
  labels.forEach((label, i) => out.set(label, all.slice(i * dimension, (i + 1) * dimension)));
  return out;
}
