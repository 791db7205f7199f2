import { MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Retriever } from "../../retrieval/index.js";
import { NO_MENTIONS } from "../build-answer.js";
import { sourcesPage } from "../format.js";
import { refuseSlashCommand } from "../gate.js";
import type { Command } from "../loader.js";
import { pagerRows } from "../pager.js";

export function sourcesMessage(retriever: Retriever, page: number) {
  const { embed, pages } = sourcesPage(retriever.statements(), page);
  const current = Math.min(Math.max(page, 0), pages - 1);
  const components = pagerRows((p) => `src:${p}`, current, pages, ["Newer", "Older"]);
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

const command: Command = {
  data: new SlashCommandBuilder()
    .setName("sources")
    .setDescription("List the statements in the index, newest first."),
  async execute(interaction, ctx) {
    if (await refuseSlashCommand(ctx, interaction, "sources")) return;
    await interaction.reply({ ...sourcesMessage(ctx.retriever, 0), flags: MessageFlags.Ephemeral });
  },
};

export default command;
