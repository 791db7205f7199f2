import { describe, expect, it } from "vitest";
import { questionText } from "../../src/bot/mentions.js";
import { parseQuestion, validateQuestion, visibleQuestion } from "../../src/retrieval/query.js";

describe("parseQuestion", () => {
  it.each([
    [
      "how many refugees returned in 2024?",
      { since: "2024-01-01", until: "2024-12-31", phrase: "in 2024", years: ["2024"] },
      "how many refugees returned?",
    ],
    [
      "what was said in March 2023 about mines",
      { since: "2023-03-01", until: "2023-03-31", phrase: "in March 2023", years: ["2023"] },
      "what was said about mines",
    ],
    [
      "budget since 2022",
      { since: "2022-01-01", until: null, phrase: "since 2022", years: ["2022"] },
      "budget",
    ],
    [
      "missing persons before 2021",
      { since: null, until: "2020-12-31", phrase: "before 2021", years: ["2021"] },
      "missing persons",
    ],
    [
      "refugees between 2019 and 2021",
      {
        since: "2019-01-01",
        until: "2021-12-31",
        phrase: "between 2019 and 2021",
        years: ["2019", "2021"],
      },
      "refugees",
    ],
    [
      "what happened on 2025-07-01",
      { since: "2025-07-01", until: "2025-07-01", phrase: "on 2025-07-01", years: ["2025"] },
      "what happened",
    ],
  ])("reads the period of %j as a preference", (question, period, searchText) => {
    const parsed = parseQuestion(question);
    expect(parsed.period).toEqual(period);
    expect(parsed.searchText).toBe(searchText);
  });

  it("reads a bare year as a period too: what was said then comes first", () => {
    const parsed = parseQuestion("container volume 2023");
    expect(parsed.period).toEqual({
      since: "2023-01-01",
      until: "2023-12-31",
      phrase: "2023",
      years: ["2023"],
    });
    expect(parsed.searchText).toBe("container volume");
  });

  it("recognises questions about the current state", () => {
    expect(parseQuestion("how many are still missing?").wantsLatest).toBe(true);
    expect(parseQuestion("what is the latest on demining").wantsLatest).toBe(true);
    expect(parseQuestion("who spoke about accountability").wantsLatest).toBe(false);
  });

  it("lets a period named in the question outweigh 'still' and 'latest'", () => {
    const parsed = parseQuestion("how many were still missing in 2022?");
    expect(parsed.wantsLatest).toBe(false);
    expect(parsed.period?.phrase).toBe("in 2022");
  });

  it.each([
    ["how many are still missing?", "count"],
    ["what percentage of the budget goes to health", "percent"],
    ["how much did the bridge cost?", "money"],
    ["how long is the new pipeline", "amount"],
    ["when did the commission open its lab?", "date"],
    ["who leads the commission", "person"],
    ["where will the secretariat open", "place"],
    ["why was the plan delayed", null],
  ])("reads %j as asking for a %s", (question, type) => {
    expect(parseQuestion(question).answerType).toBe(type);
  });
});

describe("validateQuestion", () => {
  it("strips Discord mentions", () => {
    expect(questionText("<@123456789012345678>  how many <@!42> are missing")).toBe(
      "how many are missing",
    );
  });

  it("treats a question with no visible letter or digit as empty", () => {
    for (const invisible of [
      "\u200b\u200d", // zero-width space and joiner
      "\u2060\ufeff\u00ad", // word joiner, BOM, soft hyphen
      "\u3164 \u115f", // Hangul fillers, which display as blanks
      " ?! … ** ",
      "\u0301\u0308", // combining marks with nothing to mark
    ]) {
      expect(visibleQuestion(invisible), JSON.stringify(invisible)).toBe("");
      expect(() => validateQuestion(invisible)).toThrow("The question is empty");
    }
    // A mention with nothing visible after it is empty too, once the bot removes the mention.
    expect(questionText("<@1> \u2060\ufeff\u00ad")).toBe("");
    expect(questionText("<@1> 2024?")).toBe("2024?");
    expect(visibleQuestion("\u200b¿qué pasó?")).toBe("\u200b¿qué pasó?");
    expect(visibleQuestion("中国")).toBe("中国");
  });

  it("refuses an empty or overlong question with a message that says what to do", () => {
    expect(() => validateQuestion(" \u200b ")).toThrow(
      'The question is empty: ask something like "how many are still missing?"',
    );
    expect(() => validateQuestion("x".repeat(1001))).toThrow(
      "The question is 1001 characters long; keep it under 1000 characters.",
    );
  });
});
