/** Whether a question may be answered here and now, per the server's settings. */
import { type ChatInputCommandInteraction, MessageFlags } from "discord.js";
import type { BotContext } from "./context.js";
import { limitMessage } from "./limits.js";
import type { Settings } from "./settings.js";

export interface Where {
  guildId: string | null;
  channelId: string | null;
  userId: string;
}

/** A polite refusal, or null when the command may run. Counts the question against the limits. */
export async function refusal(
  ctx: BotContext,
  where: Where,
  command: Settings["disabledCommands"][number],
): Promise<string | null> {
  const refused = await refusalReason(ctx, where, command);
  if (refused && (command === "ask" || command === "mention" || command === "trend"))
    ctx.metrics.notAnswered(command, "refused");
  return refused;
}

async function refusalReason(
  ctx: BotContext,
  where: Where,
  command: Settings["disabledCommands"][number],
): Promise<string | null> {
  const settings = await ctx.settings.get(where.guildId);
  if (settings.disabledCommands.includes(command)) {
    return `The ${command === "mention" ? "mention" : `/${command}`} command is switched off on this server.`;
  }
  if (
    settings.channels.length > 0 &&
    where.channelId &&
    !settings.channels.includes(where.channelId)
  ) {
    const list = settings.channels.map((id) => `<#${id}>`).join(", ");
    return `I'm not enabled in this channel. On this server I answer in ${list}.`;
  }
  if (command === "ask" || command === "trend" || command === "mention") {
    const verdict = ctx.limiter.take(where.guildId, where.userId, settings);
    if (!verdict.ok) return limitMessage(verdict);
  }
  return null;
}

/** Where a slash command was used. */
export function whereOf(interaction: ChatInputCommandInteraction): Where {
  return {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
  };
}

/**
 * For slash commands: tells the member privately why the command cannot run here, if it cannot.
 * Returns true when it refused (the caller stops).
 */
export async function refuseSlashCommand(
  ctx: BotContext,
  interaction: ChatInputCommandInteraction,
  command: Settings["disabledCommands"][number],
): Promise<boolean> {
  const refused = await refusal(ctx, whereOf(interaction), command);
  if (!refused) return false;
  await interaction.reply({
    content: refused,
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
  return true;
}
