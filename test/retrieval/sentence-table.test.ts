import { describe, expect, it } from "vitest";
import {
  SENTENCE_TABLE_FORMAT,
  SentenceTable,
  encodeSentenceTable,
} from "../../src/retrieval/sentence-table.js";

const chunks = [
  {
    label: 0,
    title: [7],
    speaker: [8, 6],
    sentences: [
      { features: 1, terms: [1, 2, 3] },
      { features: 0, terms: [] },
    ],
  },
  { label: 3, title: [], speaker: [], sentences: [{ features: 5, terms: [9] }] },
];

function bytes(table: Uint32Array): Uint8Array {
  return new Uint8Array(table.buffer, table.byteOffset, table.byteLength);
}

describe("SentenceTable", () => {
  it("gives back each chunk's sentence terms, features and statement terms", () => {
    const table = SentenceTable.fromBytes(bytes(encodeSentenceTable(chunks, 5)));
    const first = table.chunk(0)!;
    expect([...first.title]).toEqual([7]);
    expect([...first.speaker]).toEqual([8, 6]);
    expect([...first.features]).toEqual([1, 0]);
    expect(first.terms.map((t) => [...t])).toEqual([[1, 2, 3], []]);
    const other = table.chunk(3)!;
    expect(other.terms.map((t) => [...t])).toEqual([[9]]);
    expect([...other.features]).toEqual([5]);
  });

  it("has nothing for labels without a chunk or outside the table", () => {
    const table = SentenceTable.fromBytes(bytes(encodeSentenceTable(chunks, 5)));
    expect(table.chunk(1)).toBeNull();
    expect(table.chunk(4)).toBeNull();
    expect(table.chunk(5)).toBeNull();
    expect(table.chunk(-1)).toBeNull();
  });

  it("reads a table from bytes at any offset (as readFile gives them)", () => {
    const raw = bytes(encodeSentenceTable(chunks, 5));
    const shifted = new Uint8Array(raw.byteLength + 1);
    shifted.set(raw, 1);
    const table = SentenceTable.fromBytes(shifted.subarray(1));
    expect([...table.chunk(3)!.terms[0]!]).toEqual([9]);
  });

  it("refuses a table of another format or a truncated one", () => {
    const table = encodeSentenceTable(chunks, 5);
    table[0] = 99;
    expect(() => SentenceTable.fromBytes(bytes(table))).toThrow(
      `the sentence table has format 99; this Verbatim reads ${SENTENCE_TABLE_FORMAT}`,
    );
    expect(() => SentenceTable.fromBytes(new Uint8Array(6))).toThrow(
      "the sentence table is 6 bytes, not a whole table",
    );
    expect(() => encodeSentenceTable(chunks, 2)).toThrow("label 3 is outside the table (2)");
  });
});
