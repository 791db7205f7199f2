import { MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import type { Command } from "../loader.js";
import { MODERATORS_ONLY, canManageServer } from "../permissions.js";
import { SETTING_HELP, SETTING_KEYS, SettingError, type SettingKey } from "../settings.js";
import { parseSettingValue, showSettingValue } from "../settings-input.js";

const settingChoices = SETTING_KEYS.map((key) => ({ name: key, value: key }));

const command: Command = {
  data: new SlashCommandBuilder()
    .setName("config")
    .setDescription("Moderators: where and how Verbatim answers on this server.")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setDMPermission(false)
    .addSubcommand((s) => s.setName("show").setDescription("Show the current settings."))
    .addSubcommand((s) =>
      s
        .setName("set")
        .setDescription("Change a setting.")
        .addStringOption((o) =>
          o
            .setName("setting")
            .setDescription("Which setting")
            .setRequired(true)
            .addChoices(...settingChoices),
        )
        .addStringOption((o) =>
          o
            .setName("value")
            .setDescription("The new value (see /config show for what each accepts)")
            .setRequired(true)
            .setMaxLength(1000),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName("reset")
        .setDescription("Put a setting (or all) back to its default.")
        .addStringOption((o) =>
          o
            .setName("setting")
            .setDescription("Which setting")
            .setRequired(true)
            .addChoices(...settingChoices, { name: "all", value: "all" }),
        ),
    )
    .addSubcommand((s) =>
      s.setName("history").setDescription("Recent changes: who, when, old → new."),
    ),

  async execute(interaction, ctx) {
    if (!interaction.inGuild() || !canManageServer(interaction)) {
      await interaction.reply({ content: MODERATORS_ONLY, flags: MessageFlags.Ephemeral });
      return;
    }
    const guildId = interaction.guildId;
    const sub = interaction.options.getSubcommand();
    const reply = (content: string) =>
      interaction.reply({
        content: content.slice(0, 2000),
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });

    if (sub === "show") {
      const settings = await ctx.settings.get(guildId);
      const lines = SETTING_KEYS.map(
        (key) => `**${key}**: ${showSettingValue(key, settings[key])}\n-# ${SETTING_HELP[key]}`,
      );
      await reply(`Verbatim settings on this server:\n${lines.join("\n")}`);
      return;
    }
    if (sub === "history") {
      const entries = await ctx.settings.history(guildId, 15);
      if (entries.length === 0) {
        await reply("No settings have been changed on this server yet.");
        return;
      }
      const lines = entries.map((e) => {
        const key = e.key as SettingKey;
        const at = Math.floor(Date.parse(e.at) / 1000);
        return `<t:${at}:f> <@${e.userId}> **${e.key}**: ${showSettingValue(key, e.old)} → ${showSettingValue(key, e.new)}`;
      });
      await reply(`Recent changes (newest first):\n${lines.join("\n")}`);
      return;
    }
    const key = interaction.options.getString("setting", true) as SettingKey | "all";
    try {
      if (sub === "reset") {
        const settings = await ctx.settings.reset(guildId, interaction.user.id, key);
        await reply(
          key === "all"
            ? "All settings are back to their defaults."
            : `**${key}** is back to its default: ${showSettingValue(key, settings[key])}.`,
        );
        return;
      }
      if (key === "all") throw new SettingError("Choose one setting to set.");
      const value = parseSettingValue(key, interaction.options.getString("value", true));
      const settings = await ctx.settings.set(guildId, interaction.user.id, key, value);
      ctx.log.info(
        { guild: guildId, user: interaction.user.id, key, value: settings[key] },
        "setting changed",
      );
      await reply(`**${key}** is now ${showSettingValue(key, settings[key])}.`);
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      await reply(error.message);
    }
  },
};

export default command;
