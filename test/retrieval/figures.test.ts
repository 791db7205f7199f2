/** Reading figures from sentences, and choosing the one a question asks for. Pure, table-driven. */
import { describe, expect, it } from "vitest";
import {
  chooseFigure,
  readQuantityQuestion,
  unitLabel,
} from "../../src/retrieval/figure-choice.js";
import { type Figure, readFigures } from "../../src/retrieval/figures.js";

/** A figure as the tables write it: text as written, value, unit label, qualifier. */
function brief(f: Figure): [string, number, string | null, string | null] {
  return [f.text, f.value, unitLabel(f.unit), f.qualifier];
}

describe("readFigures", () => {
  // prettier-ignore
  const cases: Array<[string, string, Array<[string, number, string | null, string | null]>]> = [
    // [what it shows, sentence, figures: [text, value, unit, qualifier]]
    ["digits with separators and a count noun after adjectives", "Nearly 4,000 Azerbaijani citizens are still missing.", [["Nearly 4,000", 4000, "people", "nearly"]]],
    ["a decimal with a scale word", "3.9 million people were displaced.", [["3.9 million", 3_900_000, "people", null]]],
    ["words for numbers", "Nearly twelve thousand people are still missing.", [["Nearly twelve thousand", 12_000, "people", "nearly"]]],
    ["words for numbers, compound", "More than twelve thousand two hundred people remain missing.", [["More than twelve thousand two hundred", 12_200, "people", "more than"]]],
    ["hyphenated words", "Forty-two people died.", [["Forty-two", 42, "people", null]]],
    ["words with and", "two hundred and fifty families and twenty five schools", [["two hundred and fifty", 250, "families", null], ["twenty five", 25, "schools", null]]],
    ["words that do not make one number", "two three times", [["two", 2, null, null], ["three", 3, "times", null]]],
    ["two million", "two million people fled", [["two million", 2_000_000, "people", null]]],
    ["a dozen", "A dozen schools were destroyed.", [["A dozen", 12, "schools", null]]],
    ["half a million with a currency word", "They lost half a million dollars.", [["half a million dollars", 500_000, "USD", null]]],
    ["a percent sign", "61% of them are women.", [["61%", 61, "percent", null]]],
    ["per cent in words", "Health spending rises to 6.8 per cent of expenditure.", [["6.8 per cent", 6.8, "percent", null]]],
    ["percent as one word, with a qualifier", "at least 40 percent of households", [["at least 40 percent", 40, "percent", "at least"]]],
    ["percentage points", "Turnout fell by 3 percentage points.", [["3 percentage points", 3, "percentage points", null]]],
    ["money with a sign and a scale", "The budget is $4.2 billion.", [["$4.2 billion", 4.2e9, "USD", null]]],
    ["money with a currency word after the scale", "A levy would raise about 120 million euros.", [["about 120 million euros", 1.2e8, "EUR", "about"]]],
    ["money with abbreviated scales", "It received $4.2bn and €120m.", [["$4.2bn", 4.2e9, "USD", null], ["€120m", 1.2e8, "EUR", null]]],
    ["money with an ISO code before", "USD 4.2 billion was pledged.", [["USD 4.2 billion", 4.2e9, "USD", null]]],
    ["an area", "Our teams have cleared 12,400 hectares of land.", [["12,400 hectares", 12_400, "hectares", null]]],
    ["square kilometres", "around 1,900 square kilometres are suspected to be contaminated", [["around 1,900 square kilometres", 1900, "km²", "about"]]],
    ["a range with between", "between 300 and 400 people were killed", [["between 300 and 400", 350, "people", "between"]]],
    ["a range with a dash and a shared scale", "It will cost $3-4 billion.", [["$3-4 billion", 3.5e9, "USD", "between"]]],
    ["a change is not a range: from X to Y", "The toll rose from 300 to 400 people.", [["300", 300, null, null], ["400", 400, "people", null]]],
    ["some, as a qualifier", "Some 11,980 people are still missing.", [["Some 11,980", 11_980, "people", "about"]]],
    ["two counts in one sentence", "Of the 120 graduates, 34 are women.", [["120", 120, "graduates", null], ["34", 34, null, null]]],
    ["a year is not a figure", "Since 1992, mines have killed 3,400 people.", [["3,400", 3400, "people", null]]],
    ["years, decades and year ranges are not figures", "In the 1990s and in 2023-24 the count was 500 cases.", [["500", 500, "cases", null]]],
    ["a date is not a figure", "As of 1 March 2019, 12,400 people remain missing.", [["12,400", 12_400, "people", null]]],
    ["a date with the month first, and an ISO date", "On July 1 (2024-07-01) 80 families returned.", [["80", 80, "families", null]]],
    ["ages are not figures", "Seven people aged 65, a 72-year-old man and children under 18 were among the 300 evacuated.", [["Seven", 7, "people", null], ["300", 300, null, null]]],
    ["age ranges are not figures", "a dozen children aged 5 to 12", [["a dozen", 12, "children", null]]],
    ["ordinals are not figures", "the 3rd report, the 21st session and 61 per cent", [["61 per cent", 61, "percent", null]]],
    ["labels are not figures", "Under resolution 1325 and article 5, 40 people were heard.", [["40", 40, "people", null]]],
    ["document symbols are not figures", "as described in report A/79/875-S/2025/248, nearly 300,000 refugees", [["nearly 300,000", 300_000, "refugees", "nearly"]]],
    ["times are not figures", "At 10:30 and again at 3 pm, 25 trucks arrived.", [["25", 25, "trucks", null]]],
    ["one alone is not a figure", "One of the 1,200 families left.", [["1,200", 1200, "families", null]]],
    ["ratios are not figures", "One in five of the 300 missing, 1 in 4 of them women.", [["300", 300, null, null]]],
    ["a figure before 'in' is still one", "They counted 300 in 2020 and 400 in 12 villages.", [["300", 300, null, null], ["400", 400, null, null], ["12", 12, "villages", null]]],
  ];
  it.each(cases)("%s", (_what, sentence, expected) => {
    expect(readFigures(sentence).figures.map(brief)).toEqual(expected);
  });

  it("gives the offsets of each figure in the sentence", () => {
    const sentence = "Health spending rises to 6.8 per cent of expenditure.";
    const [figure] = readFigures(sentence).figures;
    expect(sentence.slice(figure!.start, figure!.end)).toBe("6.8 per cent");
  });

  it("marks a figure given for comparison", () => {
    const figures = readFigures(
      "The figure stands at 11,900, down from 12,400 a year ago.",
    ).figures;
    expect(figures.map((f) => [f.text, f.comparison])).toEqual([
      ["11,900", false],
      ["12,400", true],
    ]);
  });

  it("keeps a range's bounds", () => {
    expect(readFigures("between 300 and 400 people").figures[0]!.range).toEqual([300, 400]);
  });
});

describe("readQuantityQuestion", () => {
  // prettier-ignore
  const cases: Array<[string, { counted: string | null; terms: string[]; expects: string | null }]> = [
    ["how many people are still missing?", { counted: "peopl", terms: ["miss"], expects: "count" }],
    ["how many are still missing?", { counted: null, terms: ["miss"], expects: "count" }],
    ["How many Azerbaijani citizens are missing since 2020?", { counted: "citizen", terms: ["azerbaijani", "miss"], expects: "count" }],
    ["how many of the graduates are women?", { counted: "women", terms: ["graduat"], expects: "count" }],
    ["how many graduates were women?", { counted: "women", terms: ["graduat"], expects: "count" }],
    ["what is the number of missing persons?", { counted: "person", terms: ["miss"], expects: "count" }],
    ["what share of the budget goes to health?", { counted: null, terms: ["budget", "health"], expects: "percent" }],
    ["how much money was pledged?", { counted: null, terms: ["pledg"], expects: "money" }],
    ["how many hectares have been cleared?", { counted: "hectar", terms: ["clear"], expects: "area" }],
  ];
  it.each(cases)("%s", (question, expected) => {
    expect(readQuantityQuestion(question)).toMatchObject(expected);
  });
});

describe("chooseFigure: the figure the question's words attach to", () => {
  const MISSING = "how many people are still missing?";
  // prettier-ignore
  const cases: Array<[string, string, string | null, string?]> = [
    // [question, sentence, figure text chosen (null: none answers), context]
    ["how many women graduated?", "Of the 120 graduates, 34 are women.", "34"],
    ["how many of the graduates are women?", "Of the 120 graduates, 34 are women.", "34"],
    ["how many graduates are there?", "Of the 120 graduates, 34 are women.", "120"],
    [MISSING, "As of 1 March 2019, 12,400 people remain missing, among them 1,100 children, 25 years after the war ended.", "12,400"],
    ["how many children are missing?", "As of 1 March 2019, 12,400 people remain missing, among them 1,100 children.", "1,100"],
    [MISSING, "The number of missing persons now stands at 11,980, down from 12,400 a year ago, according to the register created in 2008 by 14 agencies.", "11,980"],
    [MISSING, "Nearly twelve thousand people are still missing; many of their mothers, now aged over 70, have waited for 27 years.", "Nearly twelve thousand"],
    [MISSING, "The fate of 11,900 missing persons is still unknown, and 312 families received the remains of a relative in 2021.", "11,900"],
    [MISSING, "More than 11,800 people remain missing, and 62 per cent of them were civilians.", "More than 11,800"],
    ["how many are still missing?", "Some 11,980 people, including 300 children under 18, are still missing as of 1 July 2024.", "Some 11,980"],
    ["how many are still missing?", "According to the State Commission on Missing Persons, 5,214 citizens remain unaccounted for.", "5,214"],
    ["how many are still missing?", "The figure now stands at 11,900, down from 12,400 a year ago.", "11,900", "The Commission published its report on the missing."],
    // Nothing answers: another subject, another kind, counts of other things.
    [MISSING, "Since 1992, mines have killed 3,400 people, including 600 children.", null],
    [MISSING, "The 2025 budget allocates 4.2 million euros to the search for missing persons and funds 120 forensic experts.", null],
    ["how many are still missing?", "The 2025 budget allocates 4.2 million euros to the search for missing persons and funds 120 forensic experts.", null],
    [MISSING, "Dragan said that 420 cases had been closed in 2019.", null, "The number of missing persons fell."],
    [MISSING, "The figure now stands at 11,900.", null],
    // Other kinds of figure.
    ["what share of the budget goes to health?", "Health spending rises to 6.8 per cent of the budget, and the deficit is projected at 4.9 per cent of GDP.", "6.8 per cent"],
    ["how much money was pledged?", "Donors pledged $4.2 billion, up from 120 million euros in 2019, for 300 projects.", "$4.2 billion"],
    ["how many hectares have been cleared?", "Our teams have cleared 12,400 hectares of land and destroyed more than 58,000 mines.", "12,400 hectares"],
    ["how many mines were destroyed?", "Our teams have cleared 12,400 hectares of land and destroyed more than 58,000 mines.", "more than 58,000"],
    ["how many deminers does the agency employ?", "The agency now employs 1,150 deminers, including 130 women, and operates 22 mine detection dogs.", "1,150"],
    ["how many people remain displaced?", "UNHCR estimates that about 190,000 people remain displaced, while some 23,000 refugees still live abroad.", "about 190,000"],
    ["how many people remain displaced?", "The remains of 131 people were identified, and 5,214 citizens remain unaccounted for.", null],
  ];
  it.each(cases)("%s ← %s", (question, sentence, expected, context) => {
    const chosen = chooseFigure(sentence, readQuantityQuestion(question), context ?? "");
    expect(chosen?.figure.text ?? null).toBe(expected);
  });

  it("names the count of an unnamed figure from the words before it", () => {
    const chosen = chooseFigure(
      "The number of missing persons now stands at 11,980.",
      readQuantityQuestion("how many people are still missing?"),
    );
    expect(unitLabel(chosen!.figure.unit)).toBe("people");
  });
});
