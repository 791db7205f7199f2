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
  it("puts the floor at unrelated similarities and the ceiling at a passage's own", () => {
    const { chunks, vectors, probes } = corpus(0.3);
    const c = calibrateFrom(probes, chunks, (l) => vectors.get(l), seededRandom(1))!;
    expect(c.separates).toBe(true);
    expect(c.ceiling).toBeGreaterThan(0.8);
    expect(c.floor).toBeLessThan(0.3);
    expect(c.probes).toBe(16);
  });

  it("marks a model whose similarities do not tell related from unrelated", () => {
    const random = seededRandom(3);
    const { chunks } = corpus(0.3);
    // Every vector nearly the same: like a random-weight model, everything is close to everything.
    const same = new Map(chunks.map((c) => [c.label, vector(0, 0.05, random)]));
    const probes = chunks
      .slice(0, 16)
      .map((c) => ({ ...c, probe: "p", vector: vector(0, 0.05, random) }));
    const c = calibrateFrom(probes, chunks, (l) => same.get(l), seededRandom(1))!;
    expect(c.separates).toBe(false);
    expect(calibrated(0.99, c)).toBe(0);
  });

  it("needs other statements to compare with", () => {
    const chunks = [{ label: 0, statement: 0 }];
    const probes = [{ label: 0, statement: 0, probe: "p", vector: new Float32Array([1]) }];
    expect(calibrateFrom(probes, chunks, () => new Float32Array([1]), seededRandom(1))).toBeNull();
  });
});

describe("calibrated", () => {
  it("maps the floor to 0 and the ceiling to 1", () => {
    const c = { floor: 0.2, ceiling: 0.6, separates: true, probes: 1, pairs: 1 };
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
