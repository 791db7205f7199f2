/**
 * What every Discord view shares: the limits, Markdown escaping, shortening at word boundaries,
 * dates and links; and the statement and /sources views. Pure functions producing plain API
 * payloads; statement text is escaped so it shows as text, never as Markdown.
 */
import type { Passage, Statement, StatementSummary } from "../retrieval/index.js";

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

/** The bot's accent: answers, statements, lists. */
export const COLOR = 0x4f6d8f;

/**
 * Statement text as literal text: every Markdown construct and Discord tag (`<@id>`, `<t:…>`) is
 * escaped. Linear in the text's length (discord.js's escapeMarkdown takes seconds on a long
 * statement).
 */
export function escapeText(text: string): string {
  return (
    text
      .replace(/[\\*_~`|[\]]/g, "\\$&")
      // Discord's tags: a mention, channel, emoji, slash command or timestamp written in a statement.
      .replace(/<(?=[@#:/]|a:|t:|id:)/g, "\\<")
      .replace(/^([ \t]*)(>|#{1,3}\s|[-+]\s|\d+\.\s)/gm, "$1\\$2")
  );
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

/**
 * A date as a Discord timestamp. Noon UTC, so that readers from UTC-11 to UTC+11 see the
 * statement's own date in their time zone.
 */
export function discordDate(date: string): string {
  return `<t:${Math.floor(Date.parse(`${date}T12:00:00Z`) / 1000)}:D>`;
}

/**
 * A URL fit for a Markdown link `[text](url)`, or null: http(s) only, no white space, parentheses,
 * angle brackets and quotation marks percent-encoded (they would end the link early), at most
 * `max` characters.
 */
export function linkUrl(url: string | null, max = 400): string | null {
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url)) return null;
  const safe = url.replace(/[()<>"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return safe.length <= max ? safe : null;
}

function sourceLine(p: Pick<Passage, "source" | "url">, max: number): string | null {
  const url = linkUrl(p.url);
  const label = p.source
    ? escapeText(shorten(p.source, Math.max(10, max - (url?.length ?? 0) - 4)))
    : null;
  if (url && label && label.length + url.length + 4 <= max) return `[${label}](${url})`;
  if (url && !label && url.length <= max) return url;
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

/** Escapes then shortens, without cutting an escape sequence in half. */
export function shortenEscaped(text: string, max: number): string {
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
    const url = linkUrl(s.url);
    return `**${s.date}** · ${url ? `[${label}](${url})` : label}${who}`;
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
