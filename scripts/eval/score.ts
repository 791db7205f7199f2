/**
 * Scoring, pure: the held-out scorer's rule (`shared/benchmarks/squad-v1.1-dev/score.py`), plus
 * statement-level ranks, refusals and the CI floor. No I/O here.
 *
 * - A result is a hit when its docId is the gold file and its quote holds at least 80% of the gold
 *   quote's word tokens (score.py's `toks`: curly quotes made straight, lower case, runs of word
 *   characters and ' . , % $).
 * - Ranks count every result listed, related ones included; MRR has no cutoff beyond the results.
 * - A result is an answer unless it says `"match": "related"`.
 * - A negative question (nothing in the corpus answers it) is right, on every rank metric, when no
 *   result is an answer.
 */

/** The kinds of the question sets, in the order reports list them; others follow by name. */
export const KIND_ORDER: readonly string[] = [
  "lexical",
  "paraphrase",
  "numeric",
  "latest",
  "date",
  "who",
  "when",
  "where",
  "speaker",
  "external",
  "negative",
];
export const NEGATIVE = "negative";
export const PARAPHRASE = "paraphrase";

/** Share of the gold quote's tokens the returned quote must hold. */
export const QUOTE_TOKEN_SHARE = 0.8;

export interface Gold {
  /** The statement's docId (`gold_file`). */
  file: string;
  /** One sentence of the statement's body (`gold_quote`). */
  quote: string;
  date: string;
}

export interface EvalQuestion {
  id: string;
  question: string;
  kind: string;
  /** Null for negative questions. */
  gold: Gold | null;
}

/** The part of a CLI result the scorer reads. */
export interface ListedResult {
  quote: string;
  docId: string;
  match?: "answer" | "related" | undefined;
}

export interface ScoredQuestion {
  question: EvalQuestion;
  results: ListedResult[];
  tookMs: number;
  /** The batch's one-line error for this question, if it had one (its results are empty). */
  error: string | null;
  /** 1-based rank of the first result holding the gold quote (every tier), or null. */
  quoteRank: number | null;
  /** 1-based rank of the first result from the gold statement (every tier), or null. */
  statementRank: number | null;
  /** Some result is answer-tier. */
  answered: boolean;
}

/** score.py's `toks`. Python's `\w` on text is Unicode letters, digits and "_". */
export function scoreTokens(text: string): string[] {
  const straight = text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .toLowerCase();
  return straight.match(/[\p{L}\p{N}_'.,%$]+/gu) ?? [];
}

/** The returned quote holds at least 80% of the gold quote's tokens (repeats counted). */
export function quoteCovers(quote: string, goldQuote: string): boolean {
  const gold = scoreTokens(goldQuote);
  const have = new Set(scoreTokens(quote));
  const held = gold.filter((token) => have.has(token)).length;
  return held >= QUOTE_TOKEN_SHARE * gold.length;
}

export function isHit(result: ListedResult, gold: Gold): boolean {
  return result.docId === gold.file && quoteCovers(result.quote, gold.quote);
}

export function isAnswerTier(result: ListedResult): boolean {
  return result.match !== "related";
}

function firstRank(results: ListedResult[], test: (r: ListedResult) => boolean): number | null {
  const index = results.findIndex(test);
  return index === -1 ? null : index + 1;
}

export function scoreQuestion(
  question: EvalQuestion,
  answer: { results: ListedResult[]; tookMs: number; error?: string | null | undefined },
): ScoredQuestion {
  const { results } = answer;
  const gold = question.gold;
  return {
    question,
    results,
    tookMs: answer.tookMs,
    error: answer.error ?? null,
    quoteRank: gold ? firstRank(results, (r) => isHit(r, gold)) : null,
    statementRank: gold ? firstRank(results, (r) => r.docId === gold.file) : null,
    answered: results.some(isAnswerTier),
  };
}

export interface RankMetrics {
  r1: number;
  r3: number;
  mrr: number;
}

export interface Metrics {
  n: number;
  /** Quote level (score.py): negatives count 1 when refused. */
  quote: RankMetrics;
  /** Statement level: the gold docId, whatever the quote. Negatives as above. */
  statement: RankMetrics;
  answerable: number;
  /** Answerable questions with no answer-tier result. */
  noAnswer: number;
  /** Answerable questions whose gold quote is among the listed results (any tier, any rank). */
  goldListed: number;
  /** ... among the first three listed. */
  goldListedTop3: number;
  negatives: number;
  /** Negatives with no answer-tier result (right). */
  negativesRefused: number;
  errors: number;
  /** Median ask time (the CLI's tookMs), ms. */
  p50Ms: number;
}

export const share = (count: number, of: number): number => (of === 0 ? 0 : count / of);

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function rankMetrics(scored: ScoredQuestion[], rankOf: (s: ScoredQuestion) => number | null) {
  let r1 = 0;
  let r3 = 0;
  let rr = 0;
  for (const s of scored) {
    if (s.question.kind === NEGATIVE) {
      const right = s.answered ? 0 : 1;
      r1 += right;
      r3 += right;
      rr += right;
      continue;
    }
    const rank = rankOf(s);
    if (rank === null) continue;
    if (rank === 1) r1 += 1;
    if (rank <= 3) r3 += 1;
    rr += 1 / rank;
  }
  const n = scored.length;
  return { r1: share(r1, n), r3: share(r3, n), mrr: share(rr, n) };
}

export function aggregate(scored: ScoredQuestion[]): Metrics {
  const answerable = scored.filter((s) => s.question.kind !== NEGATIVE);
  const negatives = scored.filter((s) => s.question.kind === NEGATIVE);
  return {
    n: scored.length,
    quote: rankMetrics(scored, (s) => s.quoteRank),
    statement: rankMetrics(scored, (s) => s.statementRank),
    answerable: answerable.length,
    noAnswer: answerable.filter((s) => !s.answered).length,
    goldListed: answerable.filter((s) => s.quoteRank !== null).length,
    goldListedTop3: answerable.filter((s) => s.quoteRank !== null && s.quoteRank <= 3).length,
    negatives: negatives.length,
    negativesRefused: negatives.filter((s) => !s.answered).length,
    errors: scored.filter((s) => s.error !== null).length,
    p50Ms: median(scored.map((s) => s.tookMs)),
  };
}

/** The kinds present, in report order. */
export function kindsOf(questions: readonly EvalQuestion[]): string[] {
  const present = new Set(questions.map((q) => q.kind));
  const known = KIND_ORDER.filter((kind) => present.has(kind));
  const others = [...present].filter((kind) => !KIND_ORDER.includes(kind)).sort();
  return [...known, ...others];
}

export function aggregateByKind(scored: ScoredQuestion[]): Array<[kind: string, Metrics]> {
  return kindsOf(scored.map((s) => s.question)).map((kind) => [
    kind,
    aggregate(scored.filter((s) => s.question.kind === kind)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The CI floor: quote-level R@1 and R@3 must not fall below, the no-answer share not rise above.
// ---------------------------------------------------------------------------------------------

export interface Floor {
  r1?: number;
  r3?: number;
  noanswer?: number;
}
const FLOOR_KEYS = ["r1", "r3", "noanswer"] as const;

/** Parses "r1=0.77,r3=0.87,noanswer=0.03"; throws with a message naming the bad part. */
export function parseFloor(text: string): Floor {
  const floor: Floor = {};
  for (const part of text.split(",")) {
    const match = /^\s*([a-z0-9]+)\s*=\s*([0-9.]+)\s*$/i.exec(part);
    const key = match?.[1]?.toLowerCase();
    const value = Number(match?.[2]);
    if (!match || !FLOOR_KEYS.some((k) => k === key)) {
      throw new Error(
        `--floor: "${part.trim()}" is not KEY=VALUE with KEY one of ${FLOOR_KEYS.join(", ")} (e.g. r1=0.77,r3=0.87,noanswer=0.03)`,
      );
    }
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new Error(`--floor: ${key} must be a share from 0 to 1, got "${match[2]}"`);
    }
    floor[key as (typeof FLOOR_KEYS)[number]] = value;
  }
  return floor;
}

/** What falls short of the floor, one phrase each; empty when it holds. */
export function floorViolations(metrics: Metrics, floor: Floor): string[] {
  const out: string[] = [];
  const f = (x: number) => x.toFixed(3);
  if (floor.r1 !== undefined && metrics.quote.r1 < floor.r1)
    out.push(`quote-level R@1 ${f(metrics.quote.r1)} < ${f(floor.r1)}`);
  if (floor.r3 !== undefined && metrics.quote.r3 < floor.r3)
    out.push(`quote-level R@3 ${f(metrics.quote.r3)} < ${f(floor.r3)}`);
  const noAnswer = share(metrics.noAnswer, metrics.answerable);
  if (floor.noanswer !== undefined && noAnswer > floor.noanswer)
    out.push(`no answer-tier result ${f(noAnswer)} > ${f(floor.noanswer)}`);
  return out;
}

/** One line saying which runs fell below the floor and how, or null when every run holds it. */
export function floorFailure(runs: Array<{ label: string; metrics: Metrics }>, floor: Floor) {
  const failures = runs
    .map(({ label, metrics }) => ({ label, problems: floorViolations(metrics, floor) }))
    .filter((run) => run.problems.length > 0)
    .map((run) => `${run.label}: ${run.problems.join(", ")}`);
  return failures.length === 0 ? null : `eval: below the floor: ${failures.join("; ")}`;
}
