/**
 * Shared pieces of the model generators (make-test-model.ts, make-bench-model.ts):
 *
 * - a BERT-style WordPiece vocabulary builder and the tokenizer files transformers.js 2.17
 *   reads (`tokenizer.json`, `tokenizer_config.json`) plus a BERT `config.json`;
 * - a tiny ONNX graph builder on top of onnx-proto;
 * - deterministic randomness (string hash, seeded PRNG);
 * - an atomic-ish, idempotent writer for a model folder.
 *
 * Nothing here downloads anything: vocabularies come from scripts/wordlist.ts and from text
 * the caller supplies.
 */
import { randomBytes } from "node:crypto";
import { endianness } from "node:os";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import onnxProto from "onnx-proto";
import type { onnx as OnnxTypes } from "onnx-proto";
import { BUILTIN_WORDS } from "./wordlist.js";

export const { onnx } = onnxProto;
export type { OnnxTypes };

// ---------------------------------------------------------------------------------------------
// Text handling that mirrors transformers.js' BertNormalizer + BertPreTokenizer
// ---------------------------------------------------------------------------------------------

/** Same character class as transformers.js' PUNCTUATION_REGEX (BertPreTokenizer splits on it). */
const PUNCTUATION = "\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E";
const PRE_TOKEN_PATTERN = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, "gu");
const PUNCTUATION_ONLY = new RegExp(`^[${PUNCTUATION}]+$`, "u");

/**
 * Splits text into the pieces the tokenizer will see before WordPiece: lowercased, accents
 * stripped, split on whitespace and punctuation (each punctuation mark is its own piece).
 */
export function preTokenize(text: string): string[] {
  const normalized = text
    .replace(/[\t\n\r]/g, " ")
    .replace(/[\p{Cc}\p{Cf}\p{Co}]/gu, "") // BertNormalizer drops control characters
    .replace(/([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/gu, " $1 ") // and spaces CJK ideographs
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
  return normalized.match(PRE_TOKEN_PATTERN) ?? [];
}

/** True for a piece made only of punctuation (it carries no meaning for retrieval). */
export function isPunctuation(piece: string): boolean {
  return PUNCTUATION_ONLY.test(piece);
}

/** The distinct word pieces of a text, in order of first appearance (punctuation left out). */
export function wordsFromText(text: string, maxLength = 40): string[] {
  const seen = new Set<string>();
  for (const piece of preTokenize(text)) {
    if (piece.length <= maxLength && !isPunctuation(piece)) seen.add(piece);
  }
  return [...seen];
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

export const SPECIAL_TOKENS = {
  pad: "[PAD]",
  unk: "[UNK]",
  cls: "[CLS]",
  sep: "[SEP]",
  mask: "[MASK]",
} as const;

/** Ids as in bert-base-uncased; the gap 1..99 is filled with [unused0]..[unused98]. */
const SPECIAL_IDS: ReadonlyMap<number, string> = new Map([
  [0, SPECIAL_TOKENS.pad],
  [100, SPECIAL_TOKENS.unk],
  [101, SPECIAL_TOKENS.cls],
  [102, SPECIAL_TOKENS.sep],
  [103, SPECIAL_TOKENS.mask],
]);

export const CONTINUING_SUBWORD_PREFIX = "##";

/** Typographic marks common in news text, so they do not become [UNK]. */
const EXTRA_SYMBOLS = "‘’‚“”„–—…•·«»‹›€£¥°§¶©®™±×÷";

/** Common English endings, used first when a fixed-size vocabulary needs filling. */
const COMMON_SUFFIXES = (
  "s es ed ing ly er ers est al ally ity ities ive ous able ible tion tions sion sions " +
  "ment ments ness ful less ism ist ists ian ians ize ized ise ised ic ical ence ance " +
  "ent ant ary ory ship hood ward wards en an ia stan"
).split(" ");

export interface VocabularyOptions {
  /** Include scripts/wordlist.ts (default true). */
  readonly builtinWords?: boolean;
  /** More words; each is pre-tokenized like text, so "self-determination" adds three pieces. */
  readonly words?: Iterable<string>;
  /** Free text whose words all become whole-word tokens (e.g. the corpus). */
  readonly extraText?: string;
  /** Exact vocabulary size; filled with deterministic subword pieces. Error if exceeded. */
  readonly size?: number;
}

/**
 * Builds a WordPiece vocabulary, returned as tokens in id order: BERT's special tokens at
 * their usual ids, every printable ASCII character and its "##" form, small numbers and
 * years, the built-in word list, then the caller's words and the words of `extraText`, then
 * (for a fixed size) filler pieces: common suffixes, all 2-letter and 3-letter pieces.
 */
export function buildVocabulary(options: VocabularyOptions = {}): string[] {
  const tokens: string[] = [];
  const seen = new Set<string>();
  const add = (token: string): void => {
    if (token === "" || seen.has(token)) return;
    seen.add(token);
    tokens.push(token);
  };

  let unused = 0;
  for (let id = 0; id <= 103; id++) add(SPECIAL_IDS.get(id) ?? `[unused${unused++}]`);

  const singles: string[] = [];
  for (let code = 0x21; code <= 0x7e; code++) singles.push(String.fromCharCode(code));
  singles.push(...EXTRA_SYMBOLS);
  const addCharacter = (char: string): void => {
    add(char);
    if (!isPunctuation(char)) add(CONTINUING_SUBWORD_PREFIX + char);
  };
  for (const char of singles) addCharacter(char);

  for (let n = 0; n <= 100; n++) add(String(n));
  for (let year = 1900; year <= 2040; year++) add(String(year));
  add("00");
  add("000");
  add(`${CONTINUING_SUBWORD_PREFIX}00`);
  add(`${CONTINUING_SUBWORD_PREFIX}000`);

  const addWord = (word: string): void => {
    for (const piece of preTokenize(word)) {
      if (isPunctuation(piece)) {
        for (const char of piece) addCharacter(char);
        continue;
      }
      // Every character of a word must be reachable on its own, or the word's misspellings
      // and inflections would become [UNK] instead of falling back to smaller pieces.
      for (const char of piece) addCharacter(char);
      add(piece);
    }
  };
  if (options.builtinWords ?? true) for (const word of BUILTIN_WORDS) addWord(word);
  for (const word of options.words ?? []) addWord(word);
  for (const word of options.extraText === undefined ? [] : wordsFromText(options.extraText)) {
    addWord(word);
  }

  if (options.size !== undefined) {
    if (tokens.length > options.size) {
      throw new Error(
        `model-writer: vocabulary needs ${tokens.length} tokens but size ${options.size} was requested`,
      );
    }
    for (const piece of fillerPieces()) {
      if (tokens.length >= options.size) break;
      add(piece);
    }
    if (tokens.length < options.size) {
      throw new Error(`model-writer: could not fill the vocabulary up to ${options.size} tokens`);
    }
  }
  return tokens;
}

function* fillerPieces(): Generator<string> {
  for (const suffix of COMMON_SUFFIXES) yield CONTINUING_SUBWORD_PREFIX + suffix;
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const pairs: string[] = [];
  for (const a of letters) for (const b of letters) pairs.push(a + b);
  for (const pair of pairs) yield CONTINUING_SUBWORD_PREFIX + pair;
  for (const pair of pairs) yield pair;
  for (const pair of pairs) for (const c of letters) yield CONTINUING_SUBWORD_PREFIX + pair + c;
  for (const pair of pairs) for (const c of letters) yield pair + c;
}

// ---------------------------------------------------------------------------------------------
// Tokenizer and model configuration files
// ---------------------------------------------------------------------------------------------

/** `tokenizer.json` in the Hugging Face tokenizers format, as transformers.js 2.17 reads it. */
export function tokenizerJson(vocabulary: readonly string[]): Record<string, unknown> {
  const vocab: Record<string, number> = Object.create(null) as Record<string, number>;
  vocabulary.forEach((token, id) => {
    vocab[token] = id;
  });
  const idOf = (token: string): number => {
    const id = vocab[token];
    if (id === undefined) throw new Error(`model-writer: vocabulary lacks ${token}`);
    return id;
  };
  const special = (token: string, typeId: number) => ({
    SpecialToken: { id: token, type_id: typeId },
  });
  const sequence = (id: "A" | "B", typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: Object.values(SPECIAL_TOKENS).map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special(SPECIAL_TOKENS.cls, 0), sequence("A", 0), special(SPECIAL_TOKENS.sep, 0)],
      pair: [
        special(SPECIAL_TOKENS.cls, 0),
        sequence("A", 0),
        special(SPECIAL_TOKENS.sep, 0),
        sequence("B", 1),
        special(SPECIAL_TOKENS.sep, 1),
      ],
      special_tokens: Object.fromEntries(
        [SPECIAL_TOKENS.cls, SPECIAL_TOKENS.sep].map((token) => [
          token,
          { id: token, ids: [idOf(token)], tokens: [token] },
        ]),
      ),
    },
    decoder: { type: "WordPiece", prefix: CONTINUING_SUBWORD_PREFIX, cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: SPECIAL_TOKENS.unk,
      continuing_subword_prefix: CONTINUING_SUBWORD_PREFIX,
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

/** `tokenizer_config.json`; `model_max_length` is what truncation uses. */
export function tokenizerConfigJson(modelMaxLength: number): Record<string, unknown> {
  return {
    clean_up_tokenization_spaces: true,
    cls_token: SPECIAL_TOKENS.cls,
    do_basic_tokenize: true,
    do_lower_case: true,
    mask_token: SPECIAL_TOKENS.mask,
    model_max_length: modelMaxLength,
    never_split: null,
    pad_token: SPECIAL_TOKENS.pad,
    sep_token: SPECIAL_TOKENS.sep,
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: "BertTokenizer",
    unk_token: SPECIAL_TOKENS.unk,
  };
}

export interface BertShape {
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numHiddenLayers: number;
  readonly numAttentionHeads: number;
  readonly intermediateSize: number;
  readonly maxPositionEmbeddings: number;
  readonly typeVocabSize: number;
  readonly layerNormEps: number;
}

/** A BERT `config.json` (model_type "bert" makes transformers.js use BertModel). */
export function bertConfigJson(shape: BertShape, note: string): Record<string, unknown> {
  return {
    _verbatim_note: note,
    architectures: ["BertModel"],
    attention_probs_dropout_prob: 0.1,
    gradient_checkpointing: false,
    hidden_act: "gelu",
    hidden_dropout_prob: 0.1,
    hidden_size: shape.hiddenSize,
    initializer_range: 0.02,
    intermediate_size: shape.intermediateSize,
    layer_norm_eps: shape.layerNormEps,
    max_position_embeddings: shape.maxPositionEmbeddings,
    model_type: "bert",
    num_attention_heads: shape.numAttentionHeads,
    num_hidden_layers: shape.numHiddenLayers,
    pad_token_id: 0,
    position_embedding_type: "absolute",
    type_vocab_size: shape.typeVocabSize,
    use_cache: true,
    vocab_size: shape.vocabSize,
  };
}

/** Stable JSON text for a generated file. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fills `out` with approximately normal values (mean 0, given standard deviation): the sum of
 * three uniforms (Irwin-Hall), which needs no transcendental functions and so gives the same
 * bits on every platform.
 */
export function fillNormal(out: Float32Array, random: () => number, std: number): Float32Array {
  const scale = 2 * std; // the sum of three U(0,1) has standard deviation 1/2
  for (let i = 0; i < out.length; i++) out[i] = (random() + random() + random() - 1.5) * scale;
  return out;
}

// ---------------------------------------------------------------------------------------------
// ONNX graph building
// ---------------------------------------------------------------------------------------------

const DataType = onnx.TensorProto.DataType;
export type ElementType = "float" | "int64" | "int8" | "uint8" | "int32";
const ELEMENT_TYPES: Record<ElementType, number> = {
  float: DataType.FLOAT,
  int64: DataType.INT64,
  int8: DataType.INT8,
  uint8: DataType.UINT8,
  int32: DataType.INT32,
};

export type AttributeValue =
  { readonly int: number } | { readonly float: number } | { readonly ints: readonly number[] };

function attribute(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const Type = onnx.AttributeProto.AttributeType;
  if ("int" in value) return { name, type: Type.INT, i: value.int };
  if ("float" in value) return { name, type: Type.FLOAT, f: value.float };
  return { name, type: Type.INTS, ints: [...value.ints] };
}

if (endianness() !== "LE") {
  // ONNX raw_data is little-endian; the typed arrays below are written as they sit in memory.
  throw new Error("model-writer: generating ONNX files needs a little-endian machine");
}

type TensorData = Float32Array | BigInt64Array | Int8Array | Uint8Array | Int32Array;

function rawBytes(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function tensor(
  name: string,
  type: ElementType,
  dims: readonly number[],
  data: TensorData,
): OnnxTypes.ITensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new Error(
      `model-writer: tensor ${name} has ${data.length} values for dims [${dims.join(", ")}]`,
    );
  }
  return { name, dataType: ELEMENT_TYPES[type], dims: [...dims], rawData: rawBytes(data) };
}

/** A graph input or output; string dims are symbolic (dynamic) dimensions. */
export function valueInfo(
  name: string,
  type: ElementType,
  dims: readonly (number | string)[],
): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[type],
        shape: {
          dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

/** Collects nodes and initializers; every node output gets a fresh, readable name. */
export class GraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  private counter = 0;

  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  initializer(name: string, type: ElementType, dims: readonly number[], data: TensorData): string {
    this.initializers.push(tensor(name, type, dims, data));
    return name;
  }

  /** A float constant (scalar when dims is empty). */
  float(name: string, values: readonly number[], dims: readonly number[] = []): string {
    return this.initializer(name, "float", dims, Float32Array.from(values));
  }

  /** A 1-D int64 constant (shapes, axes, indices). */
  int64(name: string, values: readonly number[]): string {
    return this.initializer(name, "int64", [values.length], BigInt64Array.from(values, BigInt));
  }

  /** Adds a node with one output and returns the output's name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    output?: string,
  ): string {
    const [first] = this.opMulti(
      opType,
      inputs,
      1,
      attributes,
      output === undefined ? [] : [output],
    );
    if (first === undefined) throw new Error("model-writer: node without output");
    return first;
  }

  /** Adds a node with several outputs (e.g. DynamicQuantizeLinear) and returns their names. */
  opMulti(
    opType: string,
    inputs: readonly string[],
    outputCount: number,
    attributes: Readonly<Record<string, AttributeValue>> = {},
    outputNames: readonly string[] = [],
  ): string[] {
    const base = this.fresh(opType);
    const outputs = Array.from(
      { length: outputCount },
      (_, i) => outputNames[i] ?? `${base}_out${i}`,
    );
    this.nodes.push({
      name: base,
      opType,
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return outputs;
  }

  graph(
    name: string,
    inputs: readonly OnnxTypes.IValueInfoProto[],
    outputs: readonly OnnxTypes.IValueInfoProto[],
  ): OnnxTypes.IGraphProto {
    return {
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: [...inputs],
      output: [...outputs],
    };
  }
}

/** The three inputs transformers.js feeds a BERT encoder: int64 [batch, sequence]. */
export function bertInputs(): OnnxTypes.IValueInfoProto[] {
  return ["input_ids", "attention_mask", "token_type_ids"].map((name) =>
    valueInfo(name, "int64", ["batch_size", "sequence_length"]),
  );
}

/** Serializes a model (IR version 8, default ONNX domain at the given opset). */
export function encodeModel(graph: OnnxTypes.IGraphProto, opset = 17, docString = ""): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: "verbatim-model-writer",
    producerVersion: "1",
    docString,
    opsetImport: [{ domain: "", version: opset }],
    graph,
  }).finish();
}

// ---------------------------------------------------------------------------------------------
// Writing a model folder
// ---------------------------------------------------------------------------------------------

/** Relative path (with "/") to file content. */
export type ModelFiles = ReadonlyMap<string, string | Uint8Array>;

function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? Buffer.from(content, "utf8") : content;
}

async function sameContent(dir: string, files: ModelFiles): Promise<boolean> {
  for (const [relative, content] of files) {
    const expected = toBytes(content);
    const path = join(dir, relative);
    try {
      if ((await stat(path)).size !== expected.byteLength) return false;
      if (!Buffer.from(await readFile(path)).equals(expected)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the files into `outDir`, replacing the folder as a whole: the files go to a
 * temporary sibling folder which is then renamed into place, so a reader never sees half a
 * model. If `outDir` already holds exactly these files, nothing is touched ("unchanged").
 * Files in an existing `outDir` that are not in `files` are dropped on replacement.
 */
export async function writeModelFolder(
  outDir: string,
  files: ModelFiles,
): Promise<"written" | "unchanged"> {
  if (await sameContent(outDir, files)) return "unchanged";

  const parent = dirname(outDir);
  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = join(parent, `.${basename(outDir)}.tmp-${suffix}`);
  const retired = join(parent, `.${basename(outDir)}.old-${suffix}`);
  await mkdir(parent, { recursive: true });
  try {
    for (const [relative, content] of files) {
      const path = join(staging, relative);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, toBytes(content));
    }
    // Writers racing for the same folder: each tries to swap its copy in; one that finds an
    // identical model already in place stops. A few tries cover a swap caught half-way.
    for (let attempt = 1; ; attempt++) {
      try {
        // Another writer may move the old folder away first: then there is nothing to retire.
        await rename(outDir, retired).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOENT") throw error;
        });
        await rename(staging, outDir);
        break;
      } catch (error) {
        if (await sameContent(outDir, files)) return "unchanged";
        if (attempt >= 10) {
          if (!(await exists(outDir)) && (await exists(retired))) await rename(retired, outDir);
          throw new Error(`model-writer: could not move the new model into ${outDir}`, {
            cause: error,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
      }
    }
    return "written";
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(retired, { recursive: true, force: true });
  }
}

/** Runs a generator's `main` when its file is executed directly (not imported); errors become one line. */
export function runWhenExecuted(moduleUrl: string, name: string, main: () => Promise<void>): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href)
    return;
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
