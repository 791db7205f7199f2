/**
 * What indexing records of each chunk for answering: the terms and features of each of its
 * sentences, and of its statement's title and speaker. Pure.
 */
import {
  Feature,
  continuesBefore,
  directSpeech,
  quotationOpenAfter,
  sentenceFeatures,
} from "./features.js";
import { processTerm, terms, tokenize } from "./terms.js";
import type { Statement } from "./types.js";

export interface ChunkAnalysis {
  label: number;
  /** Terms of the statement's title. */
  title: string[];
  /** Terms of the statement's speaker. */
  speaker: string[];
  sentences: Array<{ features: number; terms: string[] }>;
}

interface ChunkSpans {
  label: number;
  sentences: ReadonlyArray<readonly [number, number]>;
}

/**
 * The analyses of a statement's chunks, in order. The quotation marks are read once through the
 * statement, so each chunk knows whether it starts inside a quotation opened before it.
 */
export function analyseStatement(
  statement: Statement,
  chunks: readonly ChunkSpans[],
): ChunkAnalysis[] {
  const title = terms(statement.title ?? "");
  const speaker = terms(statement.speaker ?? "");
  let read = { at: 0, open: false };
  return chunks.map((chunk) => {
    const start = chunk.sentences[0]?.[0] ?? 0;
    // A chunk starting before where reading stopped (chunks out of order) is read from the start.
    if (start < read.at) read = { at: 0, open: false };
    read = { at: start, open: quotationOpenAfter(statement.text.slice(read.at, start), read.open) };
    const speech = directSpeech(statement.text, chunk.sentences, read);
    return {
      label: chunk.label,
      title,
      speaker,
      sentences: chunk.sentences.map(([from, to], i) => {
        const text = statement.text.slice(from, to);
        const before = statement.text.slice(Math.max(0, from - 80), from);
        return {
          features:
            sentenceFeatures(text) |
            (speech[i] ? Feature.speech : 0) |
            (continuesBefore(text, before) ? Feature.continues : 0),
          terms: terms(text),
        };
      }),
    };
  });
}

/** One chunk's analysis (`analyseStatement` for all of a statement's chunks at once). */
export function analyseChunk(statement: Statement, chunk: ChunkSpans): ChunkAnalysis {
  return analyseStatement(statement, [chunk])[0]!;
}

/** Every term of the chunk, its title's and its speaker's. */
export function chunkTerms(analysis: ChunkAnalysis): Set<string> {
  const all = new Set([...analysis.title, ...analysis.speaker]);
  for (const sentence of analysis.sentences) for (const term of sentence.terms) all.add(term);
  return all;
}

/** Words of a probe: about as many content words as a short question has. */
const PROBE_WORDS = 7;

/**
 * A question-like probe drawn from a chunk, for calibrating the embedding model: the content words
 * of its longest sentence, in order, as a user might type them. Null for a chunk without one.
 */
export function probeText(statement: Statement, chunk: ChunkSpans): string | null {
  let best: string[] = [];
  for (const [start, end] of chunk.sentences) {
    const words = tokenize(statement.text.slice(start, end)).filter(
      (word) => processTerm(word) !== null && !/^\d+$/.test(word),
    );
    if (words.length > best.length) best = words;
  }
  if (best.length < 3) return null;
  // The middle of the sentence: its opening words are often the statement's names.
  const from = Math.max(0, Math.floor((best.length - PROBE_WORDS) / 2));
  return best.slice(from, from + PROBE_WORDS).join(" ");
}
