/**
 * An answer as a Discord message, answer first: the question and how it was read, then the
 * passages that answer it (the first block-quoted with a sentence of context, the others one
 * short quote each), each followed by speaker, date and a numbered source; then the related
 * passages under their own heading, in a muted embed without block quotes. Numbers match the
 * "Full statement N" buttons. Scores, file names and the search mode are behind "Details". Pure;
 * within every Discord limit.
 */
import { type AskResult, type Passage, describeFilters } from "../retrieval/index.js";
import {
  COLOR,
  type EmbedPayload,
  LIMITS,
  discordDate,
  embedLength,
  escapeText,
  linkUrl,
  shorten,
  shortenEscaped,
} from "./format.js";
import type { QuoteContext } from "./quote-context.js";

/** Related passages are grey, so they never pass for answers. */
export const RELATED_COLOR = 0x99a1aa;

export const NO_ANSWER_HEADING = "Nothing answers this directly. Closest passages:";
export const RELATED_HEADING = "Related passages";

/** Characters kept free of the 6,000 all embeds of a message may hold together. */
const MARGIN = 100;

export interface AnswerView {
  content: string;
  embeds: EmbedPayload[];
}

/** How much of each quote is shown; the view takes the roomiest level that fits. */
interface Sizes {
  /** The first answer's quote and context. */
  lead: number;
  /** Each further answer's quote. */
  quote: number;
  /** Each related passage's quote. */
  related: number;
  /** Titles and speakers. */
  label: number;
  context: boolean;
  links: boolean;
}

/** Quotes get shorter first, then links go (their text stays), and quotes last of all. */
const LEVELS: Sizes[] = [
  { lead: 700, quote: 220, related: 160, label: 90, context: true, links: true },
  { lead: 480, quote: 180, related: 130, label: 90, context: true, links: true },
  { lead: 320, quote: 140, related: 110, label: 70, context: false, links: true },
  { lead: 240, quote: 100, related: 80, label: 50, context: false, links: true },
  { lead: 240, quote: 100, related: 80, label: 50, context: false, links: false },
  { lead: 160, quote: 60, related: 50, label: 40, context: false, links: false },
  { lead: 100, quote: 0, related: 0, label: 30, context: false, links: false },
];

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** What was read from the question and the filters in force, in plain words. */
export function readingLine(result: Pick<AskResult, "period" | "filters">): string {
  const parts: string[] = [];
  if (result.period)
    parts.push(
      `read as: ${escapeText(shorten(result.period.phrase, 80))} — statements from then first`,
    );
  const filters = describeFilters(result.filters, (name) => `“${escapeText(shorten(name, 80))}”`);
  if (filters.length) parts.push(`only statements ${filters.join(", ")}`);
  return parts.join(" · ");
}

/** The numbered source: "[1] Title" (or the publisher, without a title) linked to its url. */
function sourceCitation(p: Passage, n: number, sizes: Sizes): string {
  const number = `\\[${n}\\]`;
  const url = sizes.links ? linkUrl(p.url) : null;
  const label = p.title ?? p.source;
  if (!label) return url ? `${number} [source](${url})` : number;
  const text = escapeText(shorten(oneLine(label), sizes.label));
  return `${number} ${url ? `[${text}](${url})` : text}`;
}

/** Speaker, date (a Discord timestamp) and the numbered source. */
function attribution(p: Passage, n: number, sizes: Sizes): string {
  const parts: string[] = [];
  if (p.speaker) parts.push(escapeText(shorten(oneLine(p.speaker), Math.min(60, sizes.label))));
  parts.push(discordDate(p.date), sourceCitation(p, n, sizes));
  return parts.join(" · ");
}

/** The first answer: its quote as a block quote, in bold inside its context when there is room. */
function leadAnswer(p: Passage, n: number, context: QuoteContext, sizes: Sizes): string {
  const lines =
    p.quote.length <= sizes.lead
      ? p.quote
          .split(/\n+/)
          .map(oneLine)
          .filter(Boolean)
          .map((line) => `**${escapeText(line)}**`)
      : [`**${shortenEscaped(oneLine(p.quote), sizes.lead)}**`];
  if (sizes.context && lines.length > 0) {
    let room = sizes.lead - p.quote.length;
    const before = oneLine(context.before);
    const after = oneLine(context.after);
    if (before && before.length + 1 <= room) {
      lines[0] = `${escapeText(before)} ${lines[0]}`;
      room -= before.length + 1;
    }
    if (after && after.length + 1 <= room) lines[lines.length - 1] += ` ${escapeText(after)}`;
  }
  return [...lines.map((line) => `> ${line}`), `— ${attribution(p, n, sizes)}`].join("\n");
}

/** A further answer: one short block-quoted line, then its attribution. */
function furtherAnswer(p: Passage, n: number, sizes: Sizes): string {
  const who = `— ${attribution(p, n, sizes)}`;
  return sizes.quote > 0 ? `> ${shortenEscaped(oneLine(p.quote), sizes.quote)}\n${who}` : who;
}

/** A related passage: a short quote in quotation marks, no block quote, then its attribution. */
function relatedLine(p: Passage, n: number, sizes: Sizes): string {
  const who = attribution(p, n, sizes);
  return sizes.related > 0
    ? `“${shortenEscaped(oneLine(p.quote), sizes.related)}” — ${who}`
    : `${who}`;
}

/** Blocks into embeds of at most 4,096 characters each (the first one titled, if a title is given). */
function pack(blocks: string[], separator: string, color: number, title?: string): EmbedPayload[] {
  const embeds: EmbedPayload[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const embed: EmbedPayload = { description: current.join(separator), color };
    if (title && embeds.length === 0) embed.title = title;
    embeds.push(embed);
    current = [];
  };
  for (const block of blocks) {
    if ([...current, block].join(separator).length > LIMITS.description) flush();
    current.push(block);
  }
  flush();
  return embeds;
}

function header(result: AskResult, offset: number, shown: number): string {
  const question = escapeText(shorten(oneLine(result.question), 300));
  const notes = [readingLine(result)];
  if (offset > 0)
    notes.push(shown === 1 ? `passage ${offset + 1}` : `passages ${offset + 1}–${offset + shown}`);
  const note = notes.filter(Boolean).join(" · ");
  return `**Q:** ${question}${note ? `\n-# ${note}` : ""}`.slice(0, LIMITS.content);
}

function emptyMessage(result: AskResult, offset: number): string {
  const question = escapeText(shorten(oneLine(result.question), 300));
  const reading = readingLine(result);
  const text =
    offset > 0
      ? `No more passages answer “${question}”.`
      : `Nothing in the statements answers “${question}”. Try other words, or a wider date range.`;
  return `${text}${reading ? `\n-# ${reading}` : ""}`.slice(0, LIMITS.content);
}

/** The whole answer, within Discord's limits: `contexts[i]` is the context of `result.passages[i]`. */
export function answerView(result: AskResult, contexts: QuoteContext[], offset = 0): AnswerView {
  if (result.passages.length === 0) return { content: emptyMessage(result, offset), embeds: [] };
  const passages = result.passages.slice(0, LIMITS.embeds);
  const numbered = passages.map((p, i) => ({ p, n: offset + i + 1, i }));
  const answers = numbered.filter(({ p }) => p.match === "answer");
  const related = numbered.filter(({ p }) => p.match === "related");
  const relatedTitle = answers.length === 0 && offset === 0 ? NO_ANSWER_HEADING : RELATED_HEADING;
  const build = (sizes: Sizes): EmbedPayload[] => {
    const answerBlocks = answers.map(({ p, n, i }, k) =>
      k === 0
        ? leadAnswer(p, n, contexts[i] ?? { before: "", after: "" }, sizes)
        : furtherAnswer(p, n, sizes),
    );
    const relatedLines = related.map(({ p, n }) => relatedLine(p, n, sizes));
    return [
      ...pack(answerBlocks, "\n\n", COLOR),
      ...pack(relatedLines, "\n\n", RELATED_COLOR, relatedTitle),
    ];
  };
  const fits = (embeds: EmbedPayload[]) =>
    embeds.length <= LIMITS.embeds &&
    embeds.reduce((n, e) => n + embedLength(e), 0) <= LIMITS.total - MARGIN;
  let embeds = build(LEVELS.at(-1)!);
  for (const sizes of LEVELS) {
    const candidate = build(sizes);
    if (fits(candidate)) {
      embeds = candidate;
      break;
    }
  }
  return { content: header(result, offset, passages.length), embeds };
}
