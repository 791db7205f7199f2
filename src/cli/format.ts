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
  return parts.length ? ` (${parts.join(", ")})` : "";
}

export function formatText(result: AskResult): string {
  if (result.passages.length === 0) {
    return `No statement answers "${result.question}"${describeFilters(result)}.\n`;
  }
  const blocks = result.passages.map((p, i) => {
    const who = [p.speaker, p.title].filter(Boolean).join(", ");
    const where = [p.source, p.url].filter(Boolean).join(" ");
    const lines = [`${i + 1}. "${p.quote}"`, `   ${p.date}${who ? ` · ${who}` : ""}`];
    lines.push(`   ${where ? `${where} · ` : ""}${p.docId} · score ${p.score.toFixed(3)}`);
    return lines.join("\n");
  });
  const more = result.hasMore ? "\n(more results: raise --k)" : "";
  return `${blocks.join("\n\n")}\n${more ? `${more}\n` : ""}`;
}
