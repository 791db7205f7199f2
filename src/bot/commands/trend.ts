import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { renderTrendChart } from "../../chart/trend-chart.js";
import { collectTrend, type TrendOptions } from "../../retrieval/index.js";
import { questionText } from "../mentions.js";
import { NO_MENTIONS } from "../build-answer.js";
import { speakerChoices } from "../choices.js";
import { refuseSlashCommand } from "../gate.js";
import type { Command } from "../loader.js";
import { CHART_FILE, trendView } from "../trend-view.js";

const command: Command = {
  data: new SlashCommandBuilder()
    .setName("trend")
    .setDescription("How a figure changed over time: a chart of the figures the statements give.")
    .addStringOption((o) =>
      o
        .setName("question")
        .setDescription("A question about a quantity, e.g. how many people are still missing?")
        .setRequired(true)
        .setMaxLength(1000),
    )
    .addStringOption((o) =>
      o
        .setName("since")
        .setDescription("Only statements on or after this date (YYYY-MM-DD)")
        .setMaxLength(10),
    )
    .addStringOption((o) =>
      o
        .setName("until")
        .setDescription("Only statements on or before this date (YYYY-MM-DD)")
        .setMaxLength(10),
    )
    .addStringOption((o) =>
      o
        .setName("speaker")
        .setDescription("Only statements by this speaker")
        .setAutocomplete(true)
        .setMaxLength(100),
    ),

  async execute(interaction, ctx) {
    if (await refuseSlashCommand(ctx, interaction, "trend")) return;
    const settings = await ctx.settings.get(interaction.guildId);
    await interaction.deferReply(
      settings.visibility === "private" ? { flags: MessageFlags.Ephemeral } : {},
    );
    const options: TrendOptions = { minRelevance: settings.minRelevance };
    const since = interaction.options.getString("since");
    const until = interaction.options.getString("until");
    const speaker = interaction.options.getString("speaker");
    if (since) options.since = since;
    if (until) options.until = until;
    if (speaker) options.speaker = speaker;
    const question = questionText(interaction.options.getString("question", true));
    const started = performance.now();
    const result = await collectTrend(ctx.retriever, question, options);
    ctx.metrics.answered("trend", result, (performance.now() - started) / 1000);
    const view = trendView(result);
    const chartStarted = performance.now();
    const files = view.chart
      ? [{ attachment: await renderTrendChart(result), name: CHART_FILE }]
      : [];
    const chartMs = view.chart ? Math.round(performance.now() - chartStarted) : 0;
    await interaction.editReply({
      content: view.content,
      embeds: view.embeds,
      files,
      allowedMentions: NO_MENTIONS,
    });
    ctx.log.info(
      {
        command: "trend",
        guild: interaction.guildId,
        passages: result.passages.length,
        points: result.points.length,
        other: result.other.length,
        tookMs: Math.round(result.tookMs),
        chartMs,
        mode: result.mode,
      },
      "answered",
    );
  },

  async autocomplete(interaction, ctx) {
    await interaction.respond(
      speakerChoices(ctx.retriever.speakers(), interaction.options.getFocused()),
    );
  },
};

export default command;
