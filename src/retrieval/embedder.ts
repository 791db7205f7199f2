/**
 * Embedding models. The `Embedder` interface is all the rest of retrieval sees; the transformers.js
 * adapter below is the only code that imports the library, through one swappable loader.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { ModelLoadError, describeError } from "./errors.js";

export interface Embedder {
  /** What built the vectors: recorded in the index manifest; vectors of two ids never mix. */
  readonly modelId: string;
  readonly dimension: number;
  /** Unit-length vectors, one per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export interface EmbedderOptions {
  /** Hub id (e.g. Xenova/all-MiniLM-L6-v2) or a local model folder. */
  model: string;
  cacheDir: string;
  /** Texts per model call. */
  batchSize?: number;
  /** Longest input in wordpieces; all-MiniLM-L6-v2 was trained on 256. */
  maxTokens?: number;
  /** Whether a hub model may be downloaded when it is not in the cache. */
  allowDownload?: boolean;
}

/** Mean of the token vectors where the mask is 1, scaled to unit length. Pure. */
export function meanPool(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  sequence: number,
  dimension: number,
): Float32Array[] {
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const vector = new Float32Array(dimension);
    let count = 0;
    for (let t = 0; t < sequence; t++) {
      if (Number(mask[b * sequence + t]) === 0) continue;
      count++;
      const offset = (b * sequence + t) * dimension;
      for (let d = 0; d < dimension; d++) vector[d]! += hidden[offset + d]!;
    }
    let norm = 0;
    for (let d = 0; d < dimension; d++) {
      vector[d]! /= Math.max(count, 1);
      norm += vector[d]! * vector[d]!;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dimension; d++) vector[d]! /= norm;
    out.push(vector);
  }
  return out;
}

/** Whether `model` names a folder on disk rather than a hub id. */
export function isLocalModel(model: string): boolean {
  return (
    model.startsWith(".") || path.isAbsolute(model) || existsSync(path.join(model, "config.json"))
  );
}

interface Tensorish {
  data: ArrayLike<number | bigint>;
  dims: number[];
}
type TokenizerFn = (
  texts: string[],
  options: { padding: boolean; truncation: boolean; max_length: number },
) => Record<string, Tensorish>;
type ModelFn = (inputs: Record<string, Tensorish>) => Promise<Record<string, Tensorish>>;

/** all-MiniLM-L6-v2 (or any BERT-style sentence encoder) through transformers.js, with mean pooling. */
export class TransformersEmbedder implements Embedder {
  private constructor(
    readonly modelId: string,
    readonly dimension: number,
    private readonly tokenizer: TokenizerFn,
    private readonly model: ModelFn,
    private readonly batchSize: number,
    private readonly maxTokens: number,
  ) {}

  static async create(options: EmbedderOptions): Promise<TransformersEmbedder> {
    const transformers = await import("@xenova/transformers");
    const { env, AutoTokenizer, AutoModel } = transformers;
    const local = isLocalModel(options.model);
    let name = options.model;
    if (local) {
      const folder = path.resolve(options.model);
      if (!existsSync(path.join(folder, "config.json"))) {
        throw new ModelLoadError(
          options.model,
          `Embedding model folder "${options.model}" has no config.json; point EMBEDDING_MODEL at a transformers.js model folder.`,
        );
      }
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
      env.localModelPath = path.dirname(folder) + path.sep;
      name = path.basename(folder);
    } else {
      env.allowLocalModels = false;
      env.allowRemoteModels = options.allowDownload ?? true;
      env.cacheDir = path.resolve(options.cacheDir);
    }
    try {
      const tokenizer = await AutoTokenizer.from_pretrained(name);
      const model = await AutoModel.from_pretrained(name, { quantized: true });
      const config = (model as unknown as { config: { hidden_size?: number } }).config;
      const dimension = config.hidden_size;
      if (!dimension) throw new Error("config.json has no hidden_size");
      const modelId = local ? await localModelId(path.resolve(options.model)) : options.model;
      return new TransformersEmbedder(
        modelId,
        dimension,
        tokenizer as unknown as TokenizerFn,
        model as unknown as ModelFn,
        options.batchSize ?? 32,
        options.maxTokens ?? 256,
      );
    } catch (error) {
      const fix = local
        ? "check that the folder holds config.json, tokenizer.json and onnx/model_quantized.onnx"
        : `run "npm run model:download" on a machine with internet (it fills ${options.cacheDir}), or set EMBEDDING_MODEL=none`;
      throw new ModelLoadError(
        options.model,
        `Could not load the embedding model "${options.model}" (${describeError(error).slice(0, 200)}): ${fix}.`,
        { cause: error },
      );
    }
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    // Similar lengths in one batch waste less padding.
    const order = texts
      .map((text, index) => ({ text, index }))
      .sort((a, b) => a.text.length - b.text.length);
    for (let i = 0; i < order.length; i += this.batchSize) {
      const batch = order.slice(i, i + this.batchSize);
      const inputs = this.tokenizer(
        batch.map((item) => item.text),
        { padding: true, truncation: true, max_length: this.maxTokens },
      );
      const output = await this.model(inputs);
      const hidden = output.last_hidden_state;
      const mask = inputs.attention_mask;
      if (!hidden || !mask) throw new Error("the model returned no last_hidden_state");
      const [batchSize, sequence, dimension] = hidden.dims as [number, number, number];
      const vectors = meanPool(
        hidden.data as Float32Array,
        mask.data,
        batchSize,
        sequence,
        dimension,
      );
      batch.forEach((item, j) => (out[item.index] = vectors[j]!));
    }
    return out;
  }
}

/** A local folder's id names it and fingerprints its weights, so a regenerated model is noticed. */
async function localModelId(folder: string): Promise<string> {
  const hash = createHash("sha256");
  for (const file of ["config.json", "tokenizer.json", "onnx/model_quantized.onnx"]) {
    const full = path.join(folder, file);
    if (!existsSync(full)) continue;
    const info = await stat(full);
    hash.update(`${file}:${info.size};`);
    if (info.size < 8 * 1024 * 1024) hash.update(await readFile(full));
  }
  return `local:${path.basename(folder)}@${hash.digest("hex").slice(0, 12)}`;
}

export interface EmbedderChoice {
  embedder: Embedder | null;
  /** One plain sentence for the user when the model could not be loaded. */
  warning: string | null;
}

/** The configured model, or null for keyword search with a warning saying why and what to do. */
export async function loadEmbedder(
  model: string | null,
  cacheDir: string,
  create: (options: EmbedderOptions) => Promise<Embedder> = (options) =>
    TransformersEmbedder.create(options),
): Promise<EmbedderChoice> {
  if (model === null) return { embedder: null, warning: null };
  try {
    return { embedder: await create({ model, cacheDir }), warning: null };
  } catch (error) {
    const message = error instanceof ModelLoadError ? error.message : describeError(error);
    return { embedder: null, warning: `${message} Continuing with keyword search only.` };
  }
}
