/** Plain-text and JSON renderings of an answer for the command line. Pure. */
import type { AskResult, Passage } from "../retrieval/types.js";

export interface JsonResult {
  quote: string;
  date: string;
  speaker: string | null;
  title: string | null;
  source: string | null;
  url: string | null;
  docId: string;
  score: number;
  match: "answer" | "related";
}

export function toJsonResults(passages: Passage[]): JsonResult[] {
  return passages.map((p) => ({
    quote: p.quote,
    date: p.date,
    speaker: p.speaker,
    title: p.title,
    source: p.source,
    url: p.url,
    docId: p.docId,
    score: p.score,
    match: p.match,
  }));
}

function describeFilters(result: AskResult): string {
  const parts: string[] = [];
  if (result.filters.since) parts.push(`since ${result.filters.since}`);
  if (result.filters.until) parts.push(`until ${result.filters.until}`);
  if (result.filters.speaker) parts.push(`speaker "${result.filters.speaker}"`);
  if (result.period) parts.push(`${result.period.phrase} first`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

function block(p: Passage, i: number): string {
  const who = [p.speaker, p.title].filter(Boolean).join(", ");
  const where = [p.source, p.url].filter(Boolean).join(" ");
  const lines = [`${i + 1}. "${p.quote}"`, `   ${p.date}${who ? ` · ${who}` : ""}`];
  lines.push(`   ${where ? `${where} · ` : ""}${p.docId} · score ${p.score.toFixed(3)}`);
  return lines.join("\n");
}

/** Answers first; related passages under their own heading, so they never pass for answers. */
export function formatText(result: AskResult): string {
  if (result.passages.length === 0) {
    return `No statement answers "${result.question}"${describeFilters(result)}.\n`;
  }
  const answers = result.passages.filter((p) => p.match === "answer");
  const related = result.passages.filter((p) => p.match === "related");
  const parts: string[] = [];
  if (answers.length > 0) {
    parts.push(answers.map(block).join("\n\n"));
    if (result.period) parts.push(`(${result.period.phrase} first)`);
  }
  if (related.length > 0) {
    parts.push(
      answers.length > 0
        ? "Related passages:"
        : `Nothing answers "${result.question}" directly${describeFilters(result)}. Closest passages:`,
    );
    parts.push(related.map((p, i) => block(p, answers.length + i)).join("\n\n"));
  }
  if (result.hasMore) parts.push("(more results: raise --k)");
  return `${parts.join("\n\n")}\n`;
}
