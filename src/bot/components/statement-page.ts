import { MessageFlags } from "discord.js";
import type { Component } from "../loader.js";
import { STALE, findStatement, statementMessage } from "../statement-view.js";

/** Previous/next page of a whole statement. */
const component: Component = {
  prefix: "stmt",
  async execute(interaction, [ref, page], ctx) {
    const statement = ref ? findStatement(ctx.retriever, ref) : null;
    if (!statement) {
      await interaction.reply({ content: STALE, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.update(statementMessage(statement, Number(page) || 0));
  },
};

export default component;
