/**
 * Builds or incrementally updates the index: only new or changed statements are embedded, removed
 * ones disappear, and the result is published atomically under a lock.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { plural } from "../plural.js";
import {
  CALIBRATION_PROBES,
  type DenseCalibration,
  calibrateFrom,
  sample,
  seededRandom,
} from "./calibration.js";
import { type ChunkerSettings, DEFAULT_CHUNKER, chunkStatement, embeddingText } from "./chunk.js";
import { type ChunkAnalysis, analyseStatement, chunkTerms, probeText } from "./chunk-analysis.js";
import { readCorpus } from "./corpus/read.js";
import type { Embedder } from "./embedder.js";
import { type CorpusFileError, IndexError, StrictCorpusError, describeError } from "./errors.js";
import {
  FILES,
  type StoredChunk,
  type StoredStatement,
  loadStatements,
  loadStoredVectors,
} from "./index-data.js";
import { LEXICAL_FORMAT, LexicalIndex, documentFrequencies } from "./lexical-index.js";
import {
  GenerationWriter,
  INDEX_FORMAT_VERSION,
  type Manifest,
  acquireIndexLock,
} from "./store.js";
import { indexLexicon } from "./lexicon.js";
import { encodeSentenceTable } from "./sentence-table.js";
import { loadStemmedWordNet, synonymMap, wordNetDir } from "./synonyms.js";
import type { Statement } from "./types.js";
import { DEFAULT_HNSW, type HnswSettings, VectorIndex } from "./vector-index.js";
import { Vocabulary } from "./vocabulary.js";

/** Bumped when chunking logic changes, so old chunks are not mixed with new ones. */
export const CHUNKER_VERSION = 1;
/** Share of chunks (and least number) changed since the last calibration to measure it again. */
const RECALIBRATE_AFTER = 0.1;
const RECALIBRATE_MIN = 50;
/** Past this share of deleted vectors the graph is rebuilt from the stored vectors. */
const MAX_DELETED_SHARE = 0.2;
/**
 * WordNet as stems, kept for the next build (of any index on this machine) so that it does not
 * parse the dictionary again; per user, since the temporary folder is shared.
 */
const WORDNET_CACHE = path.join(
  os.tmpdir(),
  `verbatim-${process.getuid?.() ?? "user"}-wordnet-stems.json`,
);

export interface IndexProgress {
  phase: "reading" | "embedding" | "indexing" | "publishing";
  done: number;
  total: number;
}

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  embedder: Embedder | null;
  chunker?: ChunkerSettings;
  hnsw?: HnswSettings;
  onProgress?: (progress: IndexProgress) => void;
  /** Who is indexing, shown to anyone who finds the lock taken. Default "npm run index". */
  by?: string;
  /**
   * Said as it happens: a lock taken over from an indexer that died, statements dated in the
   * future. The summary lists them too.
   */
  onWarning?: (message: string) => void;
  /** YYYY-MM-DD; statements dated after it are warned about. Default: today (`latestToday`). */
  today?: string;
  /** Chunks embedded per call of the embedder. */
  embedBatch?: number;
  /** Refuse to index (StrictCorpusError, nothing published) when any file or line was skipped. */
  strict?: boolean;
}

export interface BuildSummary {
  statements: number;
  chunks: number;
  embedded: number;
  reused: number;
  removed: number;
  skipped: CorpusFileError[];
  /** Indexed but worth a look: a lock taken over, statements dated in the future. */
  warnings: string[];
  files: number;
  /** Why everything was rebuilt, if it was. */
  fullRebuild: string | null;
  model: string | null;
  /** Question-like probes embedded to calibrate the model on this corpus (0 when kept). */
  probesEmbedded: number;
  seconds: number;
  generation: string;
}

const VERSION = (() => {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as { version?: string };
    return `verbatim ${pkg.version ?? "?"}`;
  } catch {
    return "verbatim";
  }
})();

/** What decides whether a statement's chunks and vectors can be reused: its content and the chunker. */
export function statementHash(statement: Statement, chunker: ChunkerSettings): string {
  return createHash("sha256")
    .update(JSON.stringify([CHUNKER_VERSION, chunker, statement]))
    .digest("hex")
    .slice(0, 32);
}

interface Previous {
  dir: string;
  manifest: Manifest;
  statements: Map<string, StoredStatement>;
  vectors: Map<number, Float32Array>;
}

/** The previous index when it can be reused, or the reason it cannot. */
async function previousIndex(
  options: BuildOptions,
  chunker: ChunkerSettings,
): Promise<{ previous: Previous | null; reason: string | null }> {
  let loaded;
  try {
    loaded = await loadStatements(options.indexDir);
  } catch (error) {
    if (error instanceof IndexError && error.kind === "missing")
      return { previous: null, reason: "first build" };
    return {
      previous: null,
      reason: `the existing index could not be reused (${describeError(error)})`,
    };
  }
  const manifest = loaded.manifest;
  const modelNow = options.embedder
    ? `${options.embedder.modelId} (${options.embedder.dimension} dimensions)`
    : "keyword only";
  const modelThen = manifest.model
    ? `${manifest.model.id} (${manifest.model.dimension} dimensions)`
    : "keyword only";
  if (modelNow !== modelThen)
    return { previous: null, reason: `the model changed from ${modelThen} to ${modelNow}` };
  const { version, ...settings } = manifest.chunker;
  if (version !== CHUNKER_VERSION || JSON.stringify(settings) !== JSON.stringify(chunker)) {
    return { previous: null, reason: "the chunker settings changed" };
  }
  const dir = loaded.dir;
  const vectors = manifest.model
    ? await loadStoredVectors(dir, manifest.model.dimension)
    : new Map();
  return {
    previous: {
      dir,
      manifest,
      statements: new Map(loaded.statements.map((s) => [s.docId, s])),
      vectors,
    },
    reason: null,
  };
}

export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const chunker = options.chunker ?? DEFAULT_CHUNKER;
  const hnsw = options.hnsw ?? DEFAULT_HNSW;
  const progress = options.onProgress ?? (() => {});
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  const release = await acquireIndexLock(options.indexDir, options.by ?? "npm run index", {
    onWarning: warn,
  });
  let writer: GenerationWriter | null = null;
  try {
    progress({ phase: "reading", done: 0, total: 1 });
    const corpus = await readCorpus(
      options.corpusDir,
      options.today === undefined ? {} : { today: options.today },
    );
    if (options.strict && corpus.skipped.length > 0) throw strictError(corpus.skipped);
    if (corpus.statements.length === 0) warn(emptyCorpusWarning(options.corpusDir));
    corpus.warnings.forEach(warn);
    progress({ phase: "reading", done: 1, total: 1 });
    const { previous, reason } = await previousIndex(options, chunker);

    // Decide, statement by statement, what can be reused.
    let nextLabel = previous?.manifest.nextLabel ?? 0;
    const stored: StoredStatement[] = [];
    const toEmbed: Array<{ label: number; text: string }> = [];
    let reused = 0;
    for (const statement of corpus.statements) {
      const hash = statementHash(statement, chunker);
      const old = previous?.statements.get(statement.docId);
      if (old && old.hash === hash) {
        stored.push(old);
        reused += old.chunks.length;
        continue;
      }
      const chunks: StoredChunk[] = chunkStatement(statement, chunker).map((chunk) => {
        const label = nextLabel++;
        if (options.embedder) toEmbed.push({ label, text: embeddingText(statement, chunk) });
        return { label, start: chunk.start, end: chunk.end, sentences: chunk.sentences };
      });
      stored.push({ ...statement, hash, chunks });
    }
    const liveLabels = new Set(stored.flatMap((s) => s.chunks.map((c) => c.label)));
    const removedLabels = [...(previous?.vectors.keys() ?? [])].filter(
      (label) => !liveLabels.has(label),
    );
    const removedChunks = previous
      ? [...previous.statements.values()].reduce(
          (n, s) => n + s.chunks.filter((c) => !liveLabels.has(c.label)).length,
          0,
        )
      : 0;

    // Embed what is new.
    const vectors = new Map<number, Float32Array>();
    if (options.embedder && previous) {
      for (const label of liveLabels) {
        const vector = previous.vectors.get(label);
        if (vector) vectors.set(label, vector);
      }
    }
    const batch = options.embedBatch ?? 64;
    progress({ phase: "embedding", done: 0, total: toEmbed.length });
    // Texts of similar length side by side, so the embedder's batches carry little padding.
    const queue = [...toEmbed].sort((a, b) => a.text.length - b.text.length);
    const fresh = new Map<number, Float32Array>();
    for (let i = 0; i < queue.length; i += batch) {
      const slice = queue.slice(i, i + batch);
      const embedded = await options.embedder!.embed(slice.map((item) => item.text));
      slice.forEach((item, j) => fresh.set(item.label, embedded[j]!));
      progress({
        phase: "embedding",
        done: Math.min(i + batch, queue.length),
        total: queue.length,
      });
    }
    for (const item of toEmbed) vectors.set(item.label, fresh.get(item.label)!);

    writer = await GenerationWriter.start(options.indexDir);
    const w = writer;
    let deletedVectors = 0;
    let graphIndex: VectorIndex | null = null;
    if (options.embedder) {
      progress({ phase: "indexing", done: 0, total: vectors.size });
      const graph = updateOrRebuildGraph(
        previous,
        removedLabels,
        toEmbed,
        vectors,
        options.embedder.dimension,
        hnsw,
        (done) => progress({ phase: "indexing", done, total: vectors.size }),
      );
      deletedVectors = graph.deleted;
      graphIndex = graph.index;
      graph.index.write(w.path(FILES.hnsw));
      await w.record(FILES.hnsw);
      const labels = Uint32Array.from(vectors.keys());
      const matrix = new Float32Array(labels.length * options.embedder.dimension);
      labels.forEach((label, i) =>
        matrix.set(vectors.get(label)!, i * options.embedder!.dimension),
      );
      await w.write(FILES.labels, new Uint8Array(labels.buffer));
      await w.write(FILES.vectors, new Uint8Array(matrix.buffer));
    }

    progress({ phase: "publishing", done: 0, total: 1 });
    const lexicalDocs = stored.flatMap((s) =>
      s.chunks.map((c) => ({
        id: c.label,
        text: s.text.slice(c.start, c.end),
        title: s.title ?? "",
        speaker: s.speaker ?? "",
      })),
    );
    const analyses = stored.flatMap((st) => analyseStatement(st, st.chunks));
    const df = documentFrequencies(analyses.map(chunkTerms));
    LexicalIndex.write(w.path(FILES.lexical), lexicalDocs);
    await w.record(FILES.lexical);
    const vocabulary = Vocabulary.fromFrequencies(df);
    await w.write(FILES.terms, JSON.stringify(vocabulary));
    const table = encodeSentenceTable(idsOf(analyses, vocabulary), nextLabel);
    await w.write(FILES.sentences, new Uint8Array(table.buffer));
    const wordNetFolder = wordNetDir();
    const wordNet = wordNetFolder ? await loadStemmedWordNet(wordNetFolder, WORDNET_CACHE) : null;
    const corpusTerms = new Set(df.keys());
    const synonyms = wordNet ? synonymMap(wordNet.synonyms, corpusTerms) : {};
    await w.write(FILES.synonyms, JSON.stringify(synonyms));
    const lexicon = wordNet
      ? indexLexicon(wordNet.lexicon, corpusTerms)
      : { related: {}, nouns: [] };
    await w.write(FILES.lexicon, JSON.stringify(lexicon));
    await w.write(FILES.statements, JSON.stringify(stored));
    const chunkCount = lexicalDocs.length;
    // The model's spread on this corpus is measured again after a full build or a large change;
    // a few new statements do not move it.
    let calibration = previous?.manifest.calibration ?? null;
    let probesEmbedded = 0;
    const changed = toEmbed.length + removedChunks;
    if (
      options.embedder &&
      graphIndex &&
      (!calibration || changed >= Math.max(RECALIBRATE_AFTER * chunkCount, RECALIBRATE_MIN))
    ) {
      const measured = await calibrate(stored, vectors, options.embedder, graphIndex);
      calibration = measured?.calibration ?? null;
      probesEmbedded = measured?.probes ?? 0;
    }
    if (!options.embedder) calibration = null;
    await w.publish({
      format: "verbatim-index",
      formatVersion: INDEX_FORMAT_VERSION,
      builtBy: VERSION,
      createdAt: new Date().toISOString(),
      model: options.embedder
        ? { id: options.embedder.modelId, dimension: options.embedder.dimension }
        : null,
      hnsw: options.embedder ? hnsw : null,
      chunker: { version: CHUNKER_VERSION, ...chunker },
      lexical: LEXICAL_FORMAT,
      calibration,
      counts: {
        statements: stored.length,
        chunks: chunkCount,
        vectors: options.embedder ? vectors.size : 0,
        deletedVectors,
      },
      nextLabel,
      statements: Object.fromEntries(stored.map((s) => [s.docId, s.hash])),
      corpus: { dir: corpus.dir, files: corpus.stamps },
    });
    progress({ phase: "publishing", done: 1, total: 1 });
    return {
      statements: stored.length,
      chunks: chunkCount,
      embedded: toEmbed.length,
      reused,
      removed: removedChunks,
      skipped: corpus.skipped,
      warnings,
      files: corpus.files,
      fullRebuild: reason,
      model: options.embedder?.modelId ?? null,
      probesEmbedded,
      seconds: (performance.now() - started) / 1000,
      generation: path.basename(w.dir),
    };
  } catch (error) {
    await writer?.abandon();
    throw error;
  } finally {
    await release();
  }
}

function strictError(skipped: CorpusFileError[]): StrictCorpusError {
  const files = new Set(skipped.map((problem) => problem.file)).size;
  return new StrictCorpusError(
    `--strict: ${plural(files, "file")} of the corpus ${files === 1 ? "has" : "have"} problems (listed above), so the index was not updated: fix ${files === 1 ? "it" : "them"}, or index without --strict to skip ${files === 1 ? "it" : "them"}.`,
    skipped,
  );
}

/** A build with nothing to index says where it looked and what it accepts. */
export function emptyCorpusWarning(corpusDir: string): string {
  return `no statements in ${corpusDir}: add .txt or .md files (starting "date YYYY-MM-DD", or with YAML front matter that has a date) or .jsonl files (one statement a line); see README, "Corpus formats"`;
}

/**
 * Reuses the previous graph (deleting removed vectors, adding new ones) while deletions stay a small
 * share; otherwise builds a fresh graph from the stored vectors, so nothing is re-embedded.
 */
function updateOrRebuildGraph(
  previous: Previous | null,
  removedLabels: number[],
  added: Array<{ label: number }>,
  vectors: Map<number, Float32Array>,
  dimension: number,
  settings: HnswSettings,
  onProgress: (done: number) => void,
): { index: VectorIndex; deleted: number } {
  const oldDeleted = previous?.manifest.counts.deletedVectors ?? 0;
  const deleted = oldDeleted + removedLabels.length;
  const total = vectors.size + deleted;
  if (previous?.manifest.model && deleted / Math.max(total, 1) <= MAX_DELETED_SHARE) {
    const index = VectorIndex.read(path.join(previous.dir, FILES.hnsw), dimension, settings);
    for (const label of removedLabels) index.remove(label);
    added.forEach((item, i) => {
      index.add(item.label, vectors.get(item.label)!);
      if (i % 256 === 0) onProgress(vectors.size - added.length + i);
    });
    onProgress(vectors.size);
    return { index, deleted };
  }
  const index = VectorIndex.create(dimension, vectors.size, settings);
  let done = 0;
  for (const [label, vector] of vectors) {
    index.add(label, vector);
    if (++done % 256 === 0) onProgress(done);
  }
  onProgress(done);
  return { index, deleted: 0 };
}

/** The analyses with terms as vocabulary ids. */
function* idsOf(analyses: readonly ChunkAnalysis[], vocabulary: Vocabulary) {
  const ids = (list: readonly string[]) => list.map((term) => vocabulary.id(term)!);
  for (const a of analyses) {
    yield {
      label: a.label,
      title: ids(a.title),
      speaker: ids(a.speaker),
      sentences: a.sentences.map((s) => ({ features: s.features, terms: ids(s.terms) })),
    };
  }
}

/**
 * Measures how the model's similarities spread on this corpus (calibration.ts): question-like
 * probes drawn from a sample of chunks, against their own chunk and against other statements'.
 */
async function calibrate(
  statements: readonly StoredStatement[],
  vectors: ReadonlyMap<number, Float32Array>,
  embedder: Embedder,
  graph: VectorIndex,
): Promise<{ calibration: DenseCalibration | null; probes: number } | null> {
  const random = seededRandom(statements.length * 7919 + vectors.size);
  const statementOf = new Map<number, number>();
  const chunks = statements.flatMap((s, statement) =>
    s.chunks.map((c) => {
      statementOf.set(c.label, statement);
      return { label: c.label, statement, source: s, chunk: c };
    }),
  );
  const sources = sample(chunks, CALIBRATION_PROBES * 2, random)
    .map((c) => ({ label: c.label, statement: c.statement, probe: probeText(c.source, c.chunk) }))
    .filter((c): c is { label: number; statement: number; probe: string } => c.probe !== null)
    .slice(0, CALIBRATION_PROBES);
  if (sources.length === 0) return null;
  const embedded = await embedder.embed(sources.map((s) => s.probe));
  const calibration = calibrateFrom(
    sources.map((s, i) => ({ ...s, vector: embedded[i]! })),
    (label) => vectors.get(label),
    (vector, statement) =>
      graph.search(vector, 1, (label) => (statementOf.get(label) ?? statement) !== statement)[0]
        ?.similarity ?? null,
  );
  return { calibration, probes: sources.length };
}
