/** Server-side permission checks: Discord hides moderator commands, but the bot checks again. */
import { type ChatInputCommandInteraction, PermissionFlagsBits } from "discord.js";

export function canManageServer(interaction: ChatInputCommandInteraction): boolean {
  return (
    interaction.inGuild() &&
    (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false)
  );
}

export function memberRoleIds(interaction: ChatInputCommandInteraction): string[] {
  const member = interaction.member;
  if (!member) return [];
  const roles = member.roles;
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

export const MODERATORS_ONLY =
  "Only members with the Manage Server permission can use this command.";
