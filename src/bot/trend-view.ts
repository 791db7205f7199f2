/**
 * /trend as a Discord message: the chart (an attachment shown in the first embed), then the
 * numbered points, each with its figure, date, speaker, a short quote and the source, then the
 * figures in other units; all within Discord's limits. Pure.
 */
import { figureValue } from "../chart/figure-text.js";
import {
  chartable,
  describeFilters,
  type Passage,
  type TrendPoint,
  type TrendResult,
} from "../retrieval/index.js";
import {
  type EmbedPayload,
  LIMITS,
  discordDate,
  embedLength,
  escapeText,
  shorten,
} from "./format.js";

export { discordDate } from "./format.js";
import { plural } from "../plural.js";

export const CHART_FILE = "trend.png";

export type TrendEmbed = EmbedPayload & { image?: { url: string } };

export interface TrendView {
  content: string;
  embeds: TrendEmbed[];
  /** Whether the chart is attached (as CHART_FILE) and shown in the first embed. */
  chart: boolean;
}

const COLOR = 0x4f6d8f;
/** Characters kept free of the 6,000 all embeds may hold together. */
const MARGIN = 100;

function sourceLink(p: Pick<TrendPoint, "source" | "url" | "docId">): string {
  if (p.url && p.url.length <= 300)
    return `[${escapeText(shorten(p.source ?? "source", 60))}](${p.url})`;
  return escapeText(shorten(p.source ?? p.docId, 80));
}

/**
 * The quote cut to about `max` characters around the figure (a third of the room before it, the
 * rest after), with the figure in bold.
 */
export function quoteAround(
  point: Pick<TrendPoint, "quote" | "quoteStart" | "figureStart" | "figureEnd">,
  max: number,
): string {
  const quote = point.quote;
  const from = Math.min(Math.max(0, point.figureStart - point.quoteStart), quote.length);
  const to = Math.min(Math.max(from, point.figureEnd - point.quoteStart), quote.length);
  const tidy = (text: string) => text.replace(/\s+/g, " ");
  let before = tidy(quote.slice(0, from)).trimStart();
  const figure = tidy(quote.slice(from, to));
  let after = tidy(quote.slice(to)).trimEnd();
  const room = Math.max(0, max - figure.length - 6);
  let beforeRoom = Math.floor(room / 3);
  let afterRoom = room - beforeRoom;
  if (after.length < afterRoom) beforeRoom += afterRoom - after.length;
  if (before.length < beforeRoom) afterRoom += beforeRoom - before.length;
  if (before.length > beforeRoom) {
    const kept = before.slice(before.length - beforeRoom);
    const space = kept.indexOf(" ");
    before = `…${space >= 0 ? kept.slice(space + 1) : kept}`;
  }
  if (after.length > afterRoom) {
    const kept = after.slice(0, afterRoom);
    const space = kept.lastIndexOf(" ");
    after = `${space > 0 ? kept.slice(0, space) : kept}…`;
  }
  return `${escapeText(before)}**${escapeText(figure)}**${escapeText(after)}`;
}

function pointLine(p: TrendPoint, label: string, quoteChars: number): string {
  const who = p.speaker ? ` · ${escapeText(shorten(p.speaker, 60))}` : "";
  // The figure is our own text (digits, signs and a unit word): nothing to escape.
  const head = `**${label}** ${figureValue(p)} · ${discordDate(p.date)}${who} · ${sourceLink(p)}`;
  return quoteChars >= 40 ? `${head}\n“${quoteAround(p, quoteChars)}”` : head;
}

function passageLine(p: Passage, index: number, quoteChars: number): string {
  const who = p.speaker ? ` · ${escapeText(shorten(p.speaker, 60))}` : "";
  const head = `**${index + 1}.** ${discordDate(p.date)}${who} · ${sourceLink(p)}`;
  return quoteChars >= 40
    ? `${head}\n“${escapeText(shorten(p.quote.replace(/\s+/g, " ").trim(), quoteChars))}”`
    : head;
}

/** Lines into embeds of at most 4,096 characters each (the first one titled). */
function pack(title: string, lines: string[]): TrendEmbed[] {
  const embeds: TrendEmbed[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const embed: TrendEmbed = { description: current.join("\n"), color: COLOR };
    if (embeds.length === 0) embed.title = title;
    embeds.push(embed);
    current = [];
  };
  for (const line of lines) {
    if ([...current, line].join("\n").length > LIMITS.description - 10) flush();
    current.push(line);
  }
  flush();
  return embeds;
}

const total = (embeds: TrendEmbed[]) => embeds.reduce((n, e) => n + embedLength(e), 0);

/**
 * Sections of numbered lines, as long a quote as fits: lines get shorter quotes, then none, then
 * the last lines give way to a "… and N more" line, until everything fits in `budget`.
 */
function fitSections(
  sections: Array<{
    title: string;
    count: number;
    line: (i: number, quoteChars: number) => string;
  }>,
  budget: number,
  maxEmbeds: number,
): TrendEmbed[] {
  const build = (quoteChars: number, keep: number) => {
    const embeds: TrendEmbed[] = [];
    let left = keep;
    for (const section of sections) {
      const shown = Math.min(section.count, left);
      left -= shown;
      const lines = Array.from({ length: shown }, (_, i) => section.line(i, quoteChars));
      if (shown < section.count) lines.push(`… and ${section.count - shown} more.`);
      if (section.count > 0) embeds.push(...pack(section.title, lines));
    }
    return embeds;
  };
  const count = sections.reduce((n, s) => n + s.count, 0);
  for (const quoteChars of [300, 220, 160, 110, 70, 0]) {
    const embeds = build(quoteChars, count);
    if (total(embeds) <= budget && embeds.length <= maxEmbeds) return embeds;
  }
  // The most lines that fit, without quotes (a binary search: fitting grows with fewer lines).
  let fits = 1;
  let tooMany = count;
  while (tooMany - fits > 1) {
    const keep = Math.floor((fits + tooMany) / 2);
    const embeds = build(0, keep);
    if (total(embeds) <= budget && embeds.length <= maxEmbeds) fits = keep;
    else tooMany = keep;
  }
  return build(0, fits);
}

function filtersInWords(result: TrendResult): string {
  const parts = describeFilters(result.filters, (name) => `“${escapeText(shorten(name, 80))}”`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

export function trendView(result: TrendResult): TrendView {
  const question = escapeText(shorten(result.question.replace(/\s+/g, " "), 300));
  const asked = `“${question}”${filtersInWords(result)}`;
  const keyword = result.mode === "keyword" ? " · keyword search" : "";
  const others = {
    title: "In other units (not charted)",
    count: result.other.length,
    line: (i: number, q: number) => pointLine(result.other[i]!, "•", q),
  };
  if (chartable(result)) {
    const n = result.points.length;
    const chart: TrendEmbed = {
      title: shorten(result.question.replace(/\s+/g, " "), LIMITS.title),
      description: `${plural(n, "figure")} in ${escapeText(result.unit ?? "unnamed units")}, each quoted from a dated statement; the numbers match the list below.`,
      color: COLOR,
      image: { url: `attachment://${CHART_FILE}` },
    };
    const points = {
      title: "Figures, oldest first",
      count: n,
      line: (i: number, q: number) => pointLine(result.points[i]!, `${i + 1}.`, q),
    };
    const budget = LIMITS.total - MARGIN - embedLength(chart);
    return {
      content: `How the figure changed for ${asked}${keyword}`.slice(0, LIMITS.content),
      embeds: [chart, ...fitSections([points, others], budget, LIMITS.embeds - 1)],
      chart: true,
    };
  }
  const dates = new Set(result.points.map((p) => p.date)).size;
  const one = result.passages.length === 1;
  const content =
    result.passages.length === 0
      ? `Nothing in the statements answers ${asked}. Try other words, or a wider date range.`
      : result.points.length === 0
        ? one
          ? `No chart: the one passage that answers ${asked} gives no figure for it. The passage found:`
          : `No chart: none of the ${result.passages.length} passages that answer ${asked} gives a figure for it. The passages found:`
        : `No chart: ${one ? "the passage that answers" : "the passages that answer"} ${asked} give${one ? "s" : ""} figures from only ${dates === 1 ? "one date" : `${dates} dates`}, and a chart needs at least two. What was found:`;
  const points = {
    title: "Figures found",
    count: result.points.length,
    line: (i: number, q: number) => pointLine(result.points[i]!, `${i + 1}.`, q),
  };
  const passages = {
    title: "Passages found",
    count: Math.min(result.passages.length, 10),
    line: (i: number, q: number) => passageLine(result.passages[i]!, i, q),
  };
  return {
    content: `${content}${keyword}`.slice(0, LIMITS.content),
    embeds: fitSections([points, others, passages], LIMITS.total - MARGIN, LIMITS.embeds),
    chart: false,
  };
}
