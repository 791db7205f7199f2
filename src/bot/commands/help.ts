import { MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Command } from "../loader.js";

export const HELP_TEXT = [
  "**Verbatim** answers questions about the statements in its index by quoting them: every word it shows is a quote, with its date, speaker and source.",
  "",
  "**Ask**: `/ask question: how many are still missing?` or mention me: `@Verbatim how many are still missing?`",
  "• Narrow it down with `since`, `until` (YYYY-MM-DD) and `speaker`.",
  "• Questions with *still*, *now* or *latest* show the most recent passage first; *how many* questions prefer passages with a figure.",
  "• Dates in the question are a preference (“in 2022”: statements from then first); the answer says how it read them.",
  "• Buttons under an answer: **More results**, **Full statement N** (the passage numbered N, in full), **Details** (scores, files, how it searched), and 👍/👎 to tell us whether it helped.",
  "",
  "**Trend**: `/trend question: how many people are still missing?` draws how a figure changed over time: every point is a figure quoted from a dated statement, numbered, with its quote and source below the chart.",
  "",
  "**Browse**: `/sources` lists the statements, newest first; `/statement` shows one in full.",
  "**Moderators**: `/config` sets where and how I answer; `/reindex` picks up new statements; `/stats` shows usage.",
].join("\n");

const command: Command = {
  data: new SlashCommandBuilder()
    .setName("help")
    .setDescription("What Verbatim does and how to ask."),
  async execute(interaction) {
    await interaction.reply({ content: HELP_TEXT, flags: MessageFlags.Ephemeral });
  },
};

export default command;
