import { MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import { escapeText, shorten } from "../format.js";
import type { Command } from "../loader.js";
import { MODERATORS_ONLY, canManageServer } from "../permissions.js";
import { plural } from "../../plural.js";
import { corpusChanged, describeCorpusChanges } from "../../retrieval/index.js";

const command: Command = {
  data: new SlashCommandBuilder()
    .setName("stats")
    .setDescription("Moderators: questions asked, unanswered share, feedback, slowest questions.")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setDMPermission(false)
    .addIntegerOption((o) =>
      o
        .setName("days")
        .setDescription("Period in days (default 7)")
        .setMinValue(1)
        .setMaxValue(365),
    ),

  async execute(interaction, ctx) {
    if (!interaction.inGuild() || !canManageServer(interaction)) {
      await interaction.reply({ content: MODERATORS_ONLY, flags: MessageFlags.Ephemeral });
      return;
    }
    const days = interaction.options.getInteger("days") ?? 7;
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    const stats = await ctx.answers.stats(interaction.guildId, since);
    const share = stats.questions ? Math.round((stats.unanswered / stats.questions) * 100) : 0;
    const slowest = stats.slowest.map(
      (s) => `• ${Math.round(s.tookMs)} ms — “${escapeText(shorten(s.question, 80))}”`,
    );
    const lines = [
      `**Last ${plural(days, "day")} on this server**`,
      `Questions asked: **${stats.questions}**`,
      `With no answer: **${stats.unanswered}** (${share}%)`,
      `Feedback: 👍 **${stats.up}** · 👎 **${stats.down}**`,
    ];
    if (slowest.length) lines.push("Slowest questions:", ...slowest);
    const changes = ctx.retriever.corpusChanges;
    if (corpusChanged(changes ?? null)) {
      lines.push(
        `⚠️ The corpus has ${describeCorpusChanges(changes!)} since the index was built: run \`npm run index\` or /reindex.`,
      );
    }
    await interaction.reply({
      content: lines.join("\n").slice(0, 2000),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};

export default command;
