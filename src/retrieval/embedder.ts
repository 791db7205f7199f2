/**
 * Embedding models. The `Embedder` interface is all the rest of retrieval sees; the transformers.js
 * adapter below is the only code that imports the library, through one swappable loader.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { ModelLoadError, describeError } from "./errors.js";
import {
  downloadFailedLine,
  forgetFailedDownload,
  readFailedDownload,
  recordFailedDownload,
  rememberedFailure,
  rememberedFailureLine,
  shortReason,
} from "./failed-download.js";

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
/** transformers.js tokenizer, called for token ids only (no padding, no tensors). */
type TokenizerFn = (
  texts: string[],
  options: { padding: false; truncation: true; max_length: number; return_tensor: false },
) => Record<string, number[][]>;
type ModelFn = (inputs: Record<string, Tensorish>) => Promise<Record<string, Tensorish>>;
type TensorFn = (data: BigInt64Array, dims: number[]) => Tensorish;

/** all-MiniLM-L6-v2 (or any BERT-style sentence encoder) through transformers.js, with mean pooling. */
export class TransformersEmbedder implements Embedder {
  private constructor(
    readonly modelId: string,
    readonly dimension: number,
    private readonly tokenizer: TokenizerFn,
    private readonly model: ModelFn,
    private readonly tensor: TensorFn,
    private readonly padTokenId: number,
    private readonly batchSize: number,
    private readonly maxTokens: number,
  ) {}

  static async create(options: EmbedderOptions): Promise<TransformersEmbedder> {
    const transformers = await import("@xenova/transformers");
    const { env, AutoTokenizer, AutoModel, Tensor } = transformers;
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
      env.allowRemoteModels = options.allowDownload ?? true;
      env.cacheDir = path.resolve(options.cacheDir);
      // Without downloads the cache is read as a folder of local models (it has their layout):
      // transformers.js refuses to run with both local and remote models turned off.
      env.allowLocalModels = !env.allowRemoteModels;
      env.localModelPath = env.cacheDir + path.sep;
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
        (data, dims) => new Tensor("int64", data, dims),
        (tokenizer as unknown as { pad_token_id?: number }).pad_token_id ?? 0,
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

  /**
   * Tokenizes everything once, then runs the model on batches of similar token counts, each padded
   * only to its own longest text (transformers.js would pad every text to `max_length`: 256
   * wordpieces for a ten-word question).
   */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    if (texts.length === 0) return out;
    const encoded = this.tokenizer(texts, {
      padding: false,
      truncation: true,
      max_length: this.maxTokens,
      return_tensor: false,
    });
    const ids = encoded.input_ids;
    if (!ids) throw new Error("the tokenizer returned no input_ids");
    const typeIds = encoded.token_type_ids;
    const order = ids.map((_, index) => index).sort((a, b) => ids[a]!.length - ids[b]!.length);
    for (let i = 0; i < order.length; i += this.batchSize) {
      const batch = order.slice(i, i + this.batchSize);
      const sequence = ids[batch.at(-1)!]!.length;
      const size = batch.length * sequence;
      const inputIds = new BigInt64Array(size).fill(BigInt(this.padTokenId));
      const mask = new BigInt64Array(size);
      const tokenTypes = new BigInt64Array(size);
      batch.forEach((index, row) => {
        const tokens = ids[index]!;
        const types = typeIds?.[index];
        const offset = row * sequence;
        for (let t = 0; t < tokens.length; t++) {
          inputIds[offset + t] = BigInt(tokens[t]!);
          mask[offset + t] = 1n;
          if (types) tokenTypes[offset + t] = BigInt(types[t] ?? 0);
        }
      });
      const dims = [batch.length, sequence];
      const inputs: Record<string, Tensorish> = {
        input_ids: this.tensor(inputIds, dims),
        attention_mask: this.tensor(mask, dims),
      };
      if (typeIds) inputs.token_type_ids = this.tensor(tokenTypes, dims);
      const output = await this.model(inputs);
      const hidden = output.last_hidden_state;
      if (!hidden) throw new Error("the model returned no last_hidden_state");
      const [batchSize, length, dimension] = hidden.dims as [number, number, number];
      const vectors = meanPool(hidden.data as Float32Array, mask, batchSize, length, dimension);
      batch.forEach((index, j) => (out[index] = vectors[j]!));
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
  /** One line for the user when the model could not be loaded: why, and what to do. */
  warning: string | null;
  /**
   * The warning repeats a download failure already reported (the network was not tried again):
   * commands say nothing more; a long-running process still logs it.
   */
  remembered: boolean;
}

export interface LoadEmbedderOptions {
  /** Builds the embedder (tests pass a stand-in). */
  create?: (options: EmbedderOptions) => Promise<Embedder>;
  /** The clock, for how long a failed download is remembered. */
  now?: () => number;
}

/**
 * The configured model, or null for keyword search with a warning saying why and what to do. A
 * hub model that could not be downloaded is not tried over the network again for an hour (a file
 * in the cache remembers the failure): meanwhile only the cache is read, in case the model was
 * copied in.
 */
export async function loadEmbedder(
  model: string | null,
  cacheDir: string,
  options: LoadEmbedderOptions = {},
): Promise<EmbedderChoice> {
  const create = options.create ?? ((o: EmbedderOptions) => TransformersEmbedder.create(o));
  const now = options.now ?? Date.now;
  if (model === null) return { embedder: null, warning: null, remembered: false };
  if (isLocalModel(model)) {
    try {
      return { embedder: await create({ model, cacheDir }), warning: null, remembered: false };
    } catch (error) {
      const message = error instanceof ModelLoadError ? error.message : describeError(error);
      return {
        embedder: null,
        warning: `${message} Continuing with keyword search only.`,
        remembered: false,
      };
    }
  }
  const remembered = rememberedFailure(await readFailedDownload(cacheDir), model, now());
  try {
    const embedder = await create({ model, cacheDir, allowDownload: remembered === null });
    await forgetFailedDownload(cacheDir);
    return { embedder, warning: null, remembered: false };
  } catch (error) {
    if (remembered) {
      return {
        embedder: null,
        warning: rememberedFailureLine(remembered, cacheDir),
        remembered: true,
      };
    }
    const failure = { model, at: new Date(now()).toISOString(), reason: shortReason(error) };
    await recordFailedDownload(cacheDir, failure);
    return { embedder: null, warning: downloadFailedLine(failure, cacheDir), remembered: false };
  }
}
