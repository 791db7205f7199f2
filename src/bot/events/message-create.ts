import type { Message } from "discord.js";
import { QueryError } from "../../retrieval/index.js";
import { questionText } from "../mentions.js";
import { NO_MENTIONS, buildAnswer } from "../build-answer.js";
import type { BotContext } from "../context.js";
import { GENERIC_ERROR } from "../dispatcher.js";
import { refusal } from "../gate.js";
import type { BotEvent } from "../loader.js";

/** Answers a message that mentions the bot, as a reply (or privately, where answers are private). */
async function onMessage(ctx: BotContext, message: Message): Promise<void> {
  const me = message.client.user;
  if (message.author.bot || !me) return;
  if (
    !message.mentions.has(me, { ignoreEveryone: true, ignoreRoles: true, ignoreRepliedUser: true })
  )
    return;
  const where = {
    guildId: message.guildId,
    channelId: message.channelId,
    userId: message.author.id,
  };
  const question = questionText(message.content);
  if (!question) {
    await message.reply({
      content: "Ask me a question after the mention, e.g. `@Verbatim how many are still missing?`",
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const refused = await refusal(ctx, where, "mention");
  if (refused) {
    // Say it privately; a channel where the bot is off should not fill with refusals.
    await message.author
      .send({ content: refused, allowedMentions: NO_MENTIONS })
      .catch(() => undefined);
    return;
  }
  const settings = await ctx.settings.get(message.guildId);
  try {
    const { payload, result } = await buildAnswer(ctx, {
      command: "mention",
      question,
      options: { k: settings.results, minRelevance: settings.minRelevance },
      offset: 0,
      where,
    });
    if (settings.visibility === "private") {
      const sent = await message.author.send(payload).then(
        () => true,
        () => false,
      );
      if (!sent)
        await message.reply({
          content:
            "Answers are private on this server, but I can't send you a direct message. Use /ask instead.",
          allowedMentions: NO_MENTIONS,
        });
    } else {
      await message.reply(payload);
    }
    ctx.log.info(
      {
        command: "mention",
        guild: message.guildId,
        passages: result.passages.length,
        tookMs: Math.round(result.tookMs),
        mode: result.mode,
      },
      "answered",
    );
  } catch (error) {
    const content = error instanceof QueryError ? error.message : GENERIC_ERROR;
    ctx.metrics.notAnswered("mention", error instanceof QueryError ? "refused" : "error");
    if (!(error instanceof QueryError))
      ctx.log.error({ err: error, where: "mention" }, "handler failed");
    await message.reply({ content, allowedMentions: NO_MENTIONS }).catch(() => undefined);
  }
}

const event: BotEvent<"messageCreate"> = { name: "messageCreate", execute: onMessage };
export default event;
