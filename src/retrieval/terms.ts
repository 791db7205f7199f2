/** Term processing shared by the keyword index and quote selection, so both agree on what a match is. */
import { stemmer } from "stemmer";
import { eng } from "stopword";

const STOPWORDS = new Set<string>([
  ...eng,
  // Function words the package's short list leaves out.
  ..."not no nor own so just again further once off above below down until against during few its itself ours themselves herself myself yourself yourselves hers ourselves shall upon via per within without whether yet ever even".split(
    " ",
  ),
  // Contractions, as the tokenizer leaves them once the apostrophe is gone.
  ..."dont doesnt didnt isnt arent wasnt werent cant couldnt wouldnt shouldnt wont hasnt havent hadnt im ive youre theyre weve thats whats theres heres wheres whos hows".split(
    " ",
  ),
  "also",
  "would",
  "could",
  "us",
  "said",
  "say",
  "says",
  "tell",
  "told",
  "did",
  "does",
  "do",
  "what",
  "which",
  "who",
  "whom",
  "when",
  "where",
  "why",
  "how",
  "many",
  "much",
  "still",
  "now",
  "currently",
  "current",
  "latest",
  "recent",
  "recently",
  "today",
  "statement",
  "statements",
  "mention",
  "mentioned",
  "anything",
  "something",
  "thing",
  "things",
  "about",
  "regarding",
  "according",
  "percent",
  "percentage",
  "number",
  "figure",
  "know",
  "give",
  "happen",
  "happened",
  "please",
  "exactly",
  "approximately",
  "roughly",
]);

/**
 * Words that describe the information wanted, in any inflection ("figures", "statements",
 * "mentioned"): stop words by their stem.
 */
const STOP_STEMS = new Set(
  ["figure", "number", "statement", "mention", "percentage", "tell", "say"].map((word) =>
    stemmer(word),
  ),
);

/**
 * Words that often say what kind of information is wanted ("statistics", "details", "update")
 * but can also be what a statement is about ("Statistics Arvenia"): kept as terms, weighed little.
 */
export const GENERIC_TERMS: ReadonlySet<string> = new Set(
  "statistic statistics stats stat data detail details info information update updates overview summary situation status"
    .split(" ")
    .map((word) => stemmer(word)),
);

/** Lower-case, accent-free word tokens (numbers kept whole, "4,000" → "4000"). */
export function tokenize(text: string): string[] {
  const words = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/(\d)[,\u202f\u00a0](?=\d{3}\b)/g, "$1")
    .match(/[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)?/gu);
  return words ?? [];
}

/**
 * Recent tokens' terms: answering a question stems the words of every candidate chunk, and a
 * corpus repeats its words, so most are found here (bounded: cleared when full).
 */
const TERM_CACHE = new Map<string, string | null>();
const TERM_CACHE_SIZE = 200_000;

/** A token as an index term: null for stop words, else its Porter stem. */
export function processTerm(token: string): string | null {
  let term = TERM_CACHE.get(token);
  if (term === undefined) {
    if (TERM_CACHE.size >= TERM_CACHE_SIZE) TERM_CACHE.clear();
    term = stemmed(token);
    TERM_CACHE.set(token, term);
  }
  return term;
}

function stemmed(token: string): string | null {
  const word = token
    .toLowerCase()
    .replace(/['\u2019]s$/, "")
    .replace(/['\u2019]/g, "");
  if (word.length === 0 || STOPWORDS.has(word)) return null;
  if (/^\p{N}+$/u.test(word)) return word;
  if (word.length === 1) return null;
  const stem = stemmer(word);
  return STOP_STEMS.has(stem) ? null : stem;
}

/** The distinct index terms of a text, in order of first appearance. */
export function terms(text: string): string[] {
  const out = new Set<string>();
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) out.add(term);
  }
  return [...out];
}
