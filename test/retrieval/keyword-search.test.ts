import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { KeywordSearch } from "../../src/retrieval/keyword-search.js";
import {
  type FilterSpec,
  dateNumber,
  labelFilter,
  sharedLabelTables,
} from "../../src/retrieval/label-filter.js";
import { type LexicalDocument, LexicalIndex } from "../../src/retrieval/lexical-index.js";
import { terms } from "../../src/retrieval/terms.js";
import { tempDir } from "../helpers.js";

// Labels 0-5: two speakers, dates across three years.
const DOCUMENTS: Array<LexicalDocument & { date: string; speakerPlace: number }> = [
  {
    id: 0,
    text: "Demining teams cleared 900 hectares.",
    title: "",
    speaker: "Ana Ruiz",
    date: "2021-03-01",
    speakerPlace: 0,
  },
  {
    id: 1,
    text: "Demining continued in the north.",
    title: "",
    speaker: "Omar Haddad",
    date: "2022-06-15",
    speakerPlace: 1,
  },
  {
    id: 2,
    text: "Demining will go on, demining teams said.",
    title: "",
    speaker: "Ana Ruiz",
    date: "2023-01-10",
    speakerPlace: 0,
  },
  {
    id: 3,
    text: "Health spending rose.",
    title: "",
    speaker: "Omar Haddad",
    date: "2023-02-01",
    speakerPlace: 1,
  },
  {
    id: 4,
    text: "Families returned to the north.",
    title: "Returns",
    speaker: "",
    date: "2022-01-01",
    speakerPlace: -1,
  },
  {
    id: 5,
    text: "Demining in the north is half done.",
    title: "",
    speaker: "",
    date: "2024-05-05",
    speakerPlace: -1,
  },
];

const open: KeywordSearch[] = [];
afterEach(() => {
  for (const search of open.splice(0)) search.close();
});

async function setUp(options: { thread?: boolean; chunks?: number } = {}) {
  const file = path.join(await tempDir(), "lexical.sqlite");
  LexicalIndex.write(file, DOCUMENTS);
  const tables = sharedLabelTables(DOCUMENTS.length);
  for (const d of DOCUMENTS) {
    tables.date[d.id] = dateNumber(d.date);
    tables.speaker[d.id] = d.speakerPlace;
  }
  const reference = LexicalIndex.open(file, DOCUMENTS.length);
  const lost: string[] = [];
  const search = new KeywordSearch(
    LexicalIndex.open(file, DOCUMENTS.length),
    options.chunks ?? DOCUMENTS.length,
    tables,
    options.thread ?? true,
    (reason) => lost.push(reason),
  );
  open.push(search);
  const expected = (words: string, spec: FilterSpec | null) =>
    reference.search(terms(words), 10, spec ? labelFilter(tables, spec) : undefined);
  return { search, expected, lost };
}

const SINCE_2022: FilterSpec = { since: 20220101, until: Number.MAX_SAFE_INTEGER, speakers: null };
const RUIZ_UNTIL_2022: FilterSpec = { since: 0, until: 20221231, speakers: Uint8Array.of(1, 0) };

describe("KeywordSearch", () => {
  it("answers in its worker thread exactly as the index does here, filters included", async () => {
    const { search, expected } = await setUp();
    expect(await search.started).toBe(true);
    expect(search.threaded).toBe(true);
    for (const [words, spec] of [
      ["demining north", null],
      ["demining north", SINCE_2022],
      ["demining", RUIZ_UNTIL_2022],
      ["volcano", null],
    ] as const) {
      const hits = await search.search(terms(words), 10, spec);
      expect(hits).toEqual(expected(words, spec));
    }
    // The filters are applied: only 2022 onwards; only Ana Ruiz up to 2022.
    expect(
      (await search.search(terms("demining"), 10, SINCE_2022)).map((h) => h.label).sort(),
    ).toEqual([1, 2, 5]);
    expect(
      (await search.search(terms("demining"), 10, RUIZ_UNTIL_2022)).map((h) => h.label),
    ).toEqual([0]);
  });

  it("answers concurrent searches each with its own results", async () => {
    const { search, expected } = await setUp();
    await search.started;
    const words = ["demining", "north", "health", "families returned", "demining north"];
    const results = await Promise.all(words.map((w) => search.search(terms(w), 10, null)));
    results.forEach((hits, i) => expect(hits).toEqual(expected(words[i]!, null)));
  });

  it("answers on this thread before the worker is ready, and without a thread", async () => {
    const early = await setUp();
    // Asked at once, before the worker has started: answered here, the same.
    expect(early.search.threaded).toBe(false);
    expect(await early.search.search(terms("demining"), 10, SINCE_2022)).toEqual(
      early.expected("demining", SINCE_2022),
    );
    const inline = await setUp({ thread: false });
    expect(await inline.search.started).toBe(false);
    expect(await inline.search.search(terms("north"), 10, null)).toEqual(
      inline.expected("north", null),
    );
  });

  it("falls back to this thread when the worker cannot open the index", async () => {
    // The worker checks the chunk count as loading does; a mismatch makes it give up.
    const { search, expected, lost } = await setUp({ chunks: DOCUMENTS.length + 1 });
    expect(await search.started).toBe(false);
    expect(lost).toEqual([
      expect.stringMatching(
        /main thread from now on: it could not open the keyword index: .*says 7/,
      ),
    ]);
    expect(search.threaded).toBe(false);
    expect(await search.search(terms("demining"), 10, null)).toEqual(expected("demining", null));
  });

  it("answers what a dying worker held, and everything after, on this thread", async () => {
    const { search, expected, lost } = await setUp();
    await search.started;
    const inFlight = search.search(terms("demining north"), 10, SINCE_2022);
    await (search as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(await inFlight).toEqual(expected("demining north", SINCE_2022));
    expect(lost).toEqual([expect.stringMatching(/main thread from now on: it exited/)]);
    expect(search.threaded).toBe(false);
    expect(await search.search(terms("health"), 10, null)).toEqual(expected("health", null));
  });

  it("refuses searches once closed", async () => {
    const { search, lost } = await setUp();
    await search.started;
    search.close();
    expect(lost).toEqual([]);
    await expect(search.search(terms("demining"), 10, null)).rejects.toThrow(/closed/);
  });
});

describe("labelFilter", () => {
  it("keeps labels within the dates (inclusive) and of the speakers asked for", () => {
    const tables = sharedLabelTables(4);
    tables.date.set([20210101, 20220615, 20230101, 0]);
    tables.speaker.set([0, 1, -1, 0]);
    const keep = (spec: FilterSpec) => [0, 1, 2, 3, 99].filter(labelFilter(tables, spec));
    expect(keep({ since: 20220615, until: 20230101, speakers: null })).toEqual([1, 2]);
    expect(
      keep({ since: 0, until: Number.MAX_SAFE_INTEGER, speakers: Uint8Array.of(0, 1) }),
    ).toEqual([1]);
    // Label 3 is no chunk (date 0); 99 is beyond the tables.
    expect(keep({ since: 0, until: Number.MAX_SAFE_INTEGER, speakers: null })).toEqual([0, 1, 2]);
  });
});

describe("KeywordSearch in a process of its own", () => {
  it("keeps the process alive while its worker starts, and lets it end once idle", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "test/retrieval/fixtures/keyword-alone.ts", await tempDir()],
      { timeout: 20_000 },
    );
    expect(JSON.parse(stdout)).toEqual({ started: true, threaded: true, hits: 1 });
  });
});
