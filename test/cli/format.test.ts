/** The command line's text answer: balanced quotation marks, indented paragraphs. Pure. */
import { describe, expect, it } from "vitest";
import { formatText, indentFollowingLines, quoted } from "../../src/cli/format.js";
import type { AskResult, Passage } from "../../src/retrieval/types.js";

describe("quoted", () => {
  it.each([
    ["Nearly 4,000 citizens are still missing.", "“Nearly 4,000 citizens are still missing.”"],
    // A quote that is itself one quotation: its marks give way to ours, never ""We are…".
    ['"We are ready to talk."', "“We are ready to talk.”"],
    ["“We are ready to talk.”", "“We are ready to talk.”"],
    ['"We are ready to talk".', "“We are ready to talk.”"],
    // Quotation marks inside become single ones.
    ['"We are ready," the minister said.', "“‘We are ready,’ the minister said.”"],
    ['He said "enough" twice.', "“He said ‘enough’ twice.”"],
    ['"Yes," she said, "and now."', "“‘Yes,’ she said, ‘and now.’”"],
    // Cut from inside a longer quotation: the mark at the edge goes.
    ['"The first sentence of three.', "“The first sentence of three.”"],
    ['The last sentence of three."', "“The last sentence of three.”"],
    // Cut where the mark stands inside: it is matched at the other end.
    ['He told reporters: "We will go back.', "“He told reporters: ‘We will go back.’”"],
    ['We will go back," he told reporters.', "“‘We will go back,’ he told reporters.”"],
    ["„Ja“, sagte er.", "“‘Ja’, sagte er.”"],
    ["Apostrophes stay: the ministry's figures.", "“Apostrophes stay: the ministry's figures.”"],
  ])("%s", (text, shown) => {
    expect(quoted(text)).toBe(shown);
  });

  it("leaves every output balanced: as many opening as closing marks", () => {
    const texts = ['"a" "b', 'a" b "c', '""x""', '"', 'x "y" z"', "„Ja“, sagte er."];
    for (const text of texts) {
      const out = quoted(text);
      expect(out.startsWith("“") && out.endsWith("”"), out).toBe(true);
      const inner = out.slice(1, -1);
      expect(inner.match(/[“”"]/g) ?? [], out).toEqual([]);
      expect((inner.match(/‘/g) ?? []).length, out).toBe((inner.match(/’/g) ?? []).length);
    }
  });
});

describe("indentFollowingLines", () => {
  it("indents every line after the first, and leaves blank lines blank", () => {
    expect(indentFollowingLines("one\n\ntwo\nthree", "   ")).toBe("one\n\n   two\n   three");
  });
});

const passage = (quote: string, match: Passage["match"] = "answer"): Passage => ({
  quote,
  start: 0,
  end: quote.length,
  chunkId: "a.txt::0",
  date: "2024-03-03",
  speaker: "Lena Ortiz",
  title: null,
  source: "Trend",
  url: null,
  docId: "a.txt",
  score: 0.5,
  relevance: 0.5,
  match,
});

const result = (passages: Passage[], question = "what was said?"): AskResult => ({
  question,
  passages,
  hasMore: false,
  filters: { since: null, until: null, speaker: null },
  period: null,
  mode: "keyword",
  tookMs: 1,
});

describe("formatText", () => {
  it("keeps a quote's paragraphs inside the list item", () => {
    const text = formatText(
      result([passage('"We will rebuild.\n\nEvery village will have its school back."')]),
    );
    expect(text).toBe(
      [
        "1. “We will rebuild.",
        "",
        "   Every village will have its school back.”",
        "   2024-03-03 · Lena Ortiz",
        "   Trend · a.txt · score 0.500",
        "",
      ].join("\n"),
    );
  });

  it("quotes the question with the same marks when nothing answers", () => {
    expect(formatText(result([], 'who said "enough"?'))).toBe(
      "No statement answers “who said ‘enough’?”.\n",
    );
  });
});
