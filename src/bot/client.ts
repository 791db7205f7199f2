/** Wires discord.js to the handlers. Knows nothing of how answers are found. */
import {
  Client,
  DefaultRestOptions,
  GatewayIntentBits,
  Partials,
  RESTEvents,
  type RESTOptions,
} from "discord.js";
import type { BotContext } from "./context.js";
import { Dispatcher } from "./dispatcher.js";
import { loadCommands, loadComponents, loadEvents } from "./loader.js";
import { retryInteractionEdits } from "./rest-retry.js";

export interface BotOptions {
  token: string;
  /** REST base without the version, e.g. https://discord.com/api. */
  apiBase: string;
  ctx: BotContext;
  /** REST settings over the bot's own (the burst benchmark measures discord.js's defaults). */
  rest?: Partial<RESTOptions>;
}

export interface Bot {
  client: Client;
  dispatcher: Dispatcher;
  start(): Promise<void>;
  /** Stops taking new work, finishes what is in flight, disconnects. */
  stop(): Promise<void>;
}

/**
 * Intents: Guilds (slash commands, channels) and GuildMessages (to see messages that mention the
 * bot). Message Content is privileged and not needed: Discord includes the content of messages
 * that mention the bot.
 */
export async function createBot(options: BotOptions): Promise<Bot> {
  const { ctx } = options;
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
    ],
    partials: [Partials.Channel],
    rest: {
      api: options.apiBase,
      // discord.js holds every request to 50 a second, but Discord does not count interaction
      // responses and edits against that global limit, and they are almost all this bot sends:
      // under a burst of questions the answers queued behind it (docs/benchmarks.md, "Bursts").
      // Per-route limits and any 429 Discord sends (global ones included) are still waited out.
      globalRequestsPerSecond: Number.POSITIVE_INFINITY,
      makeRequest: retryInteractionEdits(DefaultRestOptions.makeRequest, {
        onRetry: ({ url, attempt, delayMs, error }) =>
          ctx.log.warn(
            {
              url: url.replace(/\/webhooks\/(\d+)\/[^/]+/, "/webhooks/$1/:token"),
              attempt,
              delayMs,
              err: error,
            },
            "connection lost while editing an answer; sending the edit again",
          ),
      }),
      ...options.rest,
    },
    allowedMentions: { parse: [], repliedUser: false },
  });
  const [commands, components, events] = await Promise.all([
    loadCommands(),
    loadComponents(),
    loadEvents(),
  ]);
  const dispatcher = new Dispatcher(commands, components, ctx);
  countRateLimits(client, ctx);

  client.on("interactionCreate", (interaction) => void dispatcher.handle(interaction));
  for (const event of events) {
    const listener = (...args: unknown[]) => {
      if (!dispatcher.isAccepting && event.name === "messageCreate") return;
      try {
        const result = (event.execute as (ctx: BotContext, ...a: unknown[]) => unknown)(
          ctx,
          ...args,
        );
        if (result instanceof Promise) {
          dispatcher.track(
            result.catch((error: unknown) =>
              ctx.log.error({ err: error, event: event.name }, "event handler failed"),
            ),
          );
        }
      } catch (error) {
        ctx.log.error({ err: error, event: event.name }, "event handler failed");
      }
    };
    if (event.once) client.once(event.name, listener);
    else client.on(event.name, listener);
  }

  return {
    client,
    dispatcher,
    async start() {
      await client.login(options.token);
    },
    async stop() {
      await dispatcher.drain();
      await client.destroy();
    },
  };
}

/** Counts every 429 Discord's REST API answers, for the metrics. */
function countRateLimits(client: Client, ctx: BotContext): void {
  client.rest.on(RESTEvents.Response, (_request, response) => {
    // The body is discord.js's to read (with its default network layer the object is shared).
    if (response.status === 429) ctx.metrics.rateLimited();
  });
}
