/**
 * Each chunk's sentences as term ids and feature bits, computed once at index time and stored in
 * one flat Uint32Array, so answering a question never tokenizes or stems a candidate again.
 *
 * Layout: [FORMAT, labels, offsets[labels]..., records...]. offsets[label] is 0 for a label with
 * no chunk, else the position of the chunk's record: [sentenceCount, titleCount, speakerCount,
 * title ids..., speaker ids..., then per sentence: features, termCount, term ids...]. The terms of
 * the statement's title and speaker are what every sentence of the chunk implicitly carries.
 */

/**
 * 3: sentences carry the direct-speech bit (features.ts `Feature.speech`). 4: a spelled duration
 * ("four years") or "one of" no longer sets the figure bit, an organisation's name ("Kessel Valley
 * Water Authority") the person bit, nor a month or an institution after "in" the place bit; a
 * sentence that points back at the one before ("These include...") has `Feature.continues`.
 */
export const SENTENCE_TABLE_FORMAT = 4;
const HEADER = 2;

/** The format a stored table says it has (null when too short to say). */
export function sentenceTableFormat(bytes: Uint8Array): number | null {
  if (bytes.byteLength < 4) return null;
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
}

export interface ChunkTerms {
  label: number;
  /** Term ids of the statement's title. */
  title: readonly number[];
  /** Term ids of the statement's speaker. */
  speaker: readonly number[];
  sentences: ReadonlyArray<{ features: number; terms: readonly number[] }>;
}

export interface ChunkSentences {
  title: Uint32Array;
  speaker: Uint32Array;
  features: Uint32Array;
  /** Per sentence, its distinct term ids. */
  terms: Uint32Array[];
}

/** Packs chunks' sentence terms into the stored form. */
export function encodeSentenceTable(chunks: Iterable<ChunkTerms>, labels: number): Uint32Array {
  const list = [...chunks];
  let size = HEADER + labels;
  for (const c of list) {
    size += 3 + c.title.length + c.speaker.length;
    for (const s of c.sentences) size += 2 + s.terms.length;
  }
  const out = new Uint32Array(size);
  out[0] = SENTENCE_TABLE_FORMAT;
  out[1] = labels;
  let at = HEADER + labels;
  for (const c of list) {
    if (c.label >= labels) throw new Error(`label ${c.label} is outside the table (${labels})`);
    out[HEADER + c.label] = at;
    out[at++] = c.sentences.length;
    out[at++] = c.title.length;
    out[at++] = c.speaker.length;
    out.set(c.title, at);
    at += c.title.length;
    out.set(c.speaker, at);
    at += c.speaker.length;
    for (const s of c.sentences) {
      out[at++] = s.features;
      out[at++] = s.terms.length;
      out.set(s.terms, at);
      at += s.terms.length;
    }
  }
  return out;
}

/** Read access to a stored table; decoding a chunk makes views, not copies. */
export class SentenceTable {
  private constructor(private readonly data: Uint32Array) {}

  static fromBytes(bytes: Uint8Array): SentenceTable {
    if (bytes.byteLength % 4 !== 0 || bytes.byteLength < HEADER * 4) {
      throw new Error(`the sentence table is ${bytes.byteLength} bytes, not a whole table`);
    }
    // Copy to an aligned buffer (a Buffer from readFile may start at any byte offset).
    const data = new Uint32Array(bytes.byteLength / 4);
    new Uint8Array(data.buffer).set(bytes);
    if (data[0] !== SENTENCE_TABLE_FORMAT) {
      throw new Error(
        `the sentence table has format ${data[0]}; this Verbatim reads ${SENTENCE_TABLE_FORMAT}`,
      );
    }
    if (HEADER + data[1]! > data.length) throw new Error("the sentence table is truncated");
    return new SentenceTable(data);
  }

  /** The chunk's sentences, or null when the table has no such label. */
  chunk(label: number): ChunkSentences | null {
    const data = this.data;
    if (label < 0 || label >= data[1]!) return null;
    let at = data[HEADER + label]!;
    if (at === 0) return null;
    const count = data[at++]!;
    const titleCount = data[at++]!;
    const speakerCount = data[at++]!;
    const title = data.subarray(at, at + titleCount);
    at += titleCount;
    const speaker = data.subarray(at, at + speakerCount);
    at += speakerCount;
    const features = new Uint32Array(count);
    const terms: Uint32Array[] = [];
    for (let i = 0; i < count; i++) {
      features[i] = data[at++]!;
      const n = data[at++]!;
      if (at + n > data.length) throw new Error(`the sentence table is damaged at label ${label}`);
      terms.push(data.subarray(at, at + n));
      at += n;
    }
    return { title, speaker, features, terms };
  }
}
