/** Sentence splitting and chunking. Pure: offsets always point into the statement text. */
import type { Chunk, Statement } from "./types.js";

export interface ChunkerSettings {
  /** A chunk grows to about this many estimated wordpieces... */
  targetTokens: number;
  /** ...and never past this many (the model window is 256, minus the context header). */
  maxTokens: number;
  /** Sentences repeated at the start of the next chunk. */
  overlapSentences: number;
}

export const DEFAULT_CHUNKER: ChunkerSettings = {
  targetTokens: 90,
  maxTokens: 200,
  overlapSentences: 1,
};

/** Words ending in "." that do not end a sentence. */
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "sr",
  "jr",
  "st",
  "gen",
  "col",
  "lt",
  "sgt",
  "capt",
  "gov",
  "sen",
  "rep",
  "amb",
  "hon",
  "rev",
  "no",
  "nos",
  "art",
  "para",
  "paras",
  "vol",
  "fig",
  "approx",
  "est",
  "vs",
  "etc",
  "e.g",
  "i.e",
  "cf",
  "inc",
  "ltd",
  "co",
  "corp",
  "dept",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "u.s",
  "u.k",
  "u.n",
  "e.u",
]);

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Sentence spans [start, end) of `text`, trimmed of surrounding white space. Intl.Segmenter does
 * the splitting; a break after a known abbreviation or a single initial ("J. Smith") is undone.
 */
export function splitSentences(text: string, from = 0, to = text.length): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let pending: [number, number] | null = null;
  for (const part of segmenter.segment(text.slice(from, to))) {
    const start = from + part.index;
    const end = start + part.segment.length;
    if (pending && !endsWithAbbreviation(text.slice(pending[0], pending[1]))) {
      pushTrimmed(text, pending, spans);
      pending = null;
    }
    pending = pending ? [pending[0], end] : [start, end];
  }
  if (pending) pushTrimmed(text, pending, spans);
  return spans;
}

function endsWithAbbreviation(sentence: string): boolean {
  if (/\n\s*$/.test(sentence)) return false; // a line break is a hard boundary
  const match = /(?:^|[\s("'])((?:[A-Za-z]\.)*[A-Za-z]+)\.\s*$/.exec(sentence);
  if (!match || !match[1]) return false;
  const word = match[1];
  return word.length === 1 ? /[A-Z]/.test(word) : ABBREVIATIONS.has(word.toLowerCase());
}

function pushTrimmed(text: string, [start, end]: [number, number], out: Array<[number, number]>) {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? "")) s++;
  while (e > s && /\s/.test(text[e - 1] ?? "")) e--;
  if (e > s) out.push([s, e]);
}

/**
 * A conservative estimate of BERT wordpieces: one per short word or punctuation mark, more for
 * long or rare-looking words. Model-independent, so chunks do not change with the model.
 */
export function estimateTokens(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/[\p{L}\p{M}]+|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu)) {
    const word = match[0];
    count += word.length <= 7 ? 1 : Math.ceil(word.length / 4);
  }
  return count;
}

/** Splits a span that is too long for one chunk at word boundaries. */
function splitLongSpan(
  text: string,
  [start, end]: [number, number],
  maxTokens: number,
): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let pieceStart = start;
  let tokens = 0;
  let lastBreak = -1;
  for (const match of text.slice(start, end).matchAll(/\S+/g)) {
    const wordStart = start + (match.index ?? 0);
    const wordEnd = wordStart + match[0].length;
    const cost = estimateTokens(match[0]);
    if (tokens + cost > maxTokens && lastBreak > pieceStart) {
      pieces.push([pieceStart, lastBreak]);
      pieceStart = wordStart;
      tokens = 0;
    }
    tokens += cost;
    lastBreak = wordEnd;
  }
  if (lastBreak > pieceStart) pieces.push([pieceStart, lastBreak]);
  return pieces;
}

/** Chunks a statement: a few sentences each, one sentence of overlap, never over maxTokens. */
export function chunkStatement(
  statement: Statement,
  settings: ChunkerSettings = DEFAULT_CHUNKER,
): Chunk[] {
  const text = statement.text;
  const sentences = splitSentences(text).flatMap((span) =>
    estimateTokens(text.slice(span[0], span[1])) > settings.maxTokens
      ? splitLongSpan(text, span, settings.maxTokens)
      : [span],
  );
  const costs = sentences.map(([s, e]) => estimateTokens(text.slice(s, e)));
  const chunks: Chunk[] = [];
  let first = 0;
  while (first < sentences.length) {
    let last = first;
    let tokens = costs[first] ?? 0;
    while (
      last + 1 < sentences.length &&
      tokens < settings.targetTokens &&
      tokens + (costs[last + 1] ?? 0) <= settings.maxTokens
    ) {
      last++;
      tokens += costs[last] ?? 0;
    }
    const members = sentences.slice(first, last + 1);
    const ordinal = chunks.length;
    chunks.push({
      id: `${statement.docId}::${ordinal}`,
      docId: statement.docId,
      ordinal,
      start: members[0]![0],
      end: members[members.length - 1]![1],
      sentences: members,
    });
    if (last + 1 >= sentences.length) break;
    // Step forward, keeping the overlap, but always make progress.
    first = Math.max(first + 1, last + 1 - settings.overlapSentences);
  }
  return chunks;
}

/** The text given to the embedding model: a short context header, then the chunk. Never quoted. */
export function embeddingText(statement: Statement, chunk: Chunk): string {
  const header = [statement.title, statement.speaker].filter(Boolean).join(" — ");
  const body = statement.text.slice(chunk.start, chunk.end);
  return header ? `${header}\n${body}` : body;
}
