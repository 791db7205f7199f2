/**
 * Discord's message Markdown, as HTML, for previews: the subset the bot writes and statement text
 * could hold (escapes, bold, italics, underline, strike-through, code, spoilers, masked and bare
 * links, block quotes, subtext and headings, timestamps, mentions). Pure. Everything is
 * HTML-escaped: statement text is untrusted, and only http(s) links become anchors.
 */

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

export interface MarkdownOptions {
  /** The moment relative timestamps (`<t:…:R>`) are counted from. */
  now: Date;
}

/** How Discord shows `<t:UNIX:STYLE>` to a reader in en-US (the preview reads as UTC). */
export function formatTimestamp(seconds: number, style: string, now: Date): string {
  const date = new Date(seconds * 1000);
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-US", { timeZone: "UTC", ...options }).format(date);
  switch (style) {
    case "t":
      return format({ timeStyle: "short" });
    case "T":
      return format({ timeStyle: "medium" });
    case "d":
      return format({ month: "2-digit", day: "2-digit", year: "numeric" });
    case "D":
      return format({ dateStyle: "long" });
    case "F":
      return format({ dateStyle: "full", timeStyle: "short" });
    case "R":
      return relative(date, now);
    default:
      return format({ dateStyle: "long", timeStyle: "short" });
  }
}

function relative(date: Date, now: Date): string {
  const seconds = (date.getTime() - now.getTime()) / 1000;
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ["year", 365 * 86_400],
    ["month", 30 * 86_400],
    ["day", 86_400],
    ["hour", 3600],
    ["minute", 60],
    ["second", 1],
  ];
  const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? units.at(-1)!;
  return new Intl.RelativeTimeFormat("en-US", { numeric: "auto" }).format(
    Math.round(seconds / size),
    unit,
  );
}

/** Delimited spans, longest delimiters first, so that "**" is not read as two "*". */
const SPANS: Array<{ mark: string; tag: string; className?: string; raw?: boolean }> = [
  { mark: "**", tag: "strong" },
  { mark: "__", tag: "u" },
  { mark: "~~", tag: "s" },
  { mark: "||", tag: "span", className: "spoiler" },
  { mark: "*", tag: "em" },
  { mark: "_", tag: "em" },
  { mark: "`", tag: "code", raw: true },
];

/** Where the span opened at 0 with `mark` closes, skipping escaped characters; -1 if it does not. */
function closing(text: string, mark: string, raw: boolean): number {
  for (let i = mark.length; i < text.length; i++) {
    if (!raw && text[i] === "\\") {
      i++;
      continue;
    }
    if (!text.startsWith(mark, i)) continue;
    // "**" inside a "*" span is bold, not the end of the italics.
    if (!raw && mark.length === 1 && text[i + 1] === mark) {
      i++;
      continue;
    }
    // An empty span ("****") is text.
    return i > mark.length ? i : -1;
  }
  return -1;
}

const LINK = /^\[((?:\\.|[^\\\]])+)\]\((https?:\/\/[^\s()<>]+)\)/;
const BARE_URL = /^https?:\/\/[^\s<]+[^\s<.,:;"')\]]/;
const TIMESTAMP = /^<t:(-?\d{1,13})(?::([tTdDfFR]))?>/;
const MENTION = /^<(@!?|@&|#)(\d{15,21})>/;

/** One line's inline Markdown as HTML. */
export function inlineHtml(text: string, options: MarkdownOptions): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i]!;
    if (ch === "\\" && /^[^\w\s]/.test(rest.slice(1))) {
      out += escapeHtml(rest[1]!);
      i += 2;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = TIMESTAMP.exec(rest))) {
      const shown = formatTimestamp(Number(m[1]), m[2] ?? "f", options.now);
      out += `<span class="timestamp">${escapeHtml(shown)}</span>`;
      i += m[0].length;
      continue;
    }
    if ((m = MENTION.exec(rest))) {
      const kind = m[1] === "#" ? "#channel" : m[1] === "@&" ? "@role" : "@user";
      out += `<span class="mention">${kind}</span>`;
      i += m[0].length;
      continue;
    }
    if ((m = LINK.exec(rest))) {
      out += `<a href="${escapeHtml(m[2]!)}">${inlineHtml(m[1]!, options)}</a>`;
      i += m[0].length;
      continue;
    }
    if ((m = BARE_URL.exec(rest))) {
      out += `<a href="${escapeHtml(m[0])}">${escapeHtml(m[0])}</a>`;
      i += m[0].length;
      continue;
    }
    const span = SPANS.find((s) => rest.startsWith(s.mark));
    if (span) {
      const end = closing(rest, span.mark, span.raw ?? false);
      if (end > 0) {
        const inner = rest.slice(span.mark.length, end);
        const body = span.raw ? escapeHtml(inner) : inlineHtml(inner, options);
        const cls = span.className ? ` class="${span.className}"` : "";
        out += `<${span.tag}${cls}>${body}</${span.tag}>`;
        i += end + span.mark.length;
        continue;
      }
    }
    out += escapeHtml(ch);
    i++;
  }
  return out;
}

/**
 * A message's or embed's text as HTML: block quotes (`> `, consecutive lines together), subtext
 * (`-# `), headings (`# ` to `### `), and lines of inline Markdown.
 */
export function markdownHtml(text: string, options: MarkdownOptions): string {
  const blocks: string[] = [];
  let quote: string[] = [];
  const flushQuote = () => {
    if (quote.length) blocks.push(`<blockquote>${quote.join("<br>")}</blockquote>`);
    quote = [];
  };
  for (const line of text.split("\n")) {
    const quoted = /^> (.*)$|^>$/.exec(line);
    if (quoted) {
      quote.push(inlineHtml(quoted[1] ?? "", options));
      continue;
    }
    flushQuote();
    const heading = /^(#{1,3}) (.+)$/.exec(line);
    const subtext = /^-# (.+)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      blocks.push(`<h${level}>${inlineHtml(heading[2]!, options)}</h${level}>`);
    } else if (subtext) {
      blocks.push(`<div class="subtext">${inlineHtml(subtext[1]!, options)}</div>`);
    } else {
      blocks.push(`<div class="line">${inlineHtml(line, options) || "<br>"}</div>`);
    }
  }
  flushQuote();
  return blocks.join("");
}
