/**
 * How a figure changed over time: from the passages that answer a quantity question, the figure
 * each statement gives, by date. Every point is a figure quoted verbatim from a dated statement.
 * `buildTrend` is pure; `collectTrend` gathers the answering passages through `Retriever.ask`.
 */
import { splitSentences } from "./chunk.js";
import {
  type QuantityQuestion,
  chooseFigure,
  readQuantityQuestion,
  unitLabel,
} from "./figure-choice.js";
import type { Qualifier } from "./figures.js";
import {
  type AskOptions,
  type AskResult,
  MAX_K,
  type Passage,
  type Retriever,
  type Statement,
} from "./types.js";

export interface TrendPoint {
  /** The statement's date, YYYY-MM-DD. */
  date: string;
  /** The figure; the middle of a range. */
  value: number;
  /** Bounds of a range ("between 300 and 400"), else null. */
  range: [number, number] | null;
  /** "people", "percent", "EUR", "hectares"...; null for a count of something unnamed. */
  unit: string | null;
  qualifier: Qualifier | null;
  /** The figure as written: "nearly 4,000". */
  text: string;
  /** The sentence it is quoted from, verbatim. */
  quote: string;
  /** Offsets of the quote and of the figure in the statement text. */
  quoteStart: number;
  quoteEnd: number;
  figureStart: number;
  figureEnd: number;
  docId: string;
  speaker: string | null;
  title: string | null;
  source: string | null;
  url: string | null;
  /** How well the question's words attach to the figure (to pick one figure per statement). */
  score: number;
}

export interface Trend {
  question: string;
  /** Unit of the charted series (the most common one), or null when there are no points. */
  unit: string | null;
  /** The charted series, oldest first. */
  points: TrendPoint[];
  /** Figures that answer in another unit (not charted), oldest first. */
  other: TrendPoint[];
}

export interface TrendResult extends Trend {
  /** Every answering passage that was read, in the engine's order. */
  passages: Passage[];
  filters: AskResult["filters"];
  mode: AskResult["mode"];
  tookMs: number;
}

/** Fewest points on distinct dates for a chart. */
export const MIN_CHART_DATES = 2;

/** Whether the series has enough dated figures to be drawn. */
export function chartable(trend: Trend): boolean {
  return new Set(trend.points.map((p) => p.date)).size >= MIN_CHART_DATES;
}

const PEOPLE_WORDS = new Set(["people", "persons", "individuals", "citizens", "civilians"]);

/** The figure of each statement that answers the question, as a series by date. Pure. */
export function buildTrend(
  question: string,
  passages: readonly Passage[],
  statementOf: (docId: string) => Statement | null,
): Trend {
  const asked = readQuantityQuestion(question);
  const sentencesOf = new Map<string, Array<[number, number]>>();
  const best = new Map<string, TrendPoint>();
  for (const passage of passages) {
    if (passage.match !== "answer") continue;
    const statement = statementOf(passage.docId);
    if (!statement) continue;
    let sentences = sentencesOf.get(statement.docId);
    if (!sentences) {
      sentences = splitSentences(statement.text);
      sentencesOf.set(statement.docId, sentences);
    }
    sentences.forEach(([start, end], index) => {
      if (end <= passage.start || start >= passage.end) return;
      const point = pointFrom(asked, statement, sentences!, index);
      const kept = best.get(statement.docId);
      if (point && (!kept || point.score > kept.score + 1e-9)) best.set(statement.docId, point);
    });
  }
  return seriesOf(question, asked, [...best.values()]);
}

function pointFrom(
  asked: QuantityQuestion,
  statement: Statement,
  sentences: Array<[number, number]>,
  index: number,
): TrendPoint | null {
  const [start, end] = sentences[index]!;
  const sentence = statement.text.slice(start, end);
  const previous = sentences[index - 1];
  const context = `${previous ? statement.text.slice(previous[0], previous[1]) : ""} ${statement.title ?? ""}`;
  const chosen = chooseFigure(sentence, asked, context);
  if (!chosen) return null;
  const { figure } = chosen;
  return {
    date: statement.date,
    value: figure.value,
    range: figure.range,
    unit: unitLabel(figure.unit),
    qualifier: figure.qualifier,
    text: figure.text,
    quote: sentence,
    quoteStart: start,
    quoteEnd: end,
    figureStart: start + figure.start,
    figureEnd: start + figure.end,
    docId: statement.docId,
    speaker: statement.speaker,
    title: statement.title,
    source: statement.source,
    url: statement.url,
    score: chosen.score,
  };
}

/**
 * Splits the points by unit: the unit most points share is charted (ties: the unit the question
 * asks for, then the earliest); counts of something unnamed ("11,980 remain missing") count as
 * what the question counts.
 */
function seriesOf(question: string, asked: QuantityQuestion, found: TrendPoint[]): Trend {
  const askedUnit = asked.countedWord
    ? PEOPLE_WORDS.has(asked.countedWord)
      ? "people"
      : asked.countedWord
    : null;
  const points = found
    .map((p) => (p.unit === null && askedUnit ? { ...p, unit: askedUnit } : p))
    .sort((a, b) => a.date.localeCompare(b.date) || a.docId.localeCompare(b.docId));
  const counts = new Map<string | null, number>();
  for (const p of points) counts.set(p.unit, (counts.get(p.unit) ?? 0) + 1);
  const unnamed = counts.get(null) ?? 0;
  const isCount = (unit: string | null) =>
    unit !== null &&
    !/^(percent|percentage points|[A-Z]{3}|hectares|acres|km²|square miles)$/.test(unit);
  const ranked = [...counts.keys()].sort((a, b) => {
    const size = (u: string | null) => (counts.get(u) ?? 0) + (isCount(u) ? unnamed : 0);
    return (
      size(b) - size(a) ||
      Number(b === askedUnit) - Number(a === askedUnit) ||
      points.findIndex((p) => p.unit === a) - points.findIndex((p) => p.unit === b)
    );
  });
  const unit = ranked[0] ?? null;
  const main = points.filter((p) => p.unit === unit || (p.unit === null && isCount(unit)));
  const charted = main.map((p) => (p.unit === null ? { ...p, unit } : p));
  return { question, unit, points: charted, other: points.filter((p) => !main.includes(p)) };
}

/** Passages read per call: the most `ask` returns at once. */
const PAGE = MAX_K;
/** Answering passages read at most: a few pages, so a question's cost stays bounded. */
const MAX_PASSAGES = 200;

export interface TrendOptions {
  since?: string;
  until?: string;
  speaker?: string;
  minRelevance?: number;
}

/**
 * Reads every answering passage (not only the first page) and builds the series. Stops at the
 * first "related" passage: those do not answer.
 */
export async function collectTrend(
  retriever: Retriever,
  question: string,
  options: TrendOptions = {},
): Promise<TrendResult> {
  const started = performance.now();
  const passages: Passage[] = [];
  let first: AskResult | null = null;
  for (let offset = 0; offset < MAX_PASSAGES; offset += PAGE) {
    const ask: AskOptions = { ...options, k: PAGE, offset };
    const result = await retriever.ask(question, ask);
    first ??= result;
    const answers = result.passages.filter((p) => p.match === "answer");
    passages.push(...answers);
    if (!result.hasMore || answers.length < result.passages.length) break;
  }
  const trend = buildTrend(question, passages, (docId) => retriever.statement(docId));
  return {
    ...trend,
    passages,
    filters: first!.filters,
    mode: first!.mode,
    tookMs: performance.now() - started,
  };
}
