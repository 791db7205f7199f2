import type { BotContext } from "../context.js";
import type { BotEvent } from "../loader.js";

/** discord.js client errors are logged, never fatal. */
const event: BotEvent<"error"> = {
  name: "error",
  execute(ctx: BotContext, error: Error) {
    ctx.log.error({ err: error }, "discord.js client error");
  },
};

export default event;
