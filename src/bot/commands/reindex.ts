import { MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import type { Command } from "../loader.js";
import { canManageServer, memberRoleIds } from "../permissions.js";
import { plural } from "../../plural.js";

/** Progress edits at most this often (Discord rate-limits message edits). */
const EDIT_EVERY_MS = 1500;

const command: Command = {
  data: new SlashCommandBuilder()
    .setName("reindex")
    .setDescription(
      "Maintainers: pick up new or changed statements (the bot keeps answering meanwhile).",
    )
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setDMPermission(false),

  async execute(interaction, ctx) {
    const settings = await ctx.settings.get(interaction.guildId);
    const roles = memberRoleIds(interaction);
    const allowed =
      canManageServer(interaction) ||
      (interaction.inGuild() && roles.some((r) => settings.reindexRoles.includes(r)));
    if (!allowed) {
      await interaction.reply({
        content:
          "Only members with Manage Server, or a role a moderator allowed with `/config set reindexRoles`, can re-index.",
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    if (!ctx.reindexer) {
      await interaction.reply({
        content:
          "Re-indexing from Discord is not available on this bot; run `npm run index` on the server.",
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const running = ctx.reindexer.running();
    if (running) {
      await interaction.reply({
        content: `A re-index started by ${running.by} <t:${Math.floor(running.since.getTime() / 1000)}:R> is still running. Please wait for it to finish.`,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const started = Date.now();
    let lastEdit = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const onProgress = (line: string) => {
      const now = Date.now();
      if (now - lastEdit < EDIT_EVERY_MS) return;
      lastEdit = now;
      pending = pending.then(() =>
        interaction.editReply(`Re-indexing… ${line}`).catch(() => undefined),
      );
    };
    const by = `${interaction.user.username} (<@${interaction.user.id}>)`;
    try {
      const summary = await ctx.reindexer.run(by, onProgress);
      await pending;
      ctx.metrics.reindexed("success", (Date.now() - started) / 1000);
      const info = ctx.retriever.info;
      ctx.log.info(
        {
          guild: interaction.guildId,
          user: interaction.user.id,
          seconds: (Date.now() - started) / 1000,
        },
        "re-indexed",
      );
      await interaction.editReply({
        content: `Re-index finished: now answering from ${plural(info.statements, "statement")} (${plural(info.chunks, "chunk")}).\n\`\`\`\n${summary.replace(/```/g, "'''").slice(0, 1800)}\n\`\`\``,
        allowedMentions: { parse: [] },
      });
    } catch (error) {
      await pending;
      ctx.metrics.reindexed("failure", (Date.now() - started) / 1000);
      ctx.log.warn({ err: error }, "re-index failed");
      await interaction.editReply({
        content:
          `Re-index failed; the previous index is still answering. Reason: ${(error as Error).message}`.slice(
            0,
            2000,
          ),
        allowedMentions: { parse: [] },
      });
    }
  },
};

export default command;
