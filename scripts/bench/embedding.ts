/**
 * Embedding measurements: a timing wrapper around the product's embedder, a recorder of the token
 * batches it sends to ONNX Runtime, their replay on a bare onnxruntime-node session (the ceiling),
 * and synthetic vectors with the same mean and covariance as the model's real output.
 */
import ort from "onnxruntime-node";
import type { Embedder } from "../../src/retrieval/embedder.js";
import { hashString, seededRandom } from "../model-writer.js";
import { median } from "./stats.js";

/** Times every `embed` call of another embedder and can keep what it returned, by text. */
export class TimedEmbedder implements Embedder {
  ms = 0;
  texts = 0;
  readonly kept = new Map<string, Float32Array>();
  keep = false;
  constructor(readonly inner: Embedder) {}
  get modelId() {
    return this.inner.modelId;
  }
  get dimension() {
    return this.inner.dimension;
  }
  async embed(texts: string[]): Promise<Float32Array[]> {
    const started = performance.now();
    const out = await this.inner.embed(texts);
    this.ms += performance.now() - started;
    this.texts += texts.length;
    if (this.keep) texts.forEach((text, i) => this.kept.set(text, out[i]!));
    return out;
  }
  reset() {
    this.ms = 0;
    this.texts = 0;
  }
}

type Feeds = Record<string, ort.Tensor>;
interface RunnableSession {
  run(feeds: Feeds, ...rest: unknown[]): Promise<unknown>;
}

/** Records the inputs of every ONNX Runtime call a TransformersEmbedder makes, and their time. */
export class SessionRecorder {
  readonly batches: Feeds[] = [];
  ms = 0;
  recording = false;
  private constructor() {}

  /** Hooks the ONNX session inside the product's embedder (benchmark-only introspection). */
  static attach(embedder: Embedder): SessionRecorder {
    const model = (embedder as unknown as { model?: { session?: RunnableSession } }).model;
    const session =
      model?.session ?? (embedder as unknown as { session?: RunnableSession }).session;
    if (!session || typeof session.run !== "function") {
      throw new Error("cannot find the ONNX session inside the embedder to record its batches");
    }
    const recorder = new SessionRecorder();
    const run = session.run.bind(session);
    session.run = async (feeds: Feeds, ...rest: unknown[]) => {
      const started = performance.now();
      const out = await run(feeds, ...rest);
      if (recorder.recording) {
        recorder.ms += performance.now() - started;
        recorder.batches.push(feeds);
      }
      return out;
    };
    return recorder;
  }

  start() {
    this.batches.length = 0;
    this.ms = 0;
    this.recording = true;
  }

  stop() {
    this.recording = false;
  }

  /** Texts and tokens in the recorded batches; `padded` counts padding too. */
  get shape() {
    let texts = 0;
    let tokens = 0;
    let padded = 0;
    for (const feeds of this.batches) {
      const mask = feeds.attention_mask!;
      texts += mask.dims[0]!;
      padded += mask.data.length;
      for (const v of mask.data as BigInt64Array) tokens += Number(v);
    }
    return { texts, tokens, padded, batches: this.batches.length };
  }
}

/**
 * Runs the recorded batches on a fresh onnxruntime-node session of the same model file with
 * default options: the physical ceiling for embedding those tokens. Returns the median time (ms)
 * of `reps` passes, after one warm-up batch.
 */
export async function replayOnRawOrt(modelFile: string, batches: Feeds[], reps: number) {
  const session = await ort.InferenceSession.create(modelFile);
  const feeds = batches.map((batch) =>
    Object.fromEntries(
      session.inputNames.map((name) => {
        const t = batch[name]!;
        return [name, new ort.Tensor(t.type, t.data, t.dims)];
      }),
    ),
  );
  if (feeds[0]) await session.run(feeds[0]);
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const started = performance.now();
    for (const f of feeds) await session.run(f);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Normal variates from a seeded generator (Box–Muller). */
function normals(random: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/**
 * A Gaussian with the mean and covariance of a set of real vectors; samples are normalised like
 * the model's output. Keeps the anisotropy and spectrum of the real vectors, not their clusters.
 */
export class GaussianVectors {
  private constructor(
    private readonly mu: Float64Array,
    /** Lower-triangular Cholesky factor of the covariance, row-major. */
    private readonly chol: Float64Array,
    readonly dimension: number,
  ) {}

  static fit(vectors: readonly Float32Array[]): GaussianVectors {
    const d = vectors[0]!.length;
    const n = vectors.length;
    const mu = new Float64Array(d);
    for (const v of vectors) for (let i = 0; i < d; i++) mu[i]! += v[i]! / n;
    const cov = new Float64Array(d * d);
    const centred = new Float64Array(d);
    for (const v of vectors) {
      for (let i = 0; i < d; i++) centred[i] = v[i]! - mu[i]!;
      for (let i = 0; i < d; i++) {
        const ci = centred[i]!;
        for (let j = 0; j <= i; j++) cov[i * d + j]! += (ci * centred[j]!) / (n - 1);
      }
    }
    // Cholesky (with a little jitter so a rank-deficient sample still factorises).
    let trace = 0;
    for (let i = 0; i < d; i++) trace += cov[i * d + i]!;
    const jitter = (1e-6 * trace) / d;
    const l = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = cov[i * d + j]! + (i === j ? jitter : 0);
        for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
        l[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-18)) : sum / l[j * d + j]!;
      }
    }
    return new GaussianVectors(mu, l, d);
  }

  /**
   * A deterministic unit vector for a key: drawn from the fitted Gaussian, or, given `near`, from
   * one scaled by `scale` around that vector (a smoothed bootstrap, which keeps the clusters).
   */
  sample(key: string, near?: Float32Array, scale = 1): Float32Array {
    const d = this.dimension;
    const z = normals(seededRandom(hashString(key)), d);
    const out = new Float32Array(d);
    let norm = 0;
    for (let i = 0; i < d; i++) {
      let x = near ? near[i]! : this.mu[i]!;
      if (near) {
        let noise = 0;
        for (let k = 0; k <= i; k++) noise += this.chol[i * d + k]! * z[k]!;
        x += scale * noise;
        out[i] = x;
        norm += x * x;
        continue;
      }
      for (let k = 0; k <= i; k++) x += this.chol[i * d + k]! * z[k]!;
      out[i] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < d; i++) out[i]! /= norm;
    return out;
  }
}

/**
 * Stand-ins for real vectors where embedding them all would take too long: each is a real vector
 * of the sample plus Gaussian noise with the sample's covariance, scaled by `scale` (a smoothed
 * bootstrap), normalised. Unlike draws from one Gaussian, this keeps the clusters of real text:
 * at 20,000 chunks, HNSW recall on such vectors (built from a quarter of the real ones) came within
 * about 0.01 of recall on the real vectors at every ef, where one Gaussian was 0.1 lower.
 */
export class ProxyVectors {
  static readonly SCALE = 0.35;
  private readonly gauss: GaussianVectors;
  constructor(private readonly base: readonly Float32Array[]) {
    this.gauss = GaussianVectors.fit(base);
  }
  vector(key: string): Float32Array {
    const near = this.base[hashString(`base ${key}`) % this.base.length]!;
    return this.gauss.sample(key, near, ProxyVectors.SCALE);
  }
}

/** Hands out vectors computed beforehand (real ones where known, synthetic otherwise). */
export class PrecomputedEmbedder implements Embedder {
  missing = 0;
  constructor(
    readonly modelId: string,
    readonly dimension: number,
    private readonly vectors: ReadonlyMap<string, Float32Array>,
    private readonly fallback: ProxyVectors,
  ) {}
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => {
      const known = this.vectors.get(text);
      if (known) return known;
      this.missing++;
      return this.fallback.vector(text);
    });
  }
}

/**
 * How concentrated a set of unit vectors is: the length of their mean (0 for isotropic, 1 when all
 * are equal) and the mean cosine of random pairs. Text embeddings are often anisotropic.
 */
export function anisotropy(vectors: readonly Float32Array[], pairs = 20000) {
  const d = vectors[0]?.length ?? 0;
  const mu = new Float64Array(d);
  for (const v of vectors) for (let i = 0; i < d; i++) mu[i]! += v[i]! / vectors.length;
  const meanLength = Math.sqrt(mu.reduce((s, x) => s + x * x, 0));
  const random = seededRandom(7);
  let sum = 0;
  for (let p = 0; p < pairs; p++) {
    const a = vectors[Math.floor(random() * vectors.length)]!;
    const b = vectors[Math.floor(random() * vectors.length)]!;
    let dot = 0;
    for (let i = 0; i < d; i++) dot += a[i]! * b[i]!;
    sum += dot;
  }
  return { meanLength, meanPairCosine: sum / pairs };
}
