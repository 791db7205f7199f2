/**
 * The READY payload and the "who am I / where am I" routes:
 *   GET /gateway/bot, /gateway, /users/@me, /applications/@me, /oauth2/applications/@me,
 *   GET /guilds/:id, /guilds/:id/channels, /guilds/:id/members/:user
 */
import type {
  APIApplication,
  APIUser,
  ApplicationFlags,
  GatewayReadyDispatchData,
  RESTGetAPIGatewayBotResult,
} from "discord-api-types/v10";
import { guildCreatePayload, textChannelPayload, type FakeGuild } from "./guilds.js";
import { shardOf } from "./gateway.js";
import { apiError, json, type Route, type RouteResponse } from "./rest.js";

export interface BotIdentity {
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guilds: readonly FakeGuild[];
}

export function readyPayload(
  bot: BotIdentity & { sessionId: string; resumeUrl: string; shard: readonly [number, number] },
): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...bot.botUser, verified: true, mfa_enabled: false },
    // Unavailable here; each becomes available with its GUILD_CREATE.
    guilds: bot.guilds
      .filter((guild) => shardOf(guild.id, bot.shard[1]) === bot.shard[0])
      .map((guild) => ({ id: guild.id, unavailable: true })),
    session_id: bot.sessionId,
    resume_gateway_url: bot.resumeUrl,
    shard: [bot.shard[0], bot.shard[1]],
    application: { id: bot.applicationId, flags: 0 as ApplicationFlags, flags_new: "0" },
  };
}

function application(bot: BotIdentity): APIApplication {
  return {
    id: bot.applicationId,
    name: bot.botUser.username,
    icon: null,
    description: "",
    bot_public: false,
    bot_require_code_grant: false,
    bot: bot.botUser,
    summary: "",
    verify_key: "0".repeat(64),
    team: null,
    flags: 0 as ApplicationFlags,
    flags_new: "0",
  };
}

export function botRoutes(
  bot: BotIdentity & { gatewayUrl: () => string; shardCount: number },
): Route[] {
  const gatewayBot = (): RESTGetAPIGatewayBotResult => ({
    url: bot.gatewayUrl(),
    shards: bot.shardCount,
    session_start_limit: {
      total: 1000,
      remaining: 999,
      reset_after: 86_400_000,
      // Shards may identify together: the fake has no identify rate limit to keep.
      max_concurrency: bot.shardCount > 1 ? 16 : 1,
    },
  });
  const inGuild =
    (next: (guild: FakeGuild, params: Readonly<Record<string, string>>) => RouteResponse) =>
    ({ params }: { params: Readonly<Record<string, string>> }): RouteResponse => {
      const guild = bot.guilds.find((g) => g.id === params["guildId"]);
      return guild === undefined ? apiError(404, 10004, "Unknown Guild") : next(guild, params);
    };
  const get = (path: string, handle: Route["handle"], auth = true): Route => ({
    method: "GET",
    path,
    auth,
    handle,
  });
  return [
    get("/gateway/bot", () => json(200, gatewayBot())),
    get("/gateway", () => json(200, { url: bot.gatewayUrl() }), false),
    get("/users/@me", () => json(200, bot.botUser)),
    get("/applications/@me", () => json(200, application(bot))),
    get("/oauth2/applications/@me", () => json(200, application(bot))),
    get(
      "/guilds/:guildId",
      inGuild((guild) => json(200, guildCreatePayload(guild, bot.botUser))),
    ),
    get(
      "/guilds/:guildId/channels",
      inGuild((guild) =>
        json(
          200,
          guild.channels.map((c, i) => textChannelPayload(c, i)),
        ),
      ),
    ),
    get(
      "/guilds/:guildId/members/:userId",
      inGuild((guild, params) => {
        const members = guildCreatePayload(guild, bot.botUser).members;
        const member = members.find((m) => m.user.id === params["userId"]);
        return member === undefined ? apiError(404, 10007, "Unknown Member") : json(200, member);
      }),
    ),
  ];
}
