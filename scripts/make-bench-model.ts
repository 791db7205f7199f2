/**
 * Generates the BENCHMARK model: a BERT encoder with exactly the shape of
 * sentence-transformers/all-MiniLM-L6-v2 (6 layers, hidden 384, 12 heads, intermediate 1536,
 * vocabulary 30522, 512 positions, 2 token types, GELU, LayerNorm eps 1e-12), with seeded
 * random weights.
 *
 * Its inference cost equals the real model's: same graph, same operators, same sizes, and an
 * int8 variant quantized the way ONNX Runtime's quantize_dynamic does it (which is how the
 * Xenova/all-MiniLM-L6-v2 `model_quantized.onnx` that users download was made). Its vectors
 * carry NO meaning: use it to time indexing and search, never to judge answer quality.
 *
 *   npx tsx scripts/make-bench-model.ts [--out DIR]
 *
 * Default output: .cache/models/bench-minilm-shape, holding onnx/model.onnx (fp32),
 * onnx/model_quantized.onnx (int8), tokenizer.json (WordPiece, exactly 30522 entries),
 * tokenizer_config.json (model_max_length 512) and config.json.
 */
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  GraphBuilder,
  bertConfigJson,
  bertInputs,
  buildVocabulary,
  encodeModel,
  fillNormal,
  hashString,
  jsonText,
  seededRandom,
  tokenizerConfigJson,
  tokenizerJson,
  valueInfo,
  writeModelFolder,
  type BertShape,
  runWhenExecuted,
} from "./model-writer.js";

export const MINILM_SHAPE: BertShape = {
  vocabSize: 30522,
  hiddenSize: 384,
  numHiddenLayers: 6,
  numAttentionHeads: 12,
  intermediateSize: 1536,
  maxPositionEmbeddings: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

const PROJECT_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const DEFAULT_OUT = join(PROJECT_ROOT, ".cache", "models", "bench-minilm-shape");
const SEED = hashString("verbatim bench-minilm-shape v1");
const WEIGHT_STD = 0.02;

interface Linear {
  readonly name: string;
  /** [in, out], row-major: the layout MatMul(x, W) wants. */
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  readonly inFeatures: number;
  readonly outFeatures: number;
}

interface Layer {
  readonly prefix: string;
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;
  readonly attentionOutput: Linear;
  readonly intermediate: Linear;
  readonly output: Linear;
}

interface Weights {
  readonly word: Float32Array;
  readonly position: Float32Array;
  readonly tokenType: Float32Array;
  readonly layers: readonly Layer[];
}

/** All weights, drawn in a fixed order from one seeded generator. */
function randomWeights(shape: BertShape): Weights {
  const random = seededRandom(SEED);
  const normal = (size: number): Float32Array =>
    fillNormal(new Float32Array(size), random, WEIGHT_STD);
  const linear = (name: string, inFeatures: number, outFeatures: number): Linear => ({
    name,
    weight: normal(inFeatures * outFeatures),
    bias: new Float32Array(outFeatures),
    inFeatures,
    outFeatures,
  });
  const { hiddenSize: h, intermediateSize: ff } = shape;
  const word = normal(shape.vocabSize * h);
  const position = normal(shape.maxPositionEmbeddings * h);
  const tokenType = normal(shape.typeVocabSize * h);
  const layers = Array.from({ length: shape.numHiddenLayers }, (_, i): Layer => {
    const prefix = `encoder.layer.${i}`;
    return {
      prefix,
      query: linear(`${prefix}.attention.self.query`, h, h),
      key: linear(`${prefix}.attention.self.key`, h, h),
      value: linear(`${prefix}.attention.self.value`, h, h),
      attentionOutput: linear(`${prefix}.attention.output.dense`, h, h),
      intermediate: linear(`${prefix}.intermediate.dense`, h, ff),
      output: linear(`${prefix}.output.dense`, ff, h),
    };
  });
  return { word, position, tokenType, layers };
}

/** Symmetric per-tensor int8 quantization (zero point 0), as quantize_dynamic does for weights. */
function quantizeSymmetric(values: Float32Array): { data: Int8Array; scale: number } {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 127 : 1;
  const data = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    data[i] = Math.max(-127, Math.min(127, Math.round((values[i] ?? 0) / scale)));
  }
  return { data, scale };
}

/** Emits the encoder; `quantized` switches weight MatMuls and Gathers to their int8 forms. */
function buildGraph(shape: BertShape, weights: Weights, quantized: boolean): GraphBuilder {
  const g = new GraphBuilder();
  const h = shape.hiddenSize;
  const heads = shape.numAttentionHeads;
  const headSize = h / heads;

  // --- constants shared by all layers
  const one = g.float("const_one", [1]);
  const half = g.float("const_half", [0.5]);
  const sqrt2 = g.float("const_sqrt2", [Math.SQRT2]);
  const attentionScale = g.float("const_sqrt_head_size", [Math.sqrt(headSize)]);
  const maskValue = g.float("const_mask_value", [-10000]);
  const headsShape = g.int64("const_shape_heads", [0, 0, heads, headSize]);
  const hiddenShape = g.int64("const_shape_hidden", [0, 0, h]);

  const layerNorm = (x: string, prefix: string): string => {
    // gamma 1 and beta 0, stored per LayerNorm as in a real export.
    const gamma = g.float(`${prefix}.LayerNorm.weight`, new Array<number>(h).fill(1), [h]);
    const beta = g.float(`${prefix}.LayerNorm.bias`, new Array<number>(h).fill(0), [h]);
    return g.op(
      "LayerNormalization",
      [x, gamma, beta],
      { axis: { int: -1 }, epsilon: { float: shape.layerNormEps } },
      `${prefix}.LayerNorm.output`,
    );
  };

  const linear = (x: string, layer: Linear): string => {
    const bias = g.initializer(`${layer.name}.bias`, "float", [layer.outFeatures], layer.bias);
    const dims = [layer.inFeatures, layer.outFeatures];
    if (!quantized) {
      const w = g.initializer(`${layer.name}.weight`, "float", dims, layer.weight);
      return g.op("Add", [g.op("MatMul", [x, w]), bias]);
    }
    // The pattern ONNX Runtime's quantize_dynamic writes for a MatMul with a constant weight.
    const q = quantizeSymmetric(layer.weight);
    const w = g.initializer(`${layer.name}.weight_quantized`, "int8", dims, q.data);
    const wScale = g.float(`${layer.name}.weight_scale`, [q.scale]);
    const wZero = g.initializer(`${layer.name}.weight_zero_point`, "int8", [], new Int8Array(1));
    const [xq, xScale, xZero] = g.opMulti("DynamicQuantizeLinear", [x], 3);
    if (xq === undefined || xScale === undefined || xZero === undefined)
      throw new Error("unreachable");
    const product = g.op("MatMulInteger", [xq, w, xZero, wZero]);
    const asFloat = g.op("Cast", [product], { to: { int: 1 /* FLOAT */ } });
    const scale = g.op("Mul", [xScale, wScale]);
    return g.op("Add", [g.op("Mul", [asFloat, scale]), bias]);
  };

  const embeddingLookup = (
    name: string,
    table: Float32Array,
    rows: number,
    indices: string,
  ): string => {
    if (!quantized) {
      return g.op("Gather", [g.initializer(name, "float", [rows, h], table), indices], {
        axis: { int: 0 },
      });
    }
    const q = quantizeSymmetric(table);
    const data = g.initializer(`${name}_quantized`, "int8", [rows, h], q.data);
    const scale = g.float(`${name}_scale`, [q.scale]);
    const zero = g.initializer(`${name}_zero_point`, "int8", [], new Int8Array(1));
    const gathered = g.op("Gather", [data, indices], { axis: { int: 0 } });
    return g.op("DequantizeLinear", [gathered, scale, zero]);
  };

  // --- embeddings
  const positionIds = g.initializer(
    "embeddings.position_ids",
    "int64",
    [1, shape.maxPositionEmbeddings],
    BigInt64Array.from({ length: shape.maxPositionEmbeddings }, (_, i) => BigInt(i)),
  );
  const sequenceLength = g.op("Shape", ["input_ids"], { start: { int: 1 }, end: { int: 2 } });
  const positions = g.op("Slice", [
    positionIds,
    g.int64("const_zero_1d", [0]),
    sequenceLength,
    g.int64("const_axis_1", [1]),
  ]);
  const words = embeddingLookup(
    "embeddings.word_embeddings.weight",
    weights.word,
    shape.vocabSize,
    "input_ids",
  );
  const types = embeddingLookup(
    "embeddings.token_type_embeddings.weight",
    weights.tokenType,
    shape.typeVocabSize,
    "token_type_ids",
  );
  const positional = embeddingLookup(
    "embeddings.position_embeddings.weight",
    weights.position,
    shape.maxPositionEmbeddings,
    positions,
  );
  let hidden = layerNorm(g.op("Add", [g.op("Add", [words, types]), positional]), "embeddings");

  // --- attention mask [batch, seq] -> additive bias [batch, 1, 1, seq]: 0 keep, -10000 drop
  const mask = g.op(
    "Cast",
    [g.op("Unsqueeze", ["attention_mask", g.int64("const_axes_1_2", [1, 2])])],
    {
      to: { int: 1 /* FLOAT */ },
    },
  );
  const maskBias = g.op("Mul", [g.op("Sub", [one, mask]), maskValue]);

  const splitHeads = (x: string, perm: readonly number[]): string =>
    g.op("Transpose", [g.op("Reshape", [x, headsShape])], { perm: { ints: perm } });

  for (const layer of weights.layers) {
    const queries = splitHeads(linear(hidden, layer.query), [0, 2, 1, 3]); // [b, heads, s, d]
    const keys = splitHeads(linear(hidden, layer.key), [0, 2, 3, 1]); // [b, heads, d, s]
    const values = splitHeads(linear(hidden, layer.value), [0, 2, 1, 3]); // [b, heads, s, d]
    const scores = g.op("Add", [
      g.op("Div", [g.op("MatMul", [queries, keys]), attentionScale]),
      maskBias,
    ]);
    const probabilities = g.op("Softmax", [scores], { axis: { int: -1 } });
    const context = g.op("Reshape", [
      g.op("Transpose", [g.op("MatMul", [probabilities, values])], {
        perm: { ints: [0, 2, 1, 3] },
      }),
      hiddenShape,
    ]);
    const attended = layerNorm(
      g.op("Add", [linear(context, layer.attentionOutput), hidden]),
      `${layer.prefix}.attention.output`,
    );
    // GELU, the exact (erf) form: x * 0.5 * (1 + erf(x / sqrt(2)))
    const inner = linear(attended, layer.intermediate);
    const gelu = g.op("Mul", [
      g.op("Mul", [inner, g.op("Add", [g.op("Erf", [g.op("Div", [inner, sqrt2])]), one])]),
      half,
    ]);
    hidden = layerNorm(
      g.op("Add", [linear(gelu, layer.output), attended]),
      `${layer.prefix}.output`,
    );
  }
  g.op("Identity", [hidden], {}, "last_hidden_state");
  return g;
}

function encode(shape: BertShape, weights: Weights, quantized: boolean): Uint8Array {
  const g = buildGraph(shape, weights, quantized);
  const graph = g.graph(
    quantized ? "bench_minilm_shape_int8" : "bench_minilm_shape",
    bertInputs(),
    [valueInfo("last_hidden_state", "float", ["batch_size", "sequence_length", shape.hiddenSize])],
  );
  return encodeModel(
    graph,
    17,
    "Random weights in the exact shape of all-MiniLM-L6-v2: real inference cost, meaningless vectors.",
  );
}

/** Builds the model files in memory: relative path to content. */
export function benchModelFiles(): Map<string, string | Uint8Array> {
  const shape = MINILM_SHAPE;
  const vocabulary = buildVocabulary({ size: shape.vocabSize });
  const weights = randomWeights(shape);
  const note =
    "Generated by scripts/make-bench-model.ts: random weights in all-MiniLM-L6-v2's shape. " +
    "Same inference cost as the real model; the vectors carry no meaning.";
  return new Map<string, string | Uint8Array>([
    ["config.json", jsonText(bertConfigJson(shape, note))],
    ["tokenizer.json", jsonText(tokenizerJson(vocabulary))],
    ["tokenizer_config.json", jsonText(tokenizerConfigJson(shape.maxPositionEmbeddings))],
    ["onnx/model.onnx", encode(shape, weights, false)],
    ["onnx/model_quantized.onnx", encode(shape, weights, true)],
  ]);
}

/** Writes the benchmark model into `outDir` (atomically; untouched if already identical). */
export async function writeBenchModel(outDir: string): Promise<void> {
  await writeModelFolder(outDir, benchModelFiles());
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help === true) {
    process.stderr.write("usage: npx tsx scripts/make-bench-model.ts [--out DIR]\n");
    return;
  }
  const outDir = resolve(values.out ?? DEFAULT_OUT);
  const started = performance.now();
  const outcome = await writeModelFolder(outDir, benchModelFiles());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `make-bench-model: ${outcome} ${relative(process.cwd(), outDir) || "."} in ${seconds} s\n`,
  );
}

runWhenExecuted(import.meta.url, "make-bench-model", main);
