/**
 * The peer: Orama (@orama/orama 3) hybrid search (its BM25 + its vector search) over the same
 * chunks and the same vectors as Verbatim's index, with the same query vectors.
 */
import { create, insertMultiple, search } from "@orama/orama";
import { stemmer } from "stemmer";
import { eng } from "stopword";
import type { Embedder } from "../../src/retrieval/embedder.js";
import type { LoadedIndex } from "../../src/retrieval/index-data.js";
import type { BenchQuestion } from "./corpus.js";
import { median, percentile } from "./stats.js";

export interface OramaPeer {
  insertMs: number;
  /** Query embedding plus Orama hybrid search, like a Verbatim ask includes its embedding. */
  p50: number;
  p99: number;
  searchOnlyP50: number;
  /** Verbatim ask p50 / Orama p50. */
  ratio: number;
  /** Share of Verbatim's top-10 passages that are in Orama's top 10 (questions Verbatim answers). */
  agreement: number;
  compared: number;
  threshold: number;
  passes: number;
}

const PASSES = 3;

export async function buildOrama(options: {
  loaded: LoadedIndex;
  stored: Map<number, Float32Array>;
  threshold: number;
  questions: BenchQuestion[];
  embedder: Embedder;
  verbatim: (question: string) => Promise<string[]>;
  verbatimP50: number;
}): Promise<OramaPeer> {
  const { loaded, stored, questions, embedder } = options;
  const dimension = loaded.manifest.model!.dimension;
  const db = create({
    schema: {
      text: "string",
      title: "string",
      speaker: "string",
      embedding: `vector[${dimension}]`,
    } as const,
    components: { tokenizer: { stemming: true, stemmer, stopWords: [...eng] } },
  });
  const docs = loaded.statements.flatMap((s) =>
    s.chunks.map((c, ordinal) => ({
      id: `${s.docId}::${ordinal}`,
      text: s.text.slice(c.start, c.end),
      title: s.title ?? "",
      speaker: s.speaker ?? "",
      label: c.label,
    })),
  );
  // Orama wants plain arrays (it stores them as Float32Array); only the insert calls are timed.
  let insertMs = 0;
  for (let i = 0; i < docs.length; i += 1000) {
    const batch = docs.slice(i, i + 1000).map(({ label, ...doc }) => ({
      ...doc,
      embedding: Array.from(stored.get(label)!),
    }));
    const started = performance.now();
    await insertMultiple(db, batch, 1000);
    insertMs += performance.now() - started;
  }

  const run = async (question: string, vector: Float32Array) =>
    search(db, {
      mode: "hybrid",
      term: question,
      vector: { value: vector, property: "embedding" },
      similarity: options.threshold,
      limit: 10,
      properties: ["text", "title", "speaker"],
      boost: { speaker: 2, title: 1.5 },
    });
  for (const q of questions.slice(0, 20)) {
    const [v] = await embedder.embed([q.question]);
    await run(q.question, v!);
  }
  // From 10k chunks on an Orama search takes tens to hundreds of ms: one timed pass there.
  const passes = docs.length >= 5_000 ? 1 : PASSES;
  const p50s: number[] = [];
  const p99s: number[] = [];
  const searchOnly: number[] = [];
  const hits = new Map<string, Set<string>>();
  for (let pass = 0; pass < passes; pass++) {
    const times: number[] = [];
    for (const q of questions) {
      const started = performance.now();
      const [v] = await embedder.embed([q.question]);
      const embedded = performance.now();
      const result = await run(q.question, v!);
      const done = performance.now();
      times.push(done - started);
      searchOnly.push(done - embedded);
      hits.set(q.id, new Set(result.hits.map((h) => h.id)));
    }
    p50s.push(median(times));
    p99s.push(percentile(times, 99));
  }

  let shared = 0;
  let compared = 0;
  for (const q of questions) {
    const mine = await options.verbatim(q.question);
    if (mine.length === 0) continue;
    const theirs = hits.get(q.id)!;
    shared += mine.filter((id) => theirs.has(id)).length / mine.length;
    compared++;
  }
  const p50 = median(p50s);
  return {
    insertMs,
    p50,
    p99: median(p99s),
    searchOnlyP50: median(searchOnly),
    ratio: options.verbatimP50 / p50,
    agreement: compared ? shared / compared : Number.NaN,
    compared,
    threshold: options.threshold,
    passes,
  };
}
