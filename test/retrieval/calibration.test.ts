import { describe, expect, it } from "vitest";
import {
  calibrateFrom,
  calibrated,
  sample,
  seededRandom,
} from "../../src/retrieval/calibration.js";

/** Unit vector in 8 dimensions pointing mostly along `axis`, with `noise` elsewhere. */
function vector(axis: number, noise: number, random: () => number): Float32Array {
  const v = new Float32Array(8).map(() => (random() - 0.5) * noise);
  v[axis]! += 1;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** Best similarity of `vector` to a chunk of another statement, by a plain scan. */
function bestOtherOf(
  chunks: Array<{ label: number; statement: number }>,
  vectors: Map<number, Float32Array>,
) {
  return (vector: Float32Array, statement: number): number | null => {
    let best: number | null = null;
    for (const c of chunks) {
      if (c.statement === statement) continue;
      const v = vectors.get(c.label)!;
      const sim = v.reduce((sum, x, i) => sum + x * vector[i]!, 0);
      if (best === null || sim > best) best = sim;
    }
    return best;
  };
}

/** 8 statements on 8 topics (axes); probes close to their own chunk when `probeNoise` is small. */
function corpus(probeNoise: number) {
  const random = seededRandom(7);
  const chunks = Array.from({ length: 40 }, (_, i) => ({ label: i, statement: i % 8 }));
  const vectors = new Map(chunks.map((c) => [c.label, vector(c.statement, 0.3, random)]));
  const probes = chunks.slice(0, 16).map((c) => ({
    ...c,
    probe: `probe ${c.label}`,
    vector: vector(c.statement, probeNoise, random),
  }));
  return { chunks, vectors, probes };
}

describe("calibrateFrom", () => {
  it("puts the floor at the best passage of another statement and the ceiling at the passage's own", () => {
    const { chunks, vectors, probes } = corpus(0.3);
    const c = calibrateFrom(probes, (l) => vectors.get(l), bestOtherOf(chunks, vectors))!;
    expect(c.separates).toBe(true);
    expect(c.ceiling).toBeGreaterThan(0.8);
    expect(c.floor).toBeLessThan(0.5);
    expect(c.probes).toBe(16);
  });

  it("marks a model whose similarities do not tell the passage from others", () => {
    const random = seededRandom(3);
    const { chunks } = corpus(0.3);
    // Every vector nearly the same: like a random-weight model, everything is close to everything.
    const same = new Map(chunks.map((c) => [c.label, vector(0, 0.05, random)]));
    const probes = chunks
      .slice(0, 16)
      .map((c) => ({ ...c, probe: "p", vector: vector(0, 0.05, random) }));
    const c = calibrateFrom(probes, (l) => same.get(l), bestOtherOf(chunks, same))!;
    expect(c.separates).toBe(false);
    expect(calibrated(0.99, c)).toBe(0);
  });

  it("needs other statements to compare with", () => {
    const probes = [{ label: 0, statement: 0, probe: "p", vector: new Float32Array([1]) }];
    expect(
      calibrateFrom(
        probes,
        () => new Float32Array([1]),
        () => null,
      ),
    ).toBeNull();
  });
});

describe("calibrated", () => {
  it("maps the floor to 0 and the ceiling to 1", () => {
    const c = { floor: 0.2, ceiling: 0.6, separates: true, probes: 1 };
    expect(calibrated(0.1, c)).toBe(0);
    expect(calibrated(0.4, c)).toBeCloseTo(0.5);
    expect(calibrated(0.9, c)).toBe(1);
    expect(calibrated(null, c)).toBe(0);
    expect(calibrated(0.9, null)).toBe(0);
  });
});

describe("sample", () => {
  it("picks the same items for the same seed, all of them when there are few", () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    expect(sample(items, 5, seededRandom(9))).toEqual(sample(items, 5, seededRandom(9)));
    expect(new Set(sample(items, 5, seededRandom(9))).size).toBe(5);
    expect(sample([1, 2], 5, seededRandom(9))).toEqual([1, 2]);
  });
});
