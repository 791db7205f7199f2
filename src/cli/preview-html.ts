/**
 * A bot message payload (content, embeds, buttons) as an HTML page styled like Discord's dark
 * theme, so that an answer can be looked at without Discord. Pure: the page is a string; fonts
 * come in as CSS from the caller.
 */
import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle } from "discord.js";
import type { EmbedPayload } from "../bot/format.js";
import { escapeHtml, markdownHtml } from "./discord-markdown.js";

export interface PreviewMessage {
  content?: string;
  embeds?: Array<EmbedPayload & { image?: { url: string } }>;
  components?: Array<APIActionRowComponent<APIButtonComponent>>;
}

export interface PreviewOptions {
  /** The member and slash command shown above the reply ("you used /ask"). */
  invokedBy?: { user: string; command: string };
  botName?: string;
  /** When the message was sent: its header time, and "now" for relative timestamps. */
  now?: Date;
  /** `@font-face` rules for the page's fonts (Inter), or nothing for the system's. */
  fontCss?: string;
  /** The page's title. */
  title?: string;
}

const BUTTON_CLASS: Record<number, string> = {
  [ButtonStyle.Primary]: "primary",
  [ButtonStyle.Secondary]: "secondary",
  [ButtonStyle.Success]: "success",
  [ButtonStyle.Danger]: "danger",
  [ButtonStyle.Link]: "secondary",
};

const hexColor = (color: number | undefined) =>
  color === undefined ? "#1e1f22" : `#${(color & 0xffffff).toString(16).padStart(6, "0")}`;

const safeHref = (url: string | undefined) =>
  url && /^https?:\/\//i.test(url) ? escapeHtml(url) : null;

function embedHtml(embed: NonNullable<PreviewMessage["embeds"]>[number], now: Date): string {
  const parts: string[] = [];
  if (embed.title) {
    const title = markdownHtml(embed.title, { now });
    const href = safeHref(embed.url);
    parts.push(`<div class="embed-title">${href ? `<a href="${href}">${title}</a>` : title}</div>`);
  }
  if (embed.description)
    parts.push(`<div class="embed-description">${markdownHtml(embed.description, { now })}</div>`);
  if (embed.fields?.length) {
    const fields = embed.fields.map(
      (f) =>
        `<div class="embed-field${f.inline ? " inline" : ""}"><div class="field-name">${markdownHtml(f.name, { now })}</div><div class="field-value">${markdownHtml(f.value, { now })}</div></div>`,
    );
    parts.push(`<div class="embed-fields">${fields.join("")}</div>`);
  }
  if (embed.image) {
    const name = embed.image.url.replace(/^attachment:\/\//, "");
    parts.push(`<div class="embed-image">image: ${escapeHtml(name)}</div>`);
  }
  if (embed.footer) parts.push(`<div class="embed-footer">${escapeHtml(embed.footer.text)}</div>`);
  return `<div class="embed" style="border-left-color:${hexColor(embed.color)}">${parts.join("")}</div>`;
}

function buttonHtml(button: APIButtonComponent): string {
  const cls = BUTTON_CLASS[button.style] ?? "secondary";
  const emoji =
    "emoji" in button && button.emoji?.name
      ? `<span class="emoji">${escapeHtml(button.emoji.name)}</span>`
      : "";
  const label = "label" in button && button.label ? escapeHtml(button.label) : "";
  return `<span class="button ${cls}">${emoji}${label}</span>`;
}

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #313338; color: #dbdee1; font-family: Inter, "gg sans", "Noto Sans", "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.375; -webkit-font-smoothing: antialiased; }
.chat { padding: 16px 16px 18px 0; width: 880px; }
.invoked { display: flex; align-items: center; gap: 4px; margin-left: 72px; font-size: 14px; color: #b5bac1; position: relative; line-height: 18px; margin-bottom: 4px; }
.invoked::before { content: ""; position: absolute; left: -38px; top: 8px; width: 33px; height: 12px; border-left: 2px solid #4e5058; border-top: 2px solid #4e5058; border-top-left-radius: 6px; }
.invoked .who { color: #dbdee1; font-weight: 500; }
.invoked .mini { width: 16px; height: 16px; border-radius: 50%; background: #5865f2; display: inline-block; }
.invoked .command { color: #00a8fc; }
.message { display: flex; gap: 16px; padding-left: 16px; }
.avatar { flex: none; width: 40px; height: 40px; border-radius: 50%; background: #4f6d8f; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 600; font-size: 18px; }
.body { min-width: 0; flex: 1; }
.header { display: flex; align-items: center; gap: 6px; line-height: 22px; }
.name { color: #f2f3f5; font-weight: 500; }
.tag { background: #5865f2; color: #fff; font-size: 10px; font-weight: 600; padding: 0 4px; border-radius: 3px; line-height: 15px; height: 15px; }
.time { color: #949ba4; font-size: 12px; margin-left: 2px; }
.content { word-wrap: break-word; }
.subtext { font-size: 13px; line-height: 1.1rem; color: #949ba4; }
h1 { font-size: 24px; margin: 8px 0 4px; } h2 { font-size: 20px; margin: 8px 0 4px; } h3 { font-size: 16px; margin: 8px 0 4px; }
blockquote { margin: 0; padding: 0 8px 0 12px; border-left: 4px solid #4e5058; border-radius: 4px; }
a { color: #00a8fc; text-decoration: none; }
strong { font-weight: 700; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 85%; background: #2b2d31; border: 1px solid #1e1f22; border-radius: 4px; padding: 0 3px; }
.spoiler { background: #1e1f22; color: #1e1f22; border-radius: 3px; }
.timestamp { background: rgba(78, 80, 88, 0.48); border-radius: 3px; padding: 0 2px; white-space: nowrap; }
.mention { background: rgba(88, 101, 242, 0.3); color: #c9cdfb; border-radius: 3px; padding: 0 2px; font-weight: 500; }
.embeds { display: flex; flex-direction: column; gap: 4px; margin-top: 2px; }
.embed { max-width: 520px; background: #2b2d31; border-left: 4px solid; border-radius: 4px; padding: 8px 16px 16px 12px; font-size: 14px; line-height: 1.125rem; }
.embed-title { color: #f2f3f5; font-weight: 600; font-size: 16px; line-height: 1.375; margin-top: 8px; }
.embed-title a { color: #00a8fc; }
.embed-description { margin-top: 8px; white-space: normal; color: #dbdee1; }
.embed-fields { display: flex; flex-wrap: wrap; gap: 8px 16px; margin-top: 8px; }
.embed-field { flex: 1 1 100%; }
.embed-field.inline { flex: 1 1 28%; }
.field-name { font-weight: 600; color: #f2f3f5; margin-bottom: 2px; }
.embed-image { margin-top: 16px; border: 1px dashed #4e5058; border-radius: 4px; padding: 24px; color: #949ba4; text-align: center; }
.embed-footer { margin-top: 8px; font-size: 12px; color: #b5bac1; }
.rows { display: flex; flex-direction: column; gap: 8px; margin-top: 8px; }
.row { display: flex; gap: 8px; }
.button { display: inline-flex; align-items: center; gap: 6px; height: 32px; padding: 2px 16px; border-radius: 8px; color: #fff; font-size: 14px; font-weight: 500; }
.button .emoji { font-size: 16px; line-height: 1; }
.primary { background: #5865f2; } .secondary { background: #4e5058; } .success { background: #248046; } .danger { background: #da373c; }
`;

/**
 * Records on the body how wide (`data-width`: the right edge of the furthest piece of text,
 * embed or button) and how tall (`data-height`) the message is, once the fonts are in, for a screenshot
 * of the message and nothing else.
 */
const MEASURE = `document.fonts.ready.then(() => {
  const chat = document.querySelector(".chat");
  let right = 0;
  for (const el of chat.querySelectorAll(".embed, .button")) right = Math.max(right, el.getBoundingClientRect().right);
  const text = document.createTreeWalker(chat, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (text.nextNode()) {
    range.selectNodeContents(text.currentNode);
    right = Math.max(right, range.getBoundingClientRect().right);
  }
  document.body.setAttribute("data-width", String(Math.ceil(right + 16)));
  document.body.setAttribute("data-height", String(Math.ceil(chat.getBoundingClientRect().bottom)));
});`;

/**
 * The whole page: the invoking line, the bot's message header, content, embeds and buttons. Its
 * one script measures the message (MEASURE).
 */
export function previewHtml(message: PreviewMessage, options: PreviewOptions = {}): string {
  const now = options.now ?? new Date();
  const bot = options.botName ?? "Verbatim";
  const time = new Intl.DateTimeFormat("en-US", {
    timeZone: "UTC",
    hour: "numeric",
    minute: "2-digit",
  }).format(now);
  const invoked = options.invokedBy
    ? `<div class="invoked"><span class="mini"></span><span class="who">${escapeHtml(options.invokedBy.user)}</span> used <span class="command">/${escapeHtml(options.invokedBy.command)}</span></div>`
    : "";
  const content = message.content
    ? `<div class="content">${markdownHtml(message.content, { now })}</div>`
    : "";
  const embeds = message.embeds?.length
    ? `<div class="embeds">${message.embeds.map((e) => embedHtml(e, now)).join("")}</div>`
    : "";
  const rows = message.components?.length
    ? `<div class="rows">${message.components
        .map((row) => `<div class="row">${row.components.map(buttonHtml).join("")}</div>`)
        .join("")}</div>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title ?? `${bot}: preview`)}</title>
<style>${options.fontCss ?? ""}${CSS}</style>
</head>
<body>
<div class="chat">
${invoked}
<div class="message">
<div class="avatar">${escapeHtml(bot.slice(0, 1).toUpperCase())}</div>
<div class="body">
<div class="header"><span class="name">${escapeHtml(bot)}</span><span class="tag">APP</span><span class="time">Today at ${escapeHtml(time)}</span></div>
${content}${embeds}${rows}
</div>
</div>
</div>
<script>${MEASURE}</script>
</body>
</html>
`;
}
