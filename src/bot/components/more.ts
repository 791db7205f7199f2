import { MessageFlags } from "discord.js";
import { buildAnswer } from "../build-answer.js";
import type { Component } from "../loader.js";
import { STALE } from "../statement-view.js";

/** "More results": the next page of passages for the same question, as a new message. */
const component: Component = {
  prefix: "more",
  async execute(interaction, [id, offsetText], ctx) {
    const answer = await ctx.answers.get(Number(id));
    const offset = Number(offsetText);
    if (!answer || !Number.isInteger(offset) || offset < 0) {
      await interaction.reply({ content: STALE, flags: MessageFlags.Ephemeral });
      return;
    }
    const settings = await ctx.settings.get(interaction.guildId);
    await interaction.deferReply(
      settings.visibility === "private" ? { flags: MessageFlags.Ephemeral } : {},
    );
    const { payload } = await buildAnswer(ctx, {
      command: "more",
      question: answer.question,
      options: answer.options,
      offset,
      answerId: answer.id,
      where: {
        guildId: interaction.guildId,
        channelId: interaction.channelId,
        userId: interaction.user.id,
      },
    });
    await interaction.editReply(payload);
  },
};

export default component;
