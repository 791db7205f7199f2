/**
 * What indexing records of each chunk for answering: the terms and features of each of its
 * sentences, and of its statement's title and speaker. Pure.
 */
import { Feature, directSpeech, quotationOpenAfter, sentenceFeatures } from "./features.js";
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
 * Where reading a statement for quotations last stopped (a chunk's start) and whether one was
 * open there: a statement's chunks come in order, so each is read once, not from the start again.
 */
const quotationState = new WeakMap<Statement, { at: number; open: boolean }>();

/** Whether a quotation is open at `position` of the statement's text. */
function quotationOpenAt(statement: Statement, position: number): boolean {
  const last = quotationState.get(statement);
  const from = last && last.at <= position ? last : { at: 0, open: false };
  const open = quotationOpenAfter(statement.text.slice(from.at, position), from.open);
  quotationState.set(statement, { at: position, open });
  return open;
}

export function analyseChunk(statement: Statement, chunk: ChunkSpans): ChunkAnalysis {
  const texts = chunk.sentences.map(([start, end]) => statement.text.slice(start, end));
  // A quotation may have opened before the chunk.
  const at = chunk.sentences[0]?.[0] ?? 0;
  const speech = directSpeech(statement.text, chunk.sentences, {
    at,
    open: quotationOpenAt(statement, at),
  });
  return {
    label: chunk.label,
    title: terms(statement.title ?? ""),
    speaker: terms(statement.speaker ?? ""),
    sentences: texts.map((text, i) => ({
      features: sentenceFeatures(text) | (speech[i] ? Feature.speech : 0),
      terms: terms(text),
    })),
  };
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
