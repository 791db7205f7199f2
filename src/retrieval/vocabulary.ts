/**
 * The corpus's index terms, sorted, with their document frequencies: term ids for the stored
 * sentence terms, and the lookups a question needs (exact, shared beginning, a misspelling).
 * Pure over plain arrays.
 */

/** Shortest shared beginning for two different terms to count as the same word ("valdoria", "valdorian"). */
export const PREFIX_MATCH = 6;

export class Vocabulary {
  private readonly ids: Map<string, number>;

  /** `terms` sorted (code-unit order), `df[i]` the number of chunks holding `terms[i]`. */
  constructor(
    readonly terms: readonly string[],
    readonly df: Uint32Array,
  ) {
    this.ids = new Map(terms.map((term, i) => [term, i]));
  }

  static fromFrequencies(frequencies: ReadonlyMap<string, number>): Vocabulary {
    const terms = [...frequencies.keys()].sort(compare);
    return new Vocabulary(
      terms,
      Uint32Array.from(terms, (t) => frequencies.get(t)!),
    );
  }

  toJSON(): { terms: readonly string[]; df: number[] } {
    return { terms: this.terms, df: [...this.df] };
  }

  static fromJSON(value: unknown): Vocabulary {
    const { terms, df } = (value ?? {}) as { terms?: unknown; df?: unknown };
    if (!Array.isArray(terms) || !Array.isArray(df) || terms.length !== df.length) {
      throw new Error("the term list is not {terms: string[], df: number[]} of equal lengths");
    }
    return new Vocabulary(terms as string[], Uint32Array.from(df as number[]));
  }

  get size(): number {
    return this.terms.length;
  }

  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  documentFrequency(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : this.df[id]!;
  }

  /**
   * Ids of other terms that are the same word by a long shared beginning ("valdoria",
   * "valdorian"): at least PREFIX_MATCH letters and 80% of the shorter one.
   */
  sharingBeginning(term: string): number[] {
    if (term.length < PREFIX_MATCH || /^\d+$/.test(term)) return [];
    const stem = term.slice(0, PREFIX_MATCH);
    const out: number[] = [];
    for (let i = lowerBound(this.terms, stem); i < this.terms.length; i++) {
      const candidate = this.terms[i]!;
      if (!candidate.startsWith(stem)) break;
      if (candidate === term) continue;
      if (sharedPrefix(term, candidate) >= 0.8 * Math.min(term.length, candidate.length))
        out.push(i);
    }
    return out;
  }

  /**
   * Ids of terms one edit away (a letter changed, added, dropped or two swapped), for a term the
   * corpus never uses ("frensh" → "french", "celeron" → "celoron"). Only for words of five
   * letters or more, and with the same first letter: shorter words are too often other words.
   */
  misspelled(term: string): number[] {
    if (term.length < 5 || /\d/.test(term)) return [];
    const first = term[0]!;
    const out: number[] = [];
    const end = lowerBound(this.terms, String.fromCharCode(first.charCodeAt(0) + 1));
    for (let i = lowerBound(this.terms, first); i < end; i++) {
      const candidate = this.terms[i]!;
      if (Math.abs(candidate.length - term.length) > 1) continue;
      if (withinOneEdit(term, candidate)) out.push(i);
    }
    return out;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Damerau-Levenshtein distance ≤ 1, for different strings. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one letter changed
    // two neighbouring letters swapped
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}
