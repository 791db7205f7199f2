/** Plain-text and JSON renderings of an answer for the command line. Pure. */
import { type AskResult, type Passage, describeFilters } from "../retrieval/index.js";

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

const OPENING = /^["\u201C\u201E]$/;
const DOUBLE_MARKS = /["\u201C\u201D\u201E]/g;

/**
 * Text between typographic quotation marks, balanced however the quoted text begins or ends.
 * A text that is itself one quotation ("\"We are ready.\"") gives its marks up to ours; quotation
 * marks inside become single ones (‘…’), as quotes within quotes are written; and a mark left open
 * or closed by where the quote was cut (a sentence from inside a longer quotation) is dropped at
 * the quote's edge, or matched at the other end when it stands inside.
 */
export function quoted(text: string): string {
  let inner = text.trim();
  const whole = /^["\u201C\u201E]([^"\u201C\u201D\u201E]*)["\u201D]([.,;:!?]?)$/.exec(inner);
  if (whole) inner = `${whole[1]}${whole[2]}`;
  const marks = [...inner.matchAll(DOUBLE_MARKS)].map((m) => ({
    at: m.index,
    mark: m[0],
    opens:
      OPENING.test(m[0]) &&
      (m[0] !== '"' || m.index === 0 || /[\s([{\u2014\u2013-]/.test(inner[m.index - 1]!)),
  }));
  const kind = new Map<number, "open" | "close" | "drop">();
  const open: number[] = [];
  let missingOpen = false;
  for (const mark of marks) {
    // German quotes open with „ and close with “.
    const closesLow = mark.mark === "\u201C" && inner[open.at(-1) ?? -1] === "\u201E";
    if (mark.opens && !closesLow) {
      open.push(mark.at);
      kind.set(mark.at, "open");
    } else if (open.length > 0) {
      open.pop();
      kind.set(mark.at, "close");
    } else if (mark.at === inner.length - 1 || /^[.,;:!?]$/.test(inner.slice(mark.at + 1))) {
      // At the very end: a quotation that began before the quote.
      kind.set(mark.at, "drop");
    } else {
      kind.set(mark.at, "close");
      missingOpen = true;
    }
  }
  let missingClose = false;
  for (const at of open) {
    // At the very start: a quotation that goes on after the quote.
    if (at === 0) kind.set(at, "drop");
    else missingClose = true;
  }
  const replacement = { open: "\u2018", close: "\u2019", drop: "" };
  let out = "";
  let from = 0;
  for (const mark of marks) {
    out += inner.slice(from, mark.at) + replacement[kind.get(mark.at)!];
    from = mark.at + 1;
  }
  out += inner.slice(from);
  if (missingOpen) out = `\u2018${out}`;
  if (missingClose) out = `${out}\u2019`;
  return `\u201C${out.trim()}\u201D`;
}

/** Lines after the first indented like the list item they belong to (blank lines stay blank). */
export function indentFollowingLines(text: string, indent: string): string {
  return text.replace(/\n(?=[^\n])/g, `\n${indent}`);
}

function describeReading(result: AskResult): string {
  const parts = describeFilters(result.filters, quoted);
  if (result.period) parts.push(`${result.period.phrase} first`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

function block(p: Passage, i: number): string {
  const who = [p.speaker, p.title].filter(Boolean).join(", ");
  const where = [p.source, p.url].filter(Boolean).join(" ");
  const lines = [
    `${i + 1}. ${indentFollowingLines(quoted(p.quote), "   ")}`,
    `   ${p.date}${who ? ` · ${who}` : ""}`,
  ];
  lines.push(`   ${where ? `${where} · ` : ""}${p.docId} · score ${p.score.toFixed(3)}`);
  return lines.join("\n");
}

/** Answers first; related passages under their own heading, so they never pass for answers. */
export function formatText(result: AskResult): string {
  if (result.passages.length === 0) {
    return `No statement answers ${quoted(result.question)}${describeReading(result)}.\n`;
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
        : `Nothing answers ${quoted(result.question)} directly${describeReading(result)}. Closest passages:`,
    );
    parts.push(related.map((p, i) => block(p, answers.length + i)).join("\n\n"));
  }
  if (result.hasMore) parts.push("(more results: raise --k)");
  return `${parts.join("\n\n")}\n`;
}
