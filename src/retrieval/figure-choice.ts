/**
 * Which figure of a sentence answers a quantity question: the one the question's words are
 * attached to. In "Of the 120 graduates, 34 are women", "women" belongs to 34 and "graduates"
 * to 120, so a question about women takes 34. Pure.
 */
import { type Figure, type FigureUnit, type Token, isPluralNoun, readFigures } from "./figures.js";
import { parseQuestion } from "./query.js";
import { processTerm } from "./terms.js";

export type UnitKind = FigureUnit["kind"];

/** What a quantity question asks for. */
export interface QuantityQuestion {
  /** Stem of what is counted ("how many people ..." → "peopl"), or null. */
  counted: string | null;
  /** The counted word as written ("people"), for labels. */
  countedWord: string | null;
  /** The question's other content words, as stems. */
  terms: string[];
  /** The kind of figure asked for, when the question says ("what share" → percent). */
  expects: UnitKind | null;
}

export interface ChosenFigure {
  figure: Figure;
  /** How well the question's words attach to it; comparable across sentences. */
  score: number;
}

/** Nouns that count people: a question about "people" accepts "persons", "citizens"... */
const PEOPLE = new Set(
  "people persons person individuals citizens nationals civilians residents inhabitants".split(" "),
);
/**
 * Words that say what kind of figure is wanted, not what it is about, and verbs that only carry
 * it ("remain missing" is "still missing"; "the figure stands at"; "what share goes to").
 */
const UNIT_WORDS = new Set(
  "share percentage proportion percent rate fraction number amount total figure sum count level money cost costs remain remains remained remaining stand stands go goes going went gone"
    .split(" ")
    .map((w) => processTerm(w) ?? w),
);
/** A comma segment starting so is an aside: words after it belong to the figure before it. */
const ASIDE =
  /^(including|among|of whom|of which|of them|of these|such as|excluding|besides|plus|mostly|most of them|many of them|some of them|half of them)\b/;

const stem = (word: string): string | null => processTerm(word.toLowerCase());

function expectedKind(question: string): UnitKind | null {
  const q = question.toLowerCase();
  if (/\b(share|percentage|proportion|per ?cent|percent|fraction|rate)\b|%/.test(q))
    return "percent";
  if (
    /\b(hectares?|acres?|square (kilomet(re|er)s|km|miles)|km2|km²)\b|how (much|large|big) (land|area)/.test(
      q,
    )
  )
    return "area";
  if (
    /\bhow much\b.*\b(money|cost|funding|funds?|budget|spent|spend|spending|pledged|paid|worth|raised?|allocated|lost|dollars|euros|pounds|debt|aid|grants?|loans?|revenue)\b/.test(
      q,
    ) ||
    /\b(how much money|how much did|what did .* cost|budget of|cost of)\b/.test(q)
  )
    return "money";
  if (/\bhow many\b|\bnumber of\b/.test(q)) return "count";
  return null;
}

/** The counted word: "how many [adjectives] NOUN", "number of NOUN", "how many of the X are Y" → Y. */
function countedWord(question: string): string | null {
  const words = question.toLowerCase().match(/\p{L}+(?:['’-]\p{L}+)*/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    const lead =
      words[i] === "how" && words[i + 1] === "many"
        ? i + 2
        : words[i] === "number" && words[i + 1] === "of"
          ? i + 2
          : -1;
    if (lead < 0) continue;
    let j = lead;
    if (words[j] === "of") j += words[j + 1] === "the" || words[j + 1] === "these" ? 2 : 1;
    let noun: string | null = null;
    for (let k = j; k < Math.min(words.length, j + 3); k++) {
      if (isPluralNoun(words[k]!)) {
        noun = words[k]!;
        j = k;
        break;
      }
      if (stem(words[k]!) === null) break;
    }
    // "how many graduates were women", "how many of the graduates are women": the women.
    const verb = words[j + 1];
    const predicate = words[j + 2];
    if (verb && /^(are|were|is|was)$/.test(verb) && predicate && isPluralNoun(predicate))
      return predicate;
    if (noun) return noun;
  }
  return null;
}

export function readQuantityQuestion(question: string): QuantityQuestion {
  const searchText = parseQuestion(question).searchText;
  const word = countedWord(searchText);
  const counted = word ? stem(word) : null;
  const terms = [
    ...new Set(
      (searchText.match(/\p{L}+(?:['’-]\p{L}+)*/gu) ?? [])
        .map((w) => stem(w))
        .filter((t): t is string => t !== null && t !== counted && !UNIT_WORDS.has(t)),
    ),
  ];
  let expects = expectedKind(searchText);
  if (expects === "count" && word && /^(hectares|acres)$/.test(word)) expects = "area";
  return { counted, countedWord: word, terms, expects };
}

/** Whether a sentence's word stands for what the question counts. */
function isCounted(question: QuantityQuestion, word: string): number {
  if (!question.counted) return 0;
  if (stem(word) === question.counted) return 1;
  if (question.countedWord && PEOPLE.has(question.countedWord) && PEOPLE.has(word.toLowerCase()))
    return 0.9;
  return 0;
}

/** Segments: the stretches between , ; : ( ) and dashes, with whether each is an aside. */
function segmentsOf(tokens: Token[]): { ids: number[]; aside: boolean[] } {
  const ids: number[] = [];
  const aside: boolean[] = [];
  let id = 0;
  let depth = 0;
  let startWords: string[] = [];
  const open = (paren: boolean) => {
    id++;
    aside[id] = paren;
    startWords = [];
  };
  aside[0] = false;
  tokens.forEach((token, i) => {
    if (token.kind === "symbol" && /^[,;:()[\]—–]$/.test(token.text)) {
      // A dash between numbers is a range, not a break.
      const dashInRange =
        /^[–—]$/.test(token.text) &&
        tokens[i - 1]?.kind === "number" &&
        tokens[i + 1]?.kind === "number";
      if (!dashInRange) {
        if (token.text === "(" || token.text === "[") depth++;
        if (token.text === ")" || token.text === "]") depth = Math.max(0, depth - 1);
        ids.push(id);
        open(depth > 0);
        return;
      }
    }
    ids.push(id);
    if (startWords.length < 3 && token.kind === "word") {
      startWords.push(token.lower);
      if (ASIDE.test(startWords.join(" "))) aside[id] = true;
    }
  });
  return { ids, aside };
}

/**
 * Which figure each word belongs to: in its own segment, the nearest figure before it (else
 * after it); in a segment without figures, the figure of the nearest earlier segment that is not
 * an aside (else of the next segment). Returns, per token, [figure index, closeness 0..1].
 */
function attachWords(tokens: Token[], figures: Figure[]): Array<[number, number] | null> {
  const { ids, aside } = segmentsOf(tokens);
  const owner = new Map<number, number>();
  figures.forEach((f, n) => {
    for (let t = f.firstToken; t <= f.lastToken; t++) owner.set(t, n);
  });
  const bySegment = new Map<number, number[]>();
  figures.forEach((f, n) => {
    const segment = ids[f.firstToken]!;
    bySegment.set(segment, [...(bySegment.get(segment) ?? []), n]);
  });
  const closeness = (distance: number) => Math.max(0.4, 1 - 0.06 * Math.max(0, distance - 3));
  return tokens.map((token, t) => {
    if (token.kind !== "word") return null;
    if (owner.has(t)) return [owner.get(t)!, 1];
    const segment = ids[t]!;
    const own = bySegment.get(segment);
    if (own) {
      const before = own.filter((n) => figures[n]!.lastToken < t).at(-1);
      if (before !== undefined) return [before, closeness(t - figures[before]!.lastToken)];
      const after = own[0]!;
      return [after, closeness(figures[after]!.firstToken - t)];
    }
    for (let s = segment - 1; s >= 0; s--) {
      const found = bySegment.get(s);
      if (found && !aside[s]) return [found[0]!, 0.6];
    }
    const maxSegment = ids.at(-1) ?? 0;
    for (let s = segment + 1; s <= maxSegment; s++) {
      const found = bySegment.get(s);
      if (found) return [found[0]!, 0.6];
    }
    return null;
  });
}

/** The count noun before a figure: "the number of missing persons stands at 11,980", "Missing persons: 11,900". */
function nounBefore(tokens: Token[], figure: Figure): string | null {
  for (let t = figure.firstToken - 1; t >= 0 && t >= figure.firstToken - 12; t--) {
    const token = tokens[t]!;
    if (token.kind === "number") return null;
    if (token.lower === "number" && tokens[t + 1]?.lower === "of") {
      for (let k = t + 2; k < Math.min(figure.firstToken, t + 5); k++)
        if (isPluralNoun(tokens[k]!.lower)) return tokens[k]!.lower;
      return null;
    }
    if (token.text === ":" && t === figure.firstToken - 1) {
      const label = tokens[t - 1];
      return label && isPluralNoun(label.lower) ? label.lower : null;
    }
  }
  return null;
}

/** The count noun of a figure, read after it or, failing that, before it. */
export function countedNounOf(tokens: Token[], figure: Figure): string | null {
  if (figure.unit.kind !== "count") return null;
  return figure.unit.noun ?? nounBefore(tokens, figure);
}

/** Whether a figure of this kind can answer a question expecting that kind (possibly in another series). */
function kindFits(expects: UnitKind | null, kind: UnitKind): boolean {
  if (expects === null || expects === kind) return true;
  if (expects === "count") return kind === "percent" || kind === "area";
  if (expects === "area") return kind === "count";
  if (expects === "percent") return kind === "percentage points" || kind === "count";
  return false; // money questions want money
}

/**
 * The figure of `sentence` that answers `question`, or null. `context` (the sentence before it,
 * the statement's title) counts for whether the sentence is on the question's subject at all.
 * A figure answers when the question's words belong to it (or, for a sentence with a single
 * figure and none of the words attached, when the sentence or its context is on the subject) and
 * its count noun, if it has one, is what the question counts.
 */
export function chooseFigure(
  sentence: string,
  question: QuantityQuestion,
  context = "",
): ChosenFigure | null {
  const { tokens, figures } = readFigures(sentence);
  if (figures.length === 0) return null;
  const attached = attachWords(tokens, figures);
  const sentenceStems = new Set(tokens.map((t) => stem(t.text)).filter((s) => s !== null));
  const contextStems = new Set(
    (context.match(/\p{L}+/gu) ?? []).map((w) => stem(w)).filter((s) => s !== null),
  );
  const topicalShare = question.terms.length
    ? question.terms.reduce(
        (sum, term) => sum + (sentenceStems.has(term) ? 1 : contextStems.has(term) ? 0.5 : 0),
        0,
      ) / question.terms.length
    : 1;
  if (topicalShare < 1 / 3 - 1e-9) return null;

  const scored = figures.map((figure, n) => {
    let countedScore = 0;
    let termScore = 0;
    tokens.forEach((token, t) => {
      const link = attached[t];
      if (!link || link[0] !== n) return;
      countedScore = Math.max(countedScore, isCounted(question, token.text) * link[1]);
      const s = stem(token.text);
      if (s && question.terms.includes(s)) termScore += link[1];
    });
    const noun = countedNounOf(tokens, figure);
    const nounFits = noun === null || isCounted(question, noun) > 0;
    return { figure, n, countedScore, termScore, noun, nounFits };
  });

  const candidates = scored.filter(
    (c) =>
      kindFits(question.expects, c.figure.unit.kind) &&
      (question.counted === null || c.nounFits || c.figure.unit.kind !== "count") &&
      // A share of people is not a count of people: another kind needs the question's other words.
      (c.termScore > 0 ||
        (c.countedScore > 0 && (question.expects ?? c.figure.unit.kind) === c.figure.unit.kind)),
  );
  let best = candidates
    .map((c) => ({
      c,
      score:
        3 * c.countedScore +
        c.termScore +
        topicalShare +
        (question.expects === c.figure.unit.kind ? 1 : 0) -
        (c.figure.comparison ? 1.5 : 0) -
        0.05 * c.n,
    }))
    .sort((a, b) => b.score - a.score)[0];
  if (!best) {
    // No question word belongs to any figure ("The figure now stands at 11,900." after a
    // sentence on the missing): a single figure of the kind asked for, counting nothing else.
    if (scored.some((c) => c.countedScore > 0 || c.termScore > 0)) return null;
    const fitting = scored.filter(
      (c) =>
        !c.figure.comparison &&
        (question.expects === null || question.expects === c.figure.unit.kind) &&
        (c.noun === null || (question.counted !== null && c.nounFits)),
    );
    if (fitting.length !== 1 || question.terms.length === 0) return null;
    best = { c: fitting[0]!, score: topicalShare };
  }
  return { figure: withCountNoun(best.c.figure, best.c.noun), score: best.score };
}

function withCountNoun(figure: Figure, noun: string | null): Figure {
  if (figure.unit.kind !== "count" || figure.unit.noun !== null || noun === null) return figure;
  return { ...figure, unit: { kind: "count", noun } };
}

/** A unit as a label and a grouping key: people-counting nouns are all "people". */
export function unitLabel(unit: FigureUnit): string | null {
  switch (unit.kind) {
    case "count":
      if (unit.noun === null) return null;
      return PEOPLE.has(unit.noun) ? "people" : unit.noun;
    case "percent":
      return "percent";
    case "percentage points":
      return "percentage points";
    case "money":
      return unit.currency;
    case "area":
      return unit.measure;
  }
}
