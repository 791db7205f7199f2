/**
 * A question's terms against the corpus vocabulary: which stored term ids count as which question
 * term, and for how much (the same word 1, a shared beginning or a misspelling less, a WordNet
 * synonym half), so that coverage of a sentence or a chunk is a few lookups over stored ids.
 * Pure over the vocabulary and the synonym map.
 */
import { speechSubject } from "./features.js";
import { singulars } from "./lexicon.js";
import { GENERIC_TERMS, processTerm, terms, tokenize } from "./terms.js";
import { RANKING } from "./weights.js";
import type { Vocabulary } from "./vocabulary.js";

export interface QuestionTerms {
  /** Distinct question terms (stems). */
  readonly terms: readonly string[];
  /** Weight of each term (its rarity; less for a term the corpus never uses). */
  readonly weights: Float64Array;
  readonly total: number;
  /** Term id → the question terms it stands for, with the credit it earns each. */
  readonly credits: ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;
  /** Weighted share of the question's terms that the corpus uses at all (in any matching form). */
  readonly known: number;
  /**
   * Question words naming something the corpus never mentions in any form (a noun it never uses,
   * a specific number): the statements do not cover the question, whatever else matches.
   */
  readonly uncovered: readonly string[];
  /** Corpus terms worth searching the keyword index for: the terms, their forms and synonyms. */
  readonly searchTerms: readonly string[];
}

/** Inverse document frequency; a term the corpus never uses weighs as much as the rarest one. */
export function idf(documentFrequency: number, documents: number): number {
  return Math.log(1 + (documents + 1) / (Math.max(documentFrequency, 0) + 0.5));
}

/** What the index knows about words beyond its own vocabulary (synonyms.ts, lexicon.ts). */
export interface WordKnowledge {
  /** Question stem → corpus stems that are its WordNet synonyms. */
  synonyms: Readonly<Record<string, readonly string[]>>;
  /** Question stem → corpus stems of derived forms ("royalti" → "royal"). */
  related: Readonly<Record<string, readonly string[]>>;
  /** Words WordNet knows only as nouns, whose stems the corpus never uses. */
  nouns: ReadonlySet<string>;
}

export const NO_KNOWLEDGE: WordKnowledge = { synonyms: {}, related: {}, nouns: new Set() };

/** A number of three digits or more that is not a year. */
function isSpecificNumber(term: string): boolean {
  if (!/^\d{3,}$/.test(term)) return false;
  const value = Number(term);
  return !(term.length === 4 && value >= 1000 && value <= 2100);
}

/** Comparative, superlative and adverb endings Porter's stemmer leaves on ("quieter", "clearli"). */
const ENDINGS = ["est", "er", "li"];

/** The question's terms against the corpus; `text` is what is searched of the question. */
export function questionTerms(
  text: string,
  vocabulary: Vocabulary,
  knowledge: WordKnowledge,
  documents: number,
): QuestionTerms {
  /** Term → the question's words that gave it. */
  const words = new Map<string, string[]>();
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) words.set(term, [...(words.get(term) ?? []), token]);
  }
  const distinct = [...words.keys()];
  const weights = new Float64Array(distinct.length);
  const credits = new Map<number, Array<readonly [number, number]>>();
  const searchTerms = new Set<string>();
  /** Per question term, the largest document frequency of the corpus terms standing for it. */
  const frequency = new Float64Array(distinct.length).fill(-1);

  let total = 0;
  let knownWeight = 0;
  const uncovered: string[] = [];
  /** Credits `id` for question term `term`; `search`: also look it up in the keyword index. */
  const give = (id: number | undefined, term: number, credit: number, search = true) => {
    if (id === undefined) return;
    frequency[term] = Math.max(frequency[term]!, vocabulary.df[id]!);
    const list = credits.get(id) ?? [];
    const existing = list.findIndex(([t]) => t === term);
    if (existing === -1) list.push([term, credit]);
    else if (list[existing]![1] < credit) list[existing] = [term, credit];
    credits.set(id, list);
    if (search) searchTerms.add(vocabulary.terms[id]!);
  };
  distinct.forEach((term, i) => {
    const exact = vocabulary.id(term);
    give(exact, i, 1);
    // Other forms of a word the corpus uses count when a candidate is scored; searching for them
    // too would mostly add postings (a corpus writes a word in one form or another nearby).
    const alone = exact === undefined;
    for (const id of vocabulary.sharingBeginning(term))
      give(id, i, RANKING.credit.sharedBeginning, alone);
    for (const alt of knowledge.synonyms[term] ?? [])
      give(vocabulary.id(alt), i, RANKING.credit.synonym);
    for (const alt of knowledge.related[term] ?? [])
      give(vocabulary.id(alt), i, RANKING.credit.derived, alone);
    if (exact === undefined) {
      for (const ending of ENDINGS) {
        if (term.length - ending.length >= 3 && term.endsWith(ending))
          give(vocabulary.id(term.slice(0, -ending.length)), i, RANKING.credit.derived);
      }
      for (const id of vocabulary.misspelled(term)) give(id, i, RANKING.credit.misspelling);
    }
    const known = frequency[i]! >= 0;
    // A thing the corpus never names: a noun it never uses in any form, or a specific number.
    const named = (words.get(term) ?? []).some((word) =>
      singulars(word).some((form) => knowledge.nouns.has(form)),
    );
    if (!known && !GENERIC_TERMS.has(term) && (named || isSpecificNumber(term)))
      uncovered.push(term);
    // Rarity of the word itself, or of the commonest corpus word standing for it.
    const df = exact !== undefined ? vocabulary.df[exact]! : Math.max(frequency[i]!, 0);
    let weight = idf(df, documents) ** RANKING.rarityExponent;
    // A word the corpus never uses in any form is as likely a word of the asker's own (a name
    // for something the statements call otherwise) as a sign the question is off topic.
    if (!known) weight *= RANKING.unknownTermWeight;
    if (GENERIC_TERMS.has(term)) weight *= RANKING.genericTermWeight;
    weights[i] = weight;
    total += weights[i]!;
    if (known) knownWeight += weights[i]!;
  });
  return {
    terms: distinct,
    weights,
    total,
    credits,
    known: total > 0 ? knownWeight / total : 0,
    uncovered,
    searchTerms: [...searchTerms],
  };
}

/** Adds, per question term, the best credit the ids earn, into `into` (kept at its maximum). */
export function collectCredits(
  question: QuestionTerms,
  ids: ArrayLike<number>,
  into: Float64Array,
): Float64Array {
  for (let i = 0; i < ids.length; i++) {
    const list = question.credits.get(ids[i]!);
    if (!list) continue;
    for (const [term, credit] of list) if (into[term]! < credit) into[term] = credit;
  }
  return into;
}

/** Weighted share (0 to 1) of the question's terms that the credits cover. */
export function coverage(question: QuestionTerms, credits: Float64Array): number {
  if (question.total <= 0) return 0;
  let found = 0;
  for (let i = 0; i < credits.length; i++) found += question.weights[i]! * credits[i]!;
  return found / question.total;
}

/** Credits of several id lists together (a sentence with its neighbours, a chunk). */
export function creditsOf(question: QuestionTerms, ...lists: ArrayLike<number>[]): Float64Array {
  const into = new Float64Array(question.terms.length);
  for (const ids of lists) collectCredits(question, ids, into);
  return into;
}

/** The element-wise maximum of credit arrays. */
export function maxCredits(a: Float64Array, b: Float64Array): Float64Array {
  return raiseCredits(Float64Array.from(a), b);
}

/** Raises `into` to the element-wise maximum of itself and `from`, in place; returns `into`. */
export function raiseCredits(into: Float64Array, from: Float64Array): Float64Array {
  for (let i = 0; i < into.length; i++) if (into[i]! < from[i]!) into[i] = from[i]!;
  return into;
}

/** `coverage` of the element-wise maximum of two credit arrays, without building it. */
export function coverageOfBoth(question: QuestionTerms, a: Float64Array, b: Float64Array): number {
  if (question.total <= 0) return 0;
  let found = 0;
  for (let i = 0; i < a.length; i++) found += question.weights[i]! * Math.max(a[i]!, b[i]!);
  return found / question.total;
}

/** Positions in the question's terms of the words naming whose words it asks for ("what did X say"). */
export function subjectTerms(question: string, matched: QuestionTerms): number[] {
  const subject = speechSubject(question);
  if (!subject) return [];
  return terms(subject)
    .map((stem) => matched.terms.indexOf(stem))
    .filter((i) => i >= 0);
}
