import { describe, expect, it } from "vitest";
import type { ShownPage } from "../../src/bot/answer-store.js";
import { detailsEmbed, detailsId, parseDetailsArgs } from "../../src/bot/components/details.js";
import { LIMITS, embedLength } from "../../src/bot/format.js";

const page = (extra: Partial<ShownPage> = {}): ShownPage => ({
  passages: [
    {
      docId: "speeches/2022_un.txt",
      start: 0,
      end: 10,
      quote: "It was 4,000.",
      date: "2022-05-01",
      chunkId: "speeches/2022_un.txt::3",
      score: 0.91234,
      relevance: 0.876,
      match: "answer",
    },
    {
      docId: "notes_*_draft.md",
      start: 0,
      end: 5,
      quote: "Close.",
      date: "2021-01-01",
      chunkId: "notes_*_draft.md::0",
      score: 0.2,
      relevance: 0.31,
      match: "related",
    },
  ],
  reading: {
    mode: "keyword",
    period: { since: "2022-01-01", until: "2022-12-31", phrase: "in 2022" },
    filters: { since: "2020-01-01", until: null, speaker: "Musa_yev" },
  },
  tookMs: 12.4,
  ...extra,
});

describe("the Details button", () => {
  it("parses its custom id into typed data, and refuses anything else", () => {
    expect(parseDetailsArgs(detailsId({ answerId: 42, offset: 3 }).split(":").slice(1))).toEqual({
      answerId: 42,
      offset: 3,
    });
    for (const args of [[], ["42"], ["42", "x"], ["-1", "0"], ["1", "2", "3"], ["1e3", "0"]])
      expect(parseDetailsArgs(args)).toBeNull();
  });

  it("lists each passage's file, tier, relevance, score and chunk, and how the question was read", () => {
    const embed = detailsEmbed(page(), 3);
    expect(embed.description!.split("\n")).toEqual([
      "**Search:** keyword search only (no embedding model), 12 ms",
      "**Period read from the question:** “in 2022”: statements from 2022-01-01 to 2022-12-31 first (a preference, not a filter)",
      "**Filters:** since 2020-01-01, speaker “Musa\\_yev”",
      "",
      "**4.** speeches/2022\\_un.txt",
      "answer · relevance 0.88 · score 0.912 · chunk 3",
      "**5.** notes\\_\\*\\_draft.md",
      "related · relevance 0.31 · score 0.200 · chunk 0",
    ]);
  });

  it("says what it does not know of an answer recorded before it was kept", () => {
    const old = detailsEmbed(
      page({
        reading: null,
        passages: [{ docId: "a.txt", start: 0, end: 1, quote: "A", date: "2024-01-01" }],
      }),
      0,
    );
    expect(old.description).toBe(
      "How the question was read was not recorded for this answer.\n\n**1.** a.txt\n— · relevance — · score — · chunk —",
    );
  });

  it("stays within one embed with ten passages of very long file names", () => {
    const long = page();
    long.passages = Array.from({ length: 10 }, (_, i) => ({
      ...long.passages[0]!,
      docId: `${"folder/".repeat(60)}${i}.txt`,
    }));
    const embed = detailsEmbed(long, 0);
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.total);
    expect(embed.description).toContain("**10.**");
  });
});
