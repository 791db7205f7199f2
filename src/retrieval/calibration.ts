/**
 * How the configured embedding model's similarities spread on this corpus, measured at index time
 * and kept in the manifest, so "close in meaning" is judged against this model on these texts
 * instead of constants fitted by hand to one model. Pure functions over vectors.
 *
 * Two samples:
 * - unrelated: a probe (a question-like string of one sentence's content words) against chunks of
 *   other statements: what "not about this" scores;
 * - related: the same probe against its own chunk: what "this is the passage" scores.
 * The floor is a high percentile of the unrelated scores, the ceiling the median related score.
 * A model whose related scores do not stand clear of its unrelated ones (a random-weight model,
 * say) is marked as not separating, and closeness in meaning then never makes a passage an answer.
 */

export interface DenseCalibration {
  /** Similarity at or below which a passage is no closer than unrelated text (calibrated 0). */
  floor: number;
  /** Similarity of a passage to a question drawn from it (calibrated 1). */
  ceiling: number;
  /** Whether related and unrelated similarities are far enough apart to judge by. */
  separates: boolean;
  /** Sample sizes, for the record. */
  probes: number;
  pairs: number;
}

/** Related scores must clear unrelated ones by this much for the model to be trusted. */
const MIN_SEPARATION = 0.08;
/** Percentile of unrelated similarities taken as the floor. */
const FLOOR_PERCENTILE = 0.95;
/** Chunks sampled as probes, and unrelated chunks compared with each probe. */
export const CALIBRATION_PROBES = 48;
const UNRELATED_PER_PROBE = 12;

export interface ProbeSource {
  label: number;
  /** Which statement the chunk belongs to (a probe is never compared with its own statement). */
  statement: number;
  /** A question-like text drawn from the chunk. */
  probe: string;
}

/** A small deterministic generator, so the same corpus always gives the same calibration. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Picks `count` items spread over the list, deterministically. */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  if (items.length <= count) return [...items];
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(random() * items.length));
  return [...picked].sort((a, b) => a - b).map((i) => items[i]!);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))));
  return sorted[at]!;
}

/**
 * Calibration from probe vectors and chunk vectors. `chunks` lists every chunk's label and
 * statement; `vectorOf` gives a chunk's stored vector. Null when the corpus is too small to tell
 * (fewer than two statements or no probes).
 */
export function calibrateFrom(
  probes: ReadonlyArray<ProbeSource & { vector: Float32Array }>,
  chunks: ReadonlyArray<{ label: number; statement: number }>,
  vectorOf: (label: number) => Float32Array | undefined,
  random: () => number,
): DenseCalibration | null {
  const related: number[] = [];
  const unrelated: number[] = [];
  for (const probe of probes) {
    const own = vectorOf(probe.label);
    if (!own) continue;
    related.push(dot(probe.vector, own));
    const others = chunks.filter((c) => c.statement !== probe.statement);
    for (const other of sample(others, UNRELATED_PER_PROBE, random)) {
      const vector = vectorOf(other.label);
      if (vector) unrelated.push(dot(probe.vector, vector));
    }
  }
  if (related.length === 0 || unrelated.length === 0) return null;
  related.sort((a, b) => a - b);
  unrelated.sort((a, b) => a - b);
  const floor = percentile(unrelated, FLOOR_PERCENTILE);
  const ceiling = percentile(related, 0.5);
  return {
    floor: round(floor),
    ceiling: round(ceiling),
    separates: ceiling - floor >= MIN_SEPARATION,
    probes: related.length,
    pairs: unrelated.length,
  };
}

/** A similarity as 0 (no closer than unrelated text) to 1 (as close as a question drawn from the passage). */
export function calibrated(
  similarity: number | null,
  calibration: DenseCalibration | null,
): number {
  if (similarity === null || !calibration || !calibration.separates) return 0;
  const value = (similarity - calibration.floor) / (calibration.ceiling - calibration.floor);
  return Math.min(1, Math.max(0, value));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
