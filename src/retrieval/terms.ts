/** Term processing shared by the keyword index and quote selection, so both agree on what a match is. */
import { stemmer } from "stemmer";
import { eng } from "stopword";

const STOPWORDS = new Set<string>([
  ...eng,
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
  "whats",
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
  "yet",
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
]);

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
  return stemmer(word);
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

/** Whether a text states a figure: a number (not a year or a day of a date) or a spelled-out quantity. */
export function hasFigure(text: string): boolean {
  const numbers = text.match(/\d[\d,.\u202f]*\s*(?:%|per\s*cent|percent)?/g) ?? [];
  for (const raw of numbers) {
    const digits = raw.replace(/[^\d.]/g, "");
    if (/%|per\s*cent|percent/.test(raw)) return true;
    const value = Number(digits);
    const isYear = /^\d{4}$/.test(digits) && value >= 1900 && value <= 2100;
    if (!isYear) return true;
  }
  return /\b(?:dozens?|hundreds?|thousands?|millions?|billions?|half|third|quarter|twice|double|tripled?)\b/i.test(
    text,
  );
}
