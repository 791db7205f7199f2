import { MessageFlags } from "discord.js";
import type { Component } from "../loader.js";
import { STALE } from "../statement-view.js";

/** 👍/👎: recorded with the question, the passages shown and the user. */
const component: Component = {
  prefix: "fb",
  async execute(interaction, [id, vote], ctx) {
    const answer = await ctx.answers.get(Number(id));
    if (!answer || (vote !== "up" && vote !== "down")) {
      await interaction.reply({ content: STALE, flags: MessageFlags.Ephemeral });
      return;
    }
    await ctx.answers.recordFeedback(answer.id, interaction.user.id, vote === "up" ? 1 : -1);
    ctx.log.info({ answer: answer.id, vote, user: interaction.user.id }, "feedback");
    await interaction.reply({
      content:
        vote === "up"
          ? "Thanks! Glad it helped."
          : "Thanks for telling us. We use this to improve the answers.",
      flags: MessageFlags.Ephemeral,
    });
  },
};

export default component;
