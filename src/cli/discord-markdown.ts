/**
 * Discord's message Markdown as HTML, for previews. The text is parsed by discord-markdown-parser
 * (simple-markdown with Discord's rules: what Discord itself runs), so the preview shows how
 * Discord reads what the bot writes, escapes and masked links included; this file only turns
 * that tree into HTML. Every piece of text is HTML-escaped (statement text is untrusted) and only
 * http(s) links become anchors.
 */
import { parse } from "discord-markdown-parser";

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
export function formatTimestamp(seconds: number, style: string | undefined, now: Date): string {
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

/** A node of the parser's tree, as far as this renderer reads it. */
interface MarkdownNode {
  type: string;
  content?: MarkdownNode[] | string;
  target?: string;
  level?: number;
  timestamp?: string;
  format?: string;
  name?: string;
}

const WRAPPERS: Record<string, string> = {
  strong: "<strong>%</strong>",
  em: "<em>%</em>",
  underline: "<u>%</u>",
  strikethrough: "<s>%</s>",
  spoiler: '<span class="spoiler">%</span>',
  subtext: '<div class="subtext">%</div>',
};

const MENTIONS: Record<string, string> = {
  user: "@user",
  role: "@role",
  channel: "#channel",
  everyone: "@everyone",
  here: "@here",
  slashCommand: "/command",
  guildNavigation: "#channel",
};

function render(nodes: MarkdownNode[], options: MarkdownOptions): string {
  return nodes.map((node) => renderNode(node, options)).join("");
}

function children(node: MarkdownNode, options: MarkdownOptions): string {
  if (Array.isArray(node.content)) return render(node.content, options);
  return escapeHtml(node.content ?? "");
}

function renderNode(node: MarkdownNode, options: MarkdownOptions): string {
  const wrapper = WRAPPERS[node.type];
  if (wrapper) return wrapper.replace("%", children(node, options));
  const mention = MENTIONS[node.type];
  if (mention) return `<span class="mention">${mention}</span>`;
  switch (node.type) {
    case "br":
    case "newline":
      return "<br>";
    case "blockQuote": {
      // The quote's last line break ends the quote; it is not a line of its own.
      const content = Array.isArray(node.content) ? [...node.content] : [];
      while (content.length && ["br", "newline"].includes(content.at(-1)!.type)) content.pop();
      return `<blockquote>${render(content, options)}</blockquote>`;
    }
    case "heading": {
      const level = Math.min(Math.max(node.level ?? 1, 1), 3);
      return `<h${level}>${children(node, options)}</h${level}>`;
    }
    case "link":
    case "url":
    case "autolink": {
      const text = children(node, options);
      return node.target && /^https?:\/\//i.test(node.target)
        ? `<a href="${escapeHtml(node.target)}">${text}</a>`
        : text;
    }
    case "timestamp": {
      const shown = formatTimestamp(Number(node.timestamp), node.format, options.now);
      return `<span class="timestamp">${escapeHtml(shown)}</span>`;
    }
    case "inlineCode":
      return `<code>${children(node, options)}</code>`;
    case "codeBlock":
      return `<pre><code>${children(node, options)}</code></pre>`;
    case "emoji":
      return escapeHtml(`:${node.name ?? "emoji"}:`);
    case "twemoji":
      return escapeHtml(node.name ?? "");
    default:
      return children(node, options);
  }
}

/** A message's content, an embed's title or description, as HTML. */
export function markdownHtml(text: string, options: MarkdownOptions): string {
  return render(parse(text, "extended") as MarkdownNode[], options);
}
