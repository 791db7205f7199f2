/**
 * How the configured embedding model's similarities spread on this corpus, measured at index time
 * and kept in the manifest, so "close in meaning" is judged against this model on these texts
 * instead of constants fitted by hand to one model. Pure functions over vectors.
 *
 * A sample of probes, each a question-like string of one chunk's content words:
 * - its own chunk's similarity: what "this is the passage" scores;
 * - the best similarity among the chunks of every other statement: what the closest passage that
 *   is NOT the answer scores (on a corpus about a few topics, that is close: same subject, other
 *   facts). Being about the same topic must not pass for answering.
 * The floor is the median best-other score, the ceiling the median own score. A model whose own
 * scores do not stand clear of the best others (a random-weight model, say) is marked as not
 * separating, and closeness in meaning then never makes a passage an answer.
 */

export interface DenseCalibration {
  /** Similarity at or below which a passage is no closer than unrelated text (calibrated 0). */
  floor: number;
  /** Similarity of a passage to a question drawn from it (calibrated 1). */
  ceiling: number;
  /** Whether related and unrelated similarities are far enough apart to judge by. */
  separates: boolean;
  /** Probes measured, for the record. */
  probes: number;
}

/** Own-chunk scores must clear the best other statement's by this much for the model to count. */
const MIN_SEPARATION = 0.05;
/** Chunks sampled as probes. */
export const CALIBRATION_PROBES = 48;

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * Calibration from embedded probes. `vectorOf` gives a chunk's stored vector; `bestOther` the
 * highest similarity of a vector to any chunk of a statement other than `statement` (null when
 * there is none). Null when the corpus is too small to tell (one statement, or no probes).
 */
export function calibrateFrom(
  probes: ReadonlyArray<ProbeSource & { vector: Float32Array }>,
  vectorOf: (label: number) => Float32Array | undefined,
  bestOther: (vector: Float32Array, statement: number) => number | null,
): DenseCalibration | null {
  const own: number[] = [];
  const other: number[] = [];
  for (const probe of probes) {
    const vector = vectorOf(probe.label);
    const closest = bestOther(probe.vector, probe.statement);
    if (!vector || closest === null) continue;
    own.push(dot(probe.vector, vector));
    other.push(closest);
  }
  if (own.length === 0) return null;
  const floor = median(other);
  const ceiling = median(own);
  return {
    floor: round(floor),
    ceiling: round(ceiling),
    separates: ceiling - floor >= MIN_SEPARATION,
    probes: own.length,
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
