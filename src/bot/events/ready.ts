import type { Client } from "discord.js";
import { plural } from "../../plural.js";
import type { BotContext } from "../context.js";
import type { BotEvent } from "../loader.js";

const event: BotEvent<"clientReady"> = {
  name: "clientReady",
  once: true,
  execute(ctx: BotContext, client: Client<true>) {
    const info = ctx.retriever.info;
    ctx.log.info(
      {
        user: client.user.tag,
        guilds: client.guilds.cache.size,
        statements: info.statements,
        chunks: info.chunks,
        model: info.model,
      },
      `Verbatim is online as ${client.user.tag}: serving ${plural(info.statements, "statement")} (${plural(info.chunks, "chunk")}) with ${info.model}`,
    );
  },
};

export default event;
