import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/retrieval/chunk.js";
import {
  Feature,
  answerType,
  continuesBefore,
  directSpeech,
  speechSubject,
  featuresFor,
  hasFigure,
  sentenceFeatures,
} from "../../src/retrieval/features.js";

const has = (text: string, feature: number) => (sentenceFeatures(text) & feature) !== 0;

describe("sentenceFeatures", () => {
  it.each([
    ["Nearly 4,000 citizens are still missing.", Feature.figure, true],
    ["Two million people voted.", Feature.figure, true],
    ["In 2024 the talks resumed.", Feature.figure, false], // a year is not a quantity
    ["The talks resumed on 1 July.", Feature.figure, false], // nor a day of a date
    ["Turnout rose to 61% this year.", Feature.percent, true],
    ["Turnout rose 12 per cent.", Feature.percent, true],
    ["The levy will raise about 120 million euros.", Feature.money, true],
    ["The bridge cost $4.2 billion.", Feature.money, true],
    ["The bridge was finished in 1998.", Feature.date, true],
    ["The office opens in March.", Feature.date, true],
    ["The office opens soon.", Feature.date, false],
    ["The plan was presented by Minister Aldaner.", Feature.person, true],
    ["The plan was presented to Anna Kovalska yesterday.", Feature.person, true],
    ["The plan was presented yesterday.", Feature.person, false],
    ["The plan was presented to the Kessel Valley Water Authority.", Feature.person, false], // an organisation
    ["It was approved by the Harbour Board and Lena Marsh.", Feature.person, true],
    ["A secretariat will open in Tarvel.", Feature.place, true],
    ["The secretariat will open in March.", Feature.place, false], // a month is a time
    ["The bill was debated in Parliament.", Feature.place, false],
    ["How many people are still missing?", Feature.question, true],
    ["Tofig Musayev made the following statement:", Feature.introduction, true],
    ["The statement was made in Baku.", Feature.introduction, false],
  ])("%j", (text, feature, expected) => {
    expect(has(text, feature)).toBe(expected);
  });
});

describe("continuesBefore", () => {
  const before = "Faster tests than trial division exist. ";
  it.each([
    ["These include the Miller-Rabin test.", before, true],
    ["It was the worst fire since 1962.", before, true],
    ["Its mayor resigned.", before, true],
    ["Italy and Spain signed the treaty.", before, false], // a name, not a pointer back
    ["The phrase itself means a pointless pursuit.", before, false],
    ["He stressed the need for support.", before, false], // the speaker again: another point
    ["These include the Miller-Rabin test.", "Faster tests exist.\n\n", false], // a new paragraph
    ["These include the Miller-Rabin test.", "", false], // the statement's first sentence
  ])("%j after %j", (sentence, text, expected) => {
    expect(continuesBefore(sentence, text)).toBe(expected);
  });
});

describe("hasFigure", () => {
  it("knows a figure from a year and a date", () => {
    expect(hasFigure("Nearly 4,000 are missing")).toBe(true);
    expect(hasFigure("In 2024 the talks resumed")).toBe(false);
    expect(hasFigure("up 12 per cent")).toBe(true);
    expect(hasFigure("July 1, 2025")).toBe(false);
  });

  it("counts spelled amounts, but not durations or 'one' as a pronoun", () => {
    expect(hasFigure("Four people were rescued")).toBe(true);
    expect(hasFigure("one person was injured")).toBe(true);
    expect(hasFigure("We have now had four years of growth")).toBe(false);
    expect(hasFigure("The talks lasted three days")).toBe(false);
    expect(hasFigure("It was one of the wettest winters")).toBe(false);
    expect(hasFigure("No one was hurt")).toBe(false);
    expect(hasFigure("It lasted four years and cost two million euros")).toBe(true); // the amount counts
    expect(hasFigure("After 25 years, 40 families returned")).toBe(true); // digits are as before
  });
});

describe("answerType", () => {
  it.each([
    ["How many people are still missing?", "count"],
    ["what share of voters turned out", "percent"],
    ["how much did the new terminal cost", "money"],
    ["How much water is in the reservoir?", "amount"],
    ["When will the line reopen?", "date"],
    ["In what year was the dam built?", "date"],
    ["Who chairs the commission?", "person"],
    ["Which minister announced the levy?", "person"],
    ["Where is the new lab?", "place"],
    ["Which city hosts the conference?", "place"],
    ["What is the population of Arvenia?", "amount"],
    ["what was unemployment in early 2016", "amount"],
    ["What were Arvenia's exports in 2022?", "amount"],
    ["which councillor voted against the line", "person"],
    ["What is the name of the new terminal?", null],
    ["What did the minister say about mines?", "speech"],
    ["according to the harbour master, when will the channel open", "date"],
    ["what was the union's reaction to the offer", "speech"],
    ["What happened at the North Quay?", null],
  ])("%j → %s", (question, type) => {
    expect(answerType(question)).toBe(type);
  });

  it("maps each answer type to the sentence feature that holds it", () => {
    expect(featuresFor("count")).toBe(Feature.figure);
    expect(featuresFor("percent")).toBe(Feature.percent);
    expect(featuresFor("date")).toBe(Feature.date);
    expect(featuresFor(null)).toBe(0);
  });
});

describe("directSpeech", () => {
  /** "S" for each sentence of direct speech, "-" for the others. */
  const speechOf = (text: string) =>
    directSpeech(text, splitSentences(text))
      .map((speech) => (speech ? "S" : "-"))
      .join("");

  it("marks sentences inside a quotation that spans them, and not the narrative around it", () => {
    const text =
      'The port opened a quay. "We are ready. We have waited years," Mbeki said. Trade rose.';
    expect(speechOf(text)).toBe("-SS-");
  });

  it("reads curly quotation marks and ends a quotation at a paragraph break", () => {
    expect(
      speechOf("“Nobody wanted this. It was long.\n“We are back,” she said.\nBuses ran."),
    ).toBe("SSS-");
    // A straight quote left open at the end of a paragraph does not swallow the next one.
    expect(speechOf('He said "we will.\nThe vote was held. It passed.')).toBe("S--");
  });
});

describe("speechSubject", () => {
  it.each([
    ["What did Captain Mbeki say in 2018 about the channel?", "Captain Mbeki"],
    ["what has the minister told reporters", "the minister"],
    ["according to the harbour master, when will it open", "the harbour master"],
    ["How many ships called?", null],
  ])("%j → %j", (question, subject) => {
    expect(speechSubject(question)).toBe(subject);
  });
});
