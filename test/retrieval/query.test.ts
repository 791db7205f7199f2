import { describe, expect, it } from "vitest";
import { parseQuestion, stripMentions, validateQuestion } from "../../src/retrieval/query.js";

describe("parseQuestion", () => {
  it.each([
    [
      "how many refugees returned in 2024?",
      { since: "2024-01-01", until: "2024-12-31" },
      "how many refugees returned?",
    ],
    [
      "what was said in March 2023 about mines",
      { since: "2023-03-01", until: "2023-03-31" },
      "what was said about mines",
    ],
    ["budget since 2022", { since: "2022-01-01", until: null }, "budget"],
    ["missing persons before 2021", { since: null, until: "2020-12-31" }, "missing persons"],
    ["refugees between 2019 and 2021", { since: "2019-01-01", until: "2021-12-31" }, "refugees"],
    ["what happened on 2025-07-01", { since: "2025-07-01", until: "2025-07-01" }, "what happened"],
    ["the 2020 ceasefire terms", { since: null, until: null }, "the 2020 ceasefire terms"],
  ])("reads dates from %j", (question, dates, searchText) => {
    const parsed = parseQuestion(question);
    expect(parsed.dates).toEqual(dates);
    expect(parsed.searchText).toBe(searchText);
  });

  it("recognises questions about the current state and about figures", () => {
    expect(parseQuestion("how many are still missing?")).toMatchObject({
      wantsLatest: true,
      wantsFigure: true,
    });
    expect(parseQuestion("what is the latest on demining")).toMatchObject({
      wantsLatest: true,
      wantsFigure: false,
    });
    expect(parseQuestion("what percentage of the budget goes to health")).toMatchObject({
      wantsLatest: false,
      wantsFigure: true,
    });
    expect(parseQuestion("who spoke about accountability")).toMatchObject({
      wantsLatest: false,
      wantsFigure: false,
    });
  });
});

describe("validateQuestion", () => {
  it("strips Discord mentions", () => {
    expect(stripMentions("<@123456789012345678>  how many <@!42> are missing")).toBe(
      "how many are missing",
    );
  });

  it("treats a question with no visible letter or digit as empty", () => {
    for (const invisible of [
      "\u200b\u200d", // zero-width space and joiner
      "<@1> \u2060\ufeff\u00ad", // word joiner, BOM, soft hyphen
      "\u3164 \u115f", // Hangul fillers, which display as blanks
      " ?! … ** ",
      "\u0301\u0308", // combining marks with nothing to mark
    ]) {
      expect(stripMentions(invisible), JSON.stringify(invisible)).toBe("");
      expect(() => validateQuestion(invisible)).toThrow("The question is empty");
    }
    expect(stripMentions("<@1> 2024?")).toBe("2024?");
    expect(stripMentions("\u200b¿qué pasó?")).toBe("\u200b¿qué pasó?");
    expect(stripMentions("中国")).toBe("中国");
  });

  it("refuses an empty or overlong question with a message that says what to do", () => {
    expect(() => validateQuestion(" <@1> ")).toThrow(
      'The question is empty: ask something like "how many are still missing?"',
    );
    expect(() => validateQuestion("x".repeat(1001))).toThrow(
      "The question is 1001 characters long; keep it under 1000 characters.",
    );
  });
});
