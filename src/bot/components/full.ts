import { MessageFlags } from "discord.js";
import { escapeText, statementPages } from "../format.js";
import type { Component } from "../loader.js";
import { STALE, statementMessage } from "../statement-view.js";

/** "Full statement": the statement a passage came from, privately, page by page. */
const component: Component = {
  prefix: "full",
  async execute(interaction, [id, offset, index], ctx) {
    const shown = (await ctx.answers.page(Number(id), Number(offset)))?.[Number(index)];
    const statement = shown ? ctx.retriever.statement(shown.docId) : null;
    if (!statement) {
      await interaction.reply({ content: STALE, flags: MessageFlags.Ephemeral });
      return;
    }
    // Open on the page that holds the quoted passage.
    const needle = escapeText(shown!.quote.slice(0, 80));
    const page = Math.max(
      0,
      statementPages(statement).findIndex((p) => p.includes(needle)),
    );
    await interaction.reply({
      ...statementMessage(statement, page),
      flags: MessageFlags.Ephemeral,
    });
  },
};

export default component;
