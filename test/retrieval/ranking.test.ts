import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/retrieval/chunk.js";
import { analyseChunk, chunkTerms } from "../../src/retrieval/chunk-analysis.js";
import { featuresFor } from "../../src/retrieval/features.js";
import { NO_KNOWLEDGE, questionTerms, subjectTerms } from "../../src/retrieval/match.js";
import { parseQuestion } from "../../src/retrieval/query.js";
import {
  bestFused,
  denseWeight,
  orderPassages,
  reciprocalRankFusion,
  scoreChunk,
} from "../../src/retrieval/ranking.js";
import type { DenseCalibration } from "../../src/retrieval/calibration.js";
import type { ChunkSentences } from "../../src/retrieval/sentence-table.js";
import type { Statement } from "../../src/retrieval/types.js";
import { Vocabulary } from "../../src/retrieval/vocabulary.js";
import { RANKING } from "../../src/retrieval/weights.js";
import { makeStatement as statement } from "../helpers.js";

/** One chunk holding the whole statement, scored for `question` the way the engine does. */
function quoteFor(
  question: string,
  s: Statement,
  dense: { similarity: number; calibration: DenseCalibration } | null = null,
) {
  const spans = splitSentences(s.text);
  const analysis = analyseChunk(s, { label: 0, sentences: spans });
  const vocabulary = Vocabulary.fromFrequencies(
    new Map([...chunkTerms(analysis)].map((t) => [t, 1])),
  );
  const ids = (list: string[]) => Uint32Array.from(list, (t) => vocabulary.id(t)!);
  const sentences: ChunkSentences = {
    title: ids(analysis.title),
    speaker: ids(analysis.speaker),
    features: Uint32Array.from(analysis.sentences, (x) => x.features),
    terms: analysis.sentences.map((x) => ids(x.terms)),
  };
  const parsed = parseQuestion(question);
  const matched = questionTerms(parsed.searchText, vocabulary, NO_KNOWLEDGE, 10);
  const context = {
    terms: matched,
    subject: subjectTerms(parsed.searchText, matched),
    wanted: featuresFor(parsed.answerType),
    hasPeriod: false,
    periodYears: new Set<number>(),
  };
  const facts = {
    sentences,
    spans,
    fused: 1,
    similarity: dense?.similarity ?? null,
    speakerNamed: false,
    datedInPeriod: false,
  };
  const quotes = scoreChunk(context, facts, dense?.calibration ?? null).sort(
    (a, b) => b.score - a.score,
  );
  return quotes.map((q) => ({ ...q, text: s.text.slice(q.start, q.end) }));
}

describe("reciprocalRankFusion", () => {
  it("rewards items found by both lists over items ranked high by one", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["c", "d", "a"],
    ]);
    const order = [...fused.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id);
    expect(order).toEqual(["a", "c", "b", "d"]);
    expect(fused.get("a")).toBeCloseTo(1 / 61 + 1 / 63);
  });

  it("derives the best possible fused score from the constant and the weights", () => {
    const fused = reciprocalRankFusion([["a"], ["a"]], [1, 0.5]);
    expect(fused.get("a")).toBeCloseTo(bestFused([1, 0.5]));
    expect(bestFused([1])).toBeCloseTo(1 / (RANKING.rrfK + 1));
  });

  it("weighs the vector list by how well the model separates passages on this corpus", () => {
    const c = (floor: number, ceiling: number, separates = true) => ({
      floor,
      ceiling,
      separates,
      probes: 48,
    });
    expect(denseWeight(null)).toBe(0);
    expect(denseWeight(c(0.9, 0.91, false))).toBe(0);
    expect(denseWeight(c(0.3, 0.3 + RANKING.fullSeparation / 2))).toBeCloseTo(0.5);
    expect(denseWeight(c(0.1, 0.8))).toBe(1);
  });
});

describe("scoreChunk: closeness in meaning", () => {
  const s = statement("Rail passenger numbers rose sharply last year.");
  const closeAs = (floor: number, ceiling: number) =>
    quoteFor("how busy were the trains", s, {
      similarity: ceiling,
      calibration: { floor, ceiling, separates: true, probes: 48 },
    })[0]!.relevance;

  it("counts as much as the model separates passages on this corpus", () => {
    // As close as a question drawn from the passage, by a model that separates fully and by one
    // that separates a quarter as well: the weak model's closeness counts a quarter as much.
    const strong = closeAs(0.3, 0.3 + RANKING.fullSeparation);
    const weak = closeAs(0.3, 0.3 + RANKING.fullSeparation / 4);
    expect(strong).toBeGreaterThan(0);
    expect(weak).toBeCloseTo(strong / 4);
  });
});

describe("scoreChunk: the quote is the sentence that answers", () => {
  it("quotes the sentence with the figure for a how-many question", () => {
    const s = statement(
      "A fire ravaged the old town in 1870. The town hall, the church and the market burned. " +
        "The blaze destroyed over 2,000 buildings before it was contained.",
    );
    expect(quoteFor("How many buildings did the fire destroy?", s)[0]!.text).toBe(
      "The blaze destroyed over 2,000 buildings before it was contained.",
    );
  });

  it("takes in the sentence before when the answer's subject is there ('It destroyed...')", () => {
    const s = statement(
      "The fire started in a kitchen and ravaged the old town. " +
        "It destroyed over 2,000 buildings before it was contained. The town was rebuilt in stone.",
    );
    expect(quoteFor("How many buildings did the fire destroy?", s)[0]!.text).toBe(
      "The fire started in a kitchen and ravaged the old town. " +
        "It destroyed over 2,000 buildings before it was contained.",
    );
  });

  it("shows a next sentence that points back at the quote ('These include...') with it", () => {
    const s = statement(
      "Faster tests than trial division exist for testing the primality of large numbers. " +
        "These include the Miller-Rabin test and the AKS test. Trial division is still taught.",
    );
    const [best] = quoteFor("Which tests check the primality of large numbers?", s);
    expect(best!.text).toBe(
      "Faster tests than trial division exist for testing the primality of large numbers. " +
        "These include the Miller-Rabin test and the AKS test.",
    );
  });

  it("rates the quote without the sentence shown after it", () => {
    // The sentence after holds a figure but no word of the question: pointing back or not, the
    // quote scores as the first sentence alone (no credit for the figure it does not say).
    const question = "How many faster primality tests exist?";
    const shown = quoteFor(
      question,
      statement("Faster primality tests than trial division exist. These include two methods."),
    )[0]!;
    const alone = quoteFor(
      question,
      statement("Faster primality tests than trial division exist. Examples include two methods."),
    )[0]!;
    expect(shown.text).toBe(
      "Faster primality tests than trial division exist. These include two methods.",
    );
    expect(alone.text).toBe("Faster primality tests than trial division exist.");
    expect(shown.score).toBeCloseTo(alone.score);
    expect(shown.typed).toBe(false);
  });

  it("quotes what X said for 'what did X say about Y', not the narrative naming both", () => {
    const s = statement(
      "Premier Woolley toured the main street of Corrigan Flat, where the school reopened. " +
        '"When I came here the school was a ruin. Today it has a school bell again," Woolley said.',
    );
    // Either sentence of the quotation is what he said about the school; the tour is not.
    const quote = quoteFor("what did woolley say about the school", s)[0]!.text;
    expect(quote).toMatch(/^"When I came here|Today it has a school bell again/);
    expect(quote).not.toContain("toured");
  });

  it("credits every sentence of a quotation with its speaker's name, said once before it", () => {
    const s = statement(
      "Captain Mbeki visited the channel works on Monday. " +
        '"We have waited a long time for this. Any ship afloat can now reach the channel quay at any tide," he said.',
    );
    expect(quoteFor("what did Mbeki say about the channel", s)[0]!.text).toContain(
      "Any ship afloat can now reach the channel quay",
    );
  });

  it("does not credit a lead sentence for naming the speaker the whole statement is by", () => {
    const s = statement(
      "Commissioner Anna Kovalska made the following statement:\n" +
        "The genetic laboratory in Tarvel has collected samples from 9,800 relatives.",
      { speaker: "Anna Kovalska" },
    );
    expect(quoteFor("What did Kovalska say about the laboratory?", s)[0]!.text).toBe(
      "The genetic laboratory in Tarvel has collected samples from 9,800 relatives.",
    );
  });

  it("quotes an interview question together with its answer", () => {
    const s = statement(
      "Q: How much water does the pipeline carry?\nA: At full capacity it carries 120 million litres a day.",
    );
    expect(quoteFor("how much water does the pipeline carry", s)[0]!.text).toBe(
      "Q: How much water does the pipeline carry?\nA: At full capacity it carries 120 million litres a day.",
    );
  });

  it("joins the neighbouring sentence when the answer is split over two", () => {
    const s = statement(
      "The commission met in Geneva. It has identified 826 people so far. The rest is unknown.",
    );
    expect(quoteFor("how many people has the commission identified", s)[0]!.text).toBe(
      "The commission met in Geneva. It has identified 826 people so far.",
    );
  });

  it("quotes the whole chunk when no word matches (a passage found by meaning)", () => {
    const s = statement("The talks resumed. Both sides agreed to meet again.");
    const [only] = quoteFor("unaccounted individuals", s);
    expect(only!.text).toBe(s.text);
    expect(only!.relevance).toBe(0);
  });

  it("keeps scores between 0 and 1", () => {
    const s = statement("Nearly 4,000 citizens are still missing.", { speaker: "Jane Doe" });
    for (const q of quoteFor("how many citizens are missing", s)) {
      expect(q.score).toBeGreaterThan(0);
      expect(q.score).toBeLessThanOrEqual(1);
    }
  });
});

describe("orderPassages", () => {
  const item = (docId: string, date: string, relevance: number, score: number, start = 0) => ({
    docId,
    date,
    start,
    end: start + 10,
    relevance,
    score,
  });
  const items = [
    item("old", "2021-01-01", 0.95, 0.9),
    item("new", "2025-01-01", 0.9, 0.7),
    item("newest-but-weaker", "2026-01-01", 0.5, 0.5),
    item("unrelated", "2026-02-01", 0.2, 0.6),
    item("noise", "2026-03-01", 0.05, 0.9),
  ];

  it("puts answers first by score, then related passages; drops what shares nothing", () => {
    const ordered = orderPassages(items, { minRelevance: 0.45, wantsLatest: false });
    expect(ordered.map((i) => [i.docId, i.match])).toEqual([
      ["old", "answer"],
      ["new", "answer"],
      ["newest-but-weaker", "answer"],
      ["unrelated", "related"],
    ]);
  });

  it("puts the most recent of the best answers first for latest questions", () => {
    const ordered = orderPassages(items, { minRelevance: 0.45, wantsLatest: true });
    // "newest-but-weaker" answers much less well than the best, so it does not jump the queue.
    expect(ordered.map((i) => i.docId)).toEqual(["new", "old", "newest-but-weaker", "unrelated"]);
  });

  it("drops a quote that overlaps a better one of the same statement", () => {
    const ordered = orderPassages(
      [item("a", "2024-01-01", 0.9, 0.9, 0), item("a", "2024-01-01", 0.9, 0.8, 5)],
      { minRelevance: 0.45, wantsLatest: false },
    );
    expect(ordered).toHaveLength(1);
  });

  it("lets other statements come before a statement's third passage", () => {
    const ordered = orderPassages(
      [
        item("a", "2024-01-01", 0.9, 0.9, 0),
        item("a", "2024-01-01", 0.9, 0.85, 20),
        item("a", "2024-01-01", 0.9, 0.8, 40),
        item("b", "2024-01-01", 0.9, 0.7, 0),
      ],
      { minRelevance: 0.45, wantsLatest: false },
    );
    expect(ordered.map((i) => `${i.docId}@${i.start}`)).toEqual(["a@0", "a@20", "b@0", "a@40"]);
  });
});
