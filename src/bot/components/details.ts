import { MessageFlags } from "discord.js";
import type { PageReading, ShownPage, ShownPassage } from "../answer-store.js";
import { COLOR, type EmbedPayload, LIMITS, escapeText, shorten } from "../format.js";
import type { Component } from "../loader.js";
import { STALE } from "../statement-view.js";

/**
 * "Details": what an answer leaves out so that it reads at a glance, privately: for each passage
 * its file, relevance, score, tier and chunk; how the question was read (the period) and
 * searched (mode, filters).
 */

export interface DetailsTarget {
  answerId: number;
  /** The page of the answer (the offset of its first passage). */
  offset: number;
}

export const DETAILS_PREFIX = "details";

export function detailsId(target: DetailsTarget): string {
  return `${DETAILS_PREFIX}:${target.answerId}:${target.offset}`;
}

/** The custom id's arguments as typed data, or null when they cannot be one (typed by anyone). */
export function parseDetailsArgs(args: readonly string[]): DetailsTarget | null {
  if (args.length !== 2 || !args.every((a) => /^\d{1,10}$/.test(a))) return null;
  return { answerId: Number(args[0]), offset: Number(args[1]) };
}

const MODE_TEXT: Record<PageReading["mode"], string> = {
  hybrid: "hybrid (meaning and keywords, fused)",
  keyword: "keyword search only (no embedding model)",
};

const number = (value: number | undefined, digits: number) =>
  value === undefined ? "—" : value.toFixed(digits);

/** "3" from "speeches/a.txt::3". */
function chunkOrdinal(p: ShownPassage): string {
  const ordinal = p.chunkId?.slice(p.chunkId.lastIndexOf("::") + 2);
  return ordinal && /^\d+$/.test(ordinal) ? ordinal : "—";
}

function passageLine(p: ShownPassage, n: number, fileChars: number): string {
  const file = escapeText(shorten(p.docId, fileChars));
  return `**${n}.** ${file}\n${p.match ?? "—"} · relevance ${number(p.relevance, 2)} · score ${number(p.score, 3)} · chunk ${chunkOrdinal(p)}`;
}

function readingLines(reading: PageReading | null, tookMs: number): string[] {
  if (!reading) return ["How the question was read was not recorded for this answer."];
  const { period, filters } = reading;
  const periodText = period
    ? `“${escapeText(shorten(period.phrase, 80))}”: statements from ${period.since ?? "the start"} to ${period.until ?? "now"} first (a preference, not a filter)`
    : "none";
  const filterText =
    [
      filters.since && `since ${filters.since}`,
      filters.until && `until ${filters.until}`,
      filters.speaker && `speaker “${escapeText(shorten(filters.speaker, 80))}”`,
    ]
      .filter(Boolean)
      .join(", ") || "none";
  return [
    `**Search:** ${MODE_TEXT[reading.mode]}, ${Math.round(tookMs)} ms`,
    `**Period read from the question:** ${periodText}`,
    `**Filters:** ${filterText}`,
  ];
}

/** The details of one page of an answer, as one private embed within Discord's limits. */
export function detailsEmbed(page: ShownPage, offset: number): EmbedPayload {
  const head = readingLines(page.reading, page.tookMs).join("\n");
  const build = (fileChars: number) =>
    [head, "", ...page.passages.map((p, i) => passageLine(p, offset + i + 1, fileChars))].join(
      "\n",
    );
  let description = build(200);
  for (const fileChars of [120, 60, 30]) {
    if (description.length <= LIMITS.description) break;
    description = build(fileChars);
  }
  return {
    title: "Details of this answer",
    description: description.slice(0, LIMITS.description),
    color: COLOR,
    footer: {
      text: "relevance: how well the passage answers (0–1) · score: its rank among them · chunk: the passage's place in its file",
    },
  };
}

const component: Component = {
  prefix: DETAILS_PREFIX,
  async execute(interaction, args, ctx) {
    const target = parseDetailsArgs(args);
    const page = target ? await ctx.answers.shownPage(target.answerId, target.offset) : null;
    if (!target || !page) {
      await interaction.reply({ content: STALE, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.reply({
      embeds: [detailsEmbed(page, target.offset)],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};

export default component;
