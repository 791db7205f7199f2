import { describe, expect, it } from "vitest";
import { quoteContext } from "../../src/bot/quote-context.js";

/** The context of `quote` inside `text`. */
function around(text: string, quote: string, max = 120) {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return quoteContext(text, start, start + quote.length, { before: max, after: max });
}

/** Every word of `context` (without its "…") is a whole word of `text`. */
function expectWholeWords(text: string, context: string): void {
  const words = new Set(text.split(/\s+/));
  for (const word of context.replace(/…/g, " ").split(/\s+/).filter(Boolean))
    expect(words.has(word) || words.has(`${word},`) || words.has(`${word};`), word).toBe(true);
}

const TEXT =
  "The war ended in 2020. Families still wait for news. Nearly 4,000 citizens are still missing. The commission meets again in May. Its chair thanked the donors.";

describe("quoteContext", () => {
  it("gives the whole sentence before and after the quote", () => {
    expect(around(TEXT, "Nearly 4,000 citizens are still missing.")).toEqual({
      before: "Families still wait for news.",
      after: "The commission meets again in May.",
    });
  });

  it("is empty at the start and end of the text", () => {
    expect(around(TEXT, "The war ended in 2020.").before).toBe("");
    expect(around(TEXT, "Its chair thanked the donors.").after).toBe("");
  });

  it("never crosses a line break: another paragraph or list item is not context", () => {
    const text =
      "First paragraph ends here.\n\nThe quote starts a paragraph.\n- a list item follows";
    expect(around(text, "The quote starts a paragraph.")).toEqual({ before: "", after: "" });
  });

  it("cuts a sentence that is too long at a word boundary, marked with …", () => {
    const long =
      "In the long years since the fighting stopped, the commission, with the help of many partners and volunteers, has searched";
    const text = `${long} everywhere. Nearly 4,000 citizens are still missing. ${long} again.`;
    const { before, after } = around(text, "Nearly 4,000 citizens are still missing.", 60);
    expect(before.startsWith("…")).toBe(true);
    expect(before.endsWith("searched everywhere.")).toBe(true);
    expect(after.endsWith("…")).toBe(true);
    expect(after.startsWith("In the long years")).toBe(true);
    for (const part of [before, after]) {
      expect(part.length).toBeLessThanOrEqual(60);
      expectWholeWords(text, part);
    }
  });

  it("never cuts mid-word, whatever the room", () => {
    const text =
      "Reconstruction of the devastated northern provinces requires sustained international financing commitments. The quote. Humanitarian organisations underlined extraordinary difficulties throughout.";
    for (let max = 0; max < 140; max += 3) {
      const { before, after } = around(text, "The quote.", max);
      expect(before.length).toBeLessThanOrEqual(max);
      expect(after.length).toBeLessThanOrEqual(max);
      expectWholeWords(text, before);
      expectWholeWords(text, after);
      // No dangling separator before the ellipsis.
      expect(after).not.toMatch(/[\s,;]…$/);
    }
  });

  it("keeps abbreviations and initials inside their sentence", () => {
    const text = "Mr. J. Smith of the U.N. spoke first. The quote. Gen. Ortiz answered at length.";
    expect(around(text, "The quote.")).toEqual({
      before: "Mr. J. Smith of the U.N. spoke first.",
      after: "Gen. Ortiz answered at length.",
    });
  });

  it("finds the neighbouring sentences inside a huge statement", () => {
    const filler = "Another sentence about something else. ".repeat(20_000);
    const text = `${filler}Before this. The quote. After that. ${filler}`;
    expect(around(text, "The quote.")).toEqual({ before: "Before this.", after: "After that." });
  });
});
