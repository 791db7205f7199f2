/**
 * Answers as Discord messages: one embed per passage, within every Discord limit. Pure functions
 * producing plain API payloads; statement text is escaped so it shows as text, never as Markdown.
 */
import type { AskResult, Passage, Statement, StatementSummary } from "../retrieval/types.js";

export const LIMITS = {
  content: 2000,
  description: 4096,
  title: 256,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  fields: 25,
  embeds: 10,
  /** All embeds of one message together. */
  total: 6000,
} as const;

export interface EmbedPayload {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  footer?: { text: string };
}

const COLOR = 0x4f6d8f;
/** Related passages (nothing answers well enough) are grey, so they never pass for answers. */
const RELATED_COLOR = 0x99a1aa;

/**
 * Statement text as literal text: every Markdown construct is escaped. Linear in the text's
 * length (discord.js's escapeMarkdown takes seconds on a long statement).
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\\*_~`|[\]]/g, "\\$&")
    .replace(/^([ \t]*)(>|#{1,3}\s|[-+]\s|\d+\.\s)/gm, "$1\\$2");
}

/**
 * Shortens text to at most `max` characters, at a sentence end if one is near, else at a word
 * boundary, with an ellipsis; never mid-word (a single overlong word is the only exception).
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 1));
  const sentenceEnd = Math.max(
    room.lastIndexOf(". "),
    room.lastIndexOf("? "),
    room.lastIndexOf("! "),
  );
  if (sentenceEnd > max * 0.6) return `${room.slice(0, sentenceEnd + 1)} …`.slice(0, max);
  const space = room.lastIndexOf(" ");
  const cut = space > 0 ? room.slice(0, space) : room;
  return `${cut.trimEnd()}…`;
}

/** Shortens the start of a text (keeping its end), at a word boundary. */
function shortenStart(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(text.length - Math.max(0, max - 1));
  const space = room.indexOf(" ");
  return `…${space >= 0 && space < room.length * 0.7 ? room.slice(space + 1) : room}`;
}

export interface PassageContext {
  /** Text of the chunk before the quote, and after it. */
  before: string;
  after: string;
}

function sourceLine(p: Pick<Passage, "source" | "url">, max: number): string | null {
  const label = p.source
    ? escapeText(shorten(p.source, Math.max(10, max - (p.url?.length ?? 0) - 4)))
    : null;
  if (p.url && label && label.length + p.url.length + 4 <= max) return `[${label}](${p.url})`;
  if (p.url && !label && p.url.length <= max) return p.url;
  return label ? escapeText(shorten(p.source!, max)).slice(0, max) : null;
}

function metaFields(
  p: Pick<Passage, "date" | "speaker" | "source" | "url">,
  max: number,
): Array<{ name: string; value: string; inline?: boolean }> {
  const fields: Array<{ name: string; value: string; inline?: boolean }> = [
    { name: "Date", value: p.date, inline: true },
  ];
  if (p.speaker) {
    fields.push({ name: "Speaker", value: shortenEscaped(p.speaker, max), inline: true });
  }
  const source = sourceLine(p, max);
  if (source) fields.push({ name: "Source", value: source, inline: true });
  return fields;
}

/**
 * One passage as an embed: the quote in bold inside a little of its context, then date, speaker
 * and source. Everything is sized to fit `budget` characters, so that all embeds of an answer
 * fit in one message.
 */
export function passageEmbed(
  passage: Passage,
  index: number,
  context: PassageContext,
  budget: number,
): EmbedPayload {
  const fields = metaFields(
    passage,
    Math.min(LIMITS.fieldValue, Math.max(30, Math.floor(budget * 0.12))),
  );
  const tier = passage.match === "related" ? "Related · " : "";
  const title = shorten(
    `${index + 1}. ${tier}${passage.title ?? `Statement of ${passage.date}`}`,
    Math.min(LIMITS.title, Math.max(40, Math.floor(budget * 0.12))),
  );
  const footer = shorten(
    `${passage.docId} · relevance ${passage.score.toFixed(2)}`,
    Math.min(LIMITS.footer, Math.max(30, Math.floor(budget * 0.12))),
  );
  const fixed =
    title.length + footer.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = Math.min(LIMITS.description, Math.max(40, budget - fixed));
  const quote = escapeText(passage.quote);
  let description: string;
  if (quote.length + 4 >= room) {
    description = `**${shortenEscaped(passage.quote, room - 4)}**`;
  } else {
    const spare = room - quote.length - 6;
    const beforeText = context.before.trim();
    const afterText = context.after.trim();
    const before =
      beforeText && spare > 40 ? shortenEscapedStart(beforeText, Math.floor(spare / 2)) : "";
    const after = afterText && spare > 40 ? shortenEscaped(afterText, Math.floor(spare / 2)) : "";
    description = [before, `**${quote}**`, after].filter(Boolean).join(" ");
    if (description.length > room) description = `**${quote}**`;
  }
  const embed: EmbedPayload = {
    title,
    description,
    color: passage.match === "related" ? RELATED_COLOR : COLOR,
    fields,
    footer: { text: footer },
  };
  if (passage.url) embed.url = passage.url;
  return embed;
}

/** Escapes then shortens the start, keeping the end, within `max` characters. */
function shortenEscapedStart(text: string, max: number): string {
  let room = max;
  let out = escapeText(shortenStart(text, room));
  while (out.length > max && room > 10) {
    room = Math.floor(room * 0.9);
    out = escapeText(shortenStart(text, room));
  }
  return out.length > max ? "" : out;
}

/** Escapes then shortens, without cutting an escape sequence in half. */
function shortenEscaped(text: string, max: number): string {
  let room = max;
  let out = escapeText(shorten(text, room));
  while (out.length > max && room > 10) {
    room = Math.floor(room * 0.9);
    out = escapeText(shorten(text, room));
  }
  return out.slice(0, max);
}

export function embedLength(embed: EmbedPayload): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

export interface AnswerView {
  content: string;
  embeds: EmbedPayload[];
}

function describeFilters(result: AskResult): string {
  const parts: string[] = [];
  if (result.filters.since) parts.push(`since ${result.filters.since}`);
  if (result.filters.until) parts.push(`until ${result.filters.until}`);
  if (result.filters.speaker)
    parts.push(`speaker “${escapeText(shorten(result.filters.speaker, 80))}”`);
  if (result.period) parts.push(`${escapeText(result.period.phrase)} first`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** The whole answer: a one-line header and one embed per passage, all within Discord's limits. */
export function answerView(result: AskResult, contexts: PassageContext[], offset = 0): AnswerView {
  const question = escapeText(shorten(result.question.replace(/\s+/g, " "), 300));
  if (result.passages.length === 0) {
    const content =
      offset > 0
        ? `No more passages answer “${question}”${describeFilters(result)}.`
        : `Nothing in the statements answers “${question}”${describeFilters(result)}. Try other words, or a wider date range.`;
    return { content: content.slice(0, LIMITS.content), embeds: [] };
  }
  const passages = result.passages.slice(0, LIMITS.embeds);
  const first = offset + 1;
  const last = offset + passages.length;
  const range = passages.length === 1 ? `Passage ${first}` : `Passages ${first}–${last}`;
  const keyword = result.mode === "keyword" ? " · keyword search" : "";
  const answers = passages.filter((p) => p.match === "answer").length;
  const content = (
    answers === 0
      ? `Nothing answers “${question}” directly${describeFilters(result)}. Closest passages:`
      : `${range} for “${question}”${describeFilters(result)}${keyword}`
  ).slice(0, LIMITS.content);
  // Share the 6,000-character budget: fixed parts first, the rest split among descriptions.
  const skeletons = passages.map((p, i) =>
    passageEmbed(p, offset + i, { before: "", after: "" }, 0),
  );
  const fixed = skeletons.reduce((n, e) => n + embedLength(e) - (e.description?.length ?? 0), 0);
  const perEmbed = Math.floor((LIMITS.total - fixed - 50) / passages.length);
  const embeds = passages.map((p, i) =>
    passageEmbed(p, offset + i, contexts[i] ?? { before: "", after: "" }, Math.min(perEmbed, 1200)),
  );
  return { content, embeds };
}

/** A statement split into pages that each fit one embed description. */
export function statementPages(statement: Statement, pageSize = 3800): string[] {
  const head = statement.dateline ? `${statement.dateline} ` : "";
  const text = escapeText(`${head}${statement.text}`);
  const pages: string[] = [];
  let rest = text;
  while (rest.length > pageSize) {
    const window = rest.slice(0, pageSize);
    let cut = window.lastIndexOf("\n\n");
    if (cut < pageSize * 0.5) cut = window.lastIndexOf(". ") + 1;
    if (cut < pageSize * 0.5) cut = window.lastIndexOf(" ");
    if (cut <= 0) cut = pageSize;
    // Never split an escape sequence ("\*") across pages.
    while (cut > 1 && window[cut - 1] === "\\") cut--;
    pages.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  pages.push(rest);
  return pages;
}

export function statementEmbed(statement: Statement, page: number, pages: string[]): EmbedPayload {
  const fields = metaFields(statement, 300);
  const embed: EmbedPayload = {
    title: shorten(statement.title ?? `Statement of ${statement.date}`, LIMITS.title),
    description: pages[page] ?? "",
    color: COLOR,
    fields,
    footer: { text: shorten(`${statement.docId} · page ${page + 1} of ${pages.length}`, 200) },
  };
  if (statement.url) embed.url = statement.url;
  return embed;
}

/** Lines of the /sources list, newest first, within one embed. */
export function sourcesPage(
  summaries: StatementSummary[],
  page: number,
  perPage = 10,
): { embed: EmbedPayload; pages: number } {
  const pages = Math.max(1, Math.ceil(summaries.length / perPage));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const lines = summaries.slice(current * perPage, (current + 1) * perPage).map((s) => {
    const label = escapeText(shorten(s.title ?? s.docId, 120));
    const who = s.speaker ? ` — ${escapeText(shorten(s.speaker, 80))}` : "";
    return `**${s.date}** · ${s.url ? `[${label}](${s.url})` : label}${who}`;
  });
  return {
    embed: {
      title: `Statements in the index (${summaries.length})`,
      description: lines.join("\n") || "The index holds no statements yet.",
      color: COLOR,
      footer: { text: `Page ${current + 1} of ${pages} · newest first` },
    },
    pages,
  };
}
