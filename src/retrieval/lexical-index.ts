/**
 * Keyword search (BM25) over chunks: an SQLite FTS5 table per index generation, holding each
 * chunk's text, title and speaker as the shared index terms (Porter stems, no stop words), so the
 * keyword index, term statistics and quote selection agree on what a match is.
 *
 * SQLite does the BM25 scoring and keeps the postings on disk: opening the index reads nothing
 * up front, and a search costs the postings of its terms.
 */
import Database from "better-sqlite3";
import { processTerm, tokenize } from "./terms.js";
import { plural } from "../plural.js";

export interface LexicalDocument {
  /** The chunk's vector label, also its rowid here. */
  id: number;
  text: string;
  title: string;
  speaker: string;
}

export interface LexicalHit {
  label: number;
  /** BM25, higher is better. */
  score: number;
}

/**
 * The keyword index's format, and that of the term data stored beside it (the sorted term list and
 * each chunk's sentence terms): what a term is must agree between them.
 */
export const LEXICAL_FORMAT = "sqlite-fts5/verbatim-terms-2";

/** Column weights for BM25: a match in the speaker or the title counts more than one in the text. */
const WEIGHTS = { text: 1, title: 1.5, speaker: 2 };

/**
 * Postings a search visits at most (under 10 ms of SQLite time on a 2-core server): see
 * `affordableTerms`. Chosen by quality: the SQuAD and development questions, asked over their
 * statements mixed into 100,000 generated distractor chunks, score within one question of each
 * other from 8,000 postings to no budget at all (on 2026-11-30, R@1 / R@3: SQuAD 0.794 / 0.901 at
 * 10,000 against 0.797 / 0.901 at 15,000; dev 0.617 / 0.752 against 0.609 / 0.744), while each
 * step down saves SQLite time on a large corpus (the keyword-only ask over the benchmark's 98,000
 * chunks: p50 about 11.5 ms at 15,000, 7.5 at 10,000). The measurements are in docs/design.md.
 */
export const POSTINGS_BUDGET = 10_000;

export class LexicalIndex {
  private readonly ranked: Database.Statement<[string, number], LexicalHit>;
  private readonly rankedFiltered: Database.Statement<[string, number], LexicalHit>;
  /** The filter of the search in progress, which SQLite calls for every match. */
  private filter: (label: number) => boolean = () => true;

  private constructor(private readonly db: Database.Database) {
    // Only the labels the filter allows reach the ranking, in SQLite: no JavaScript object for
    // a match the filter drops.
    db.function("verbatim_allowed", { deterministic: false }, (label) =>
      this.filter(Number(label)) ? 1 : 0,
    );
    const select = (where: string) =>
      db.prepare<[string, number], LexicalHit>(
        `SELECT rowid AS label, -bm25(chunks, ${WEIGHTS.text}, ${WEIGHTS.title}, ${WEIGHTS.speaker}) AS score
         FROM chunks WHERE chunks MATCH ?${where} ORDER BY score DESC, rowid LIMIT ?`,
      );
    this.ranked = select("");
    this.rankedFiltered = select(" AND verbatim_allowed(rowid)");
  }

  /** Writes a new keyword index to `file` (which must not exist). */
  static write(file: string, documents: Iterable<LexicalDocument>): void {
    const db = new Database(file);
    try {
      // The file is checksummed and published only once complete: no journal is needed.
      db.pragma("journal_mode = OFF");
      db.pragma("synchronous = OFF");
      // Contentless: only the postings are kept (the texts are in statements.json).
      db.exec(
        `CREATE VIRTUAL TABLE chunks USING fts5(text, title, speaker, content='', tokenize="unicode61 remove_diacritics 0")`,
      );
      const insert = db.prepare(
        "INSERT INTO chunks(rowid, text, title, speaker) VALUES (?, ?, ?, ?)",
      );
      const asTerms = (text: string) => indexTerms(text).join(" ");
      db.transaction(() => {
        for (const d of documents)
          insert.run(d.id, asTerms(d.text), asTerms(d.title), asTerms(d.speaker));
      })();
      db.exec("INSERT INTO chunks(chunks) VALUES ('optimize')");
    } finally {
      db.close();
    }
  }

  /** Opens a keyword index read-only; `chunks` is how many it must hold. */
  static open(file: string, chunks: number): LexicalIndex {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const { count } = db.prepare("SELECT count(*) AS count FROM chunks_docsize").get() as {
        count: number;
      };
      if (count !== chunks) {
        throw new Error(
          `the keyword index holds ${plural(count, "chunk")}; the manifest says ${chunks}`,
        );
      }
      return new LexicalIndex(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The SQLite file. */
  get file(): string {
    return this.db.name;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Chunks holding any of `terms` (index terms, as `terms()` gives), best BM25 first; with
   * `filter`, only the labels it allows.
   */
  search(
    terms: readonly string[],
    limit: number,
    filter?: (label: number) => boolean,
  ): LexicalHit[] {
    if (terms.length === 0 || limit < 1) return [];
    const match = [...new Set(terms)].map((t) => `"${t.replaceAll('"', '""')}"`).join(" OR ");
    if (!filter) return this.ranked.all(match, limit);
    this.filter = filter;
    try {
      return this.rankedFiltered.all(match, limit);
    } finally {
      this.filter = () => true;
    }
  }
}

/**
 * The terms worth searching for, within a budget of postings: rarest first, a term is kept while
 * the postings of the kept terms stay within `budget` (the rarest always is). What is left out is
 * a word most chunks contain (on a 100,000-chunk corpus, one in more than half of them): it tells
 * chunks apart least and would cost the most. It still counts in relevance and quote selection,
 * which look at every word of the question; only the keyword candidates skip it.
 */
export function affordableTerms(
  terms: readonly string[],
  documentFrequency: (term: string) => number,
  budget = POSTINGS_BUDGET,
): string[] {
  const known = [...new Set(terms)]
    .map((term) => ({ term, df: documentFrequency(term) }))
    .filter((t) => t.df > 0)
    .sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1));
  const out: string[] = [];
  let postings = 0;
  for (const { term, df } of known) {
    if (out.length > 0 && postings + df > budget) continue;
    out.push(term);
    postings += df;
  }
  return out;
}

/** A text's index terms, in order, repeats kept (BM25 counts them). */
function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) out.push(term);
  }
  return out;
}

/** Document frequency of every term across chunk term sets. */
export function documentFrequencies(termSets: Iterable<ReadonlySet<string>>): Map<string, number> {
  const df = new Map<string, number>();
  for (const set of termSets) for (const term of set) df.set(term, (df.get(term) ?? 0) + 1);
  return df;
}
