/**
 * Generates the small TEST embedding model: a WordPiece tokenizer plus an ONNX graph made of
 * a single Gather from a [vocab, dim] table. Each row is a pseudo-random vector seeded by a
 * hash of its token's text, so with mean pooling and normalization (what transformers.js
 * feature-extraction does with { pooling: "mean", normalize: true }) a sentence vector is a
 * normalized bag of words, and cosine similarity measures shared words. It needs no download
 * and loads in milliseconds, which is what tests want; it knows nothing about meaning.
 *
 *   npx tsx scripts/make-test-model.ts [--out DIR] [--corpus DIR ...]
 *
 * Default output: .cache/test-models/verbatim-test (apart from .cache/models, where the models a
 * user downloads are kept, which `npm test` never writes into). Words of the files under the corpus folders
 * (default: corpus and test/fixtures/statements, where they exist) become whole-word tokens, so
 * the test corpora are never cut into meaningless pieces.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  GraphBuilder,
  bertConfigJson,
  bertInputs,
  buildVocabulary,
  encodeModel,
  hashString,
  isPunctuation,
  jsonText,
  seededRandom,
  tokenizerConfigJson,
  tokenizerJson,
  valueInfo,
  writeModelFolder,
  runWhenExecuted,
} from "./model-writer.js";

export const TEST_MODEL_DIMENSION = 128;
export const TEST_MODEL_MAX_LENGTH = 256;

const PROJECT_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const DEFAULT_TEST_MODEL_DIR = join(PROJECT_ROOT, ".cache", "test-models", "verbatim-test");
export const DEFAULT_CORPUS_DIRS: readonly string[] = [
  join(PROJECT_ROOT, "corpus"),
  join(PROJECT_ROOT, "test", "fixtures", "statements"),
];
const CORPUS_EXTENSIONS = new Set([".txt", ".md", ".jsonl", ".json"]);

/** Vector given to special and punctuation tokens: non-zero, but too small to matter. */
const NEGLIGIBLE = 1e-4;

/**
 * Function words (and single characters) get a shorter vector so that two sentences sharing
 * only "the" and "of" are not judged similar. Mean pooling sums rows, so a row's length acts as the word's weight
 * (a crude stand-in for IDF).
 */
const STOPWORD_WEIGHT = 0.25;
const STOPWORDS = new Set(
  (
    "a an the and or but nor so yet of to in on at by for from with about as into onto over " +
    "under than then that this these those there here it its is are was were be been being am " +
    "do does did has have had having will would shall should can could may might must i me my " +
    "we us our you your he him his she her they them their what which who whom whose when " +
    "where why how not no if also just very too some any all each such own same other"
  ).split(" "),
);

/**
 * A deliberately light stemmer, so that inflections share a vector and the model has a
 * little paraphrase ability: "missing", "missed", "misses" and "miss" all become "miss";
 * "citizens" becomes "citizen"; "decided" and "decide" become "decid". It only has to be
 * consistent, not linguistically right: both sides of a comparison go through it.
 */
export function lightStem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length >= 6) w = w.slice(0, -3);
  else if (w.endsWith("ed") && w.length >= 5) w = w.slice(0, -2);
  // "stopp" -> "stop", but "miss", "call", "buzz" keep their double letter.
  if (/([b-df-hj-km-np-rtv-y])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("e") && w.length >= 5) w = w.slice(0, -1);
  return w;
}

function isSpecial(token: string): boolean {
  return token.startsWith("[") && token.endsWith("]") && token.length > 2;
}

/** The table row of one token (see the file comment). */
export function tokenVector(token: string, dimension: number): Float32Array {
  const vector = new Float32Array(dimension);
  const text = (token.startsWith("##") ? token.slice(2) : token).toLowerCase();
  if (isSpecial(token) || text === "" || isPunctuation(text)) return vector.fill(NEGLIGIBLE);

  const random = seededRandom(hashString(lightStem(text)));
  let norm = 0;
  for (let i = 0; i < dimension; i++) {
    const value = random() * 2 - 1;
    vector[i] = value;
    norm += value * value;
  }
  // Single characters are the pieces unknown words fall back to; they say little.
  const weight = STOPWORDS.has(text) || text.length === 1 ? STOPWORD_WEIGHT : 1;
  const scale = weight / Math.sqrt(norm);
  for (let i = 0; i < dimension; i++) vector[i] = (vector[i] ?? 0) * scale;
  return vector;
}

export interface TestModelOptions {
  /** Text whose words become whole-word tokens (e.g. the corpus). */
  readonly extraText?: string;
  /** Vector size (default 128). */
  readonly dimension?: number;
}

/** Builds the model files in memory: relative path to content. */
export function testModelFiles(options: TestModelOptions = {}): Map<string, string | Uint8Array> {
  const dimension = options.dimension ?? TEST_MODEL_DIMENSION;
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new Error(`make-test-model: dimension must be a positive integer, got ${dimension}`);
  }
  const vocabulary = buildVocabulary(
    options.extraText === undefined ? {} : { extraText: options.extraText },
  );

  const table = new Float32Array(vocabulary.length * dimension);
  vocabulary.forEach((token, id) => table.set(tokenVector(token, dimension), id * dimension));

  const graph = new GraphBuilder();
  const weights = graph.initializer(
    "embeddings.word_embeddings.weight",
    "float",
    [vocabulary.length, dimension],
    table,
  );
  graph.op("Gather", [weights, "input_ids"], { axis: { int: 0 } }, "last_hidden_state");
  const model = encodeModel(
    graph.graph("verbatim_test_embedding", bertInputs(), [
      valueInfo("last_hidden_state", "float", ["batch_size", "sequence_length", dimension]),
    ]),
    17,
    "Verbatim test model: hashed bag-of-words token vectors (one Gather). Not a language model.",
  );

  const config = bertConfigJson(
    {
      vocabSize: vocabulary.length,
      hiddenSize: dimension,
      numHiddenLayers: 0,
      numAttentionHeads: 1,
      intermediateSize: dimension,
      maxPositionEmbeddings: TEST_MODEL_MAX_LENGTH,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
    },
    "Generated by scripts/make-test-model.ts: hashed token vectors, for tests only. " +
      "Similarity means shared words, nothing more.",
  );
  return new Map<string, string | Uint8Array>([
    ["config.json", jsonText(config)],
    ["tokenizer.json", jsonText(tokenizerJson(vocabulary))],
    ["tokenizer_config.json", jsonText(tokenizerConfigJson(TEST_MODEL_MAX_LENGTH))],
    // transformers.js loads model_quantized.onnx unless told { quantized: false }; there is
    // nothing to quantize here, so both names hold the same graph.
    ["onnx/model.onnx", model],
    ["onnx/model_quantized.onnx", model],
  ]);
}

/** Writes the test model into `outDir` (atomically; untouched if already identical). */
export async function writeTestModel(
  outDir: string,
  options: TestModelOptions = {},
): Promise<void> {
  await writeModelFolder(outDir, testModelFiles(options));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile() && CORPUS_EXTENSIONS.has(extname(entry.name).toLowerCase()))
      files.push(path);
  }
  return files;
}

/** The string values of a JSON line, or the line itself when it is not JSON. */
function textOfJsonLine(line: string): string {
  try {
    const strings: string[] = [];
    const visit = (value: unknown): void => {
      if (typeof value === "string") strings.push(value);
      else if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
    };
    visit(JSON.parse(line));
    return strings.join("\n");
  } catch {
    return line;
  }
}

/** All text of the corpus files under the given folders (missing folders are skipped). */
export async function readCorpusText(dirs: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const dir of dirs) {
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    for (const file of await listFiles(dir)) {
      const text = await readFile(file, "utf8");
      const ext = extname(file).toLowerCase();
      parts.push(
        ext === ".jsonl" || ext === ".json"
          ? text.split("\n").map(textOfJsonLine).join("\n")
          : text,
      );
    }
  }
  return parts.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      corpus: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) {
    process.stderr.write(
      "usage: npx tsx scripts/make-test-model.ts [--out DIR] [--corpus DIR ...]\n",
    );
    return;
  }
  const outDir = resolve(values.out ?? DEFAULT_TEST_MODEL_DIR);
  const corpora = values.corpus?.map((dir) => resolve(dir)) ?? DEFAULT_CORPUS_DIRS;
  const extraText = await readCorpusText(corpora);
  const files = testModelFiles({ extraText });
  const outcome = await writeModelFolder(outDir, files);
  const shown = relative(process.cwd(), outDir) || ".";
  process.stderr.write(`make-test-model: ${outcome} ${shown}\n`);
}

runWhenExecuted(import.meta.url, "make-test-model", main);
