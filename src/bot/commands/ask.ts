import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { buildAnswer } from "../build-answer.js";
import type { Command } from "../loader.js";
import { refuseSlashCommand, whereOf } from "../gate.js";
import { speakerChoices } from "../choices.js";
import type { AskOptions } from "../../retrieval/index.js";
import { questionText } from "../mentions.js";

const command: Command = {
  data: new SlashCommandBuilder()
    .setName("ask")
    .setDescription("Ask a question; get the passages of the statements that answer it, quoted.")
    .addStringOption((o) =>
      o
        .setName("question")
        .setDescription("Your question, e.g. how many are still missing?")
        .setRequired(true)
        .setMaxLength(1000),
    )
    .addIntegerOption((o) =>
      o
        .setName("results")
        .setDescription("How many passages (1-10)")
        .setMinValue(1)
        .setMaxValue(10),
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
    const where = whereOf(interaction);
    if (await refuseSlashCommand(ctx, interaction, "ask")) return;
    const settings = await ctx.settings.get(interaction.guildId);
    await interaction.deferReply(
      settings.visibility === "private" ? { flags: MessageFlags.Ephemeral } : {},
    );
    const options: AskOptions = {
      k: interaction.options.getInteger("results") ?? settings.results,
      minRelevance: settings.minRelevance,
    };
    const since = interaction.options.getString("since");
    const until = interaction.options.getString("until");
    const speaker = interaction.options.getString("speaker");
    if (since) options.since = since;
    if (until) options.until = until;
    if (speaker) options.speaker = speaker;
    const question = questionText(interaction.options.getString("question", true));
    const { payload, result } = await buildAnswer(ctx, {
      command: "ask",
      question,
      options,
      offset: 0,
      where,
    });
    await interaction.editReply(payload);
    ctx.log.info(
      {
        command: "ask",
        guild: interaction.guildId,
        passages: result.passages.length,
        tookMs: Math.round(result.tookMs),
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
