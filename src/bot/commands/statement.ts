import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { rankChoices } from "../choices.js";
import { refuseSlashCommand } from "../gate.js";
import type { Command } from "../loader.js";
import { findStatement, refOf, statementMessage } from "../statement-view.js";

const command: Command = {
  data: new SlashCommandBuilder()
    .setName("statement")
    .setDescription("Show a whole statement, page by page.")
    .addStringOption((o) =>
      o
        .setName("id")
        .setDescription("The statement (start typing its date, title or file name)")
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(200),
    ),

  async execute(interaction, ctx) {
    if (await refuseSlashCommand(ctx, interaction, "statement")) return;
    const id = interaction.options.getString("id", true);
    const statement = findStatement(ctx.retriever, id);
    if (!statement) {
      await interaction.reply({
        content: `No statement "${id.slice(0, 100)}" in the index. Pick one from the list as you type, or see /sources.`,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    const settings = await ctx.settings.get(interaction.guildId);
    await interaction.reply({
      ...statementMessage(statement, 0),
      ...(settings.visibility === "private" ? { flags: MessageFlags.Ephemeral } : {}),
    });
  },

  async autocomplete(interaction, ctx) {
    const items = ctx.retriever.statements().map((s) => {
      const label = `${s.date} · ${s.title ?? s.docId}${s.speaker ? ` · ${s.speaker}` : ""}`;
      return { name: label, value: s.docId.length <= 100 ? s.docId : refOf(s.docId) };
    });
    await interaction.respond(rankChoices(items, interaction.options.getFocused()));
  },
};

export default command;
