/**
 * FakeDiscord: a loopback-only fake of Discord's REST API and gateway that the
 * real discord.js client can log in to, for end-to-end tests.
 *
 *   const fake = await FakeDiscord.start();
 *   const client = new Client({ intents: [...], rest: { api: fake.apiBase } });
 *   await client.login(fake.token);
 *   const handle = fake.sendSlashCommand({ name: 'ask', options: { q: 'hi' } });
 *   expect((await handle.callback()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
 *   ...
 *   await client.destroy();
 *   await fake.close();
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  type APIMessage,
  type APIUser,
} from "discord-api-types/v10";
import { botRoutes, readyPayload } from "./bot-routes.js";
import { ChannelStore, type ChannelMessageRecord, type ReactionRecord } from "./channels.js";
import { CommandStore } from "./commands.js";
import { DEFAULT_TIMEOUT_MS } from "./events.js";
import {
  shardOf,
  FakeGateway,
  type DispatchData,
  type DispatchName,
  type ReceivedFrame,
} from "./gateway.js";
import { guildCreatePayload, resolveGuilds, type FakeGuild, type FakeGuildSpec } from "./guilds.js";
import {
  InteractionPayloads,
  type AutocompleteSpec,
  type ButtonSpec,
  type SlashCommandSpec,
  type StringSelectSpec,
} from "./interaction-payloads.js";
import { InteractionHandle } from "./interaction-handle.js";
import { InteractionRegistry } from "./interactions.js";
import { apiUser, fakeBotToken, SnowflakeFactory } from "./payloads.js";
import { matchPath, RestApi, type FailureSpec, type RecordedRequest } from "./rest.js";
import { buildUserMessage, type SentMessage, type UserMessageSpec } from "./user-messages.js";

export interface FakeDiscordOptions {
  guilds?: FakeGuildSpec[];
  /** Numeric snowflake string; default '1100000000000000001'. */
  applicationId?: string;
  /** Defaults to the application id (as for real bots). */
  botUserId?: string;
  botUsername?: string;
  /** Sent in HELLO; discord.js heartbeats after a jittered fraction of it. Default 41250. */
  heartbeatIntervalMs?: number;
  /** Default timeout of every `wait*` helper. Default 5000. */
  defaultTimeoutMs?: number;
  /**
   * Like Discord: without the MessageContent intent, MESSAGE_CREATE arrives with empty
   * content/embeds/attachments unless it mentions the bot. Default true.
   */
  enforceMessageContentIntent?: boolean;
  /**
   * Shards Discord recommends (GET /gateway/bot) and requires: above 1, clients must IDENTIFY with
   * `shard: [id, count]` and each guild's events go to the shard that owns it. Default 1.
   */
  shards?: number;
}

/** A REST request matcher: a predicate, or method + route pattern (`:name` placeholders, no `/api/v10`). */
export type RequestMatcher =
  ((request: RecordedRequest) => boolean) | { method?: string; path: string | RegExp };

/** A component interaction may target the response of an earlier interaction. */
export type ComponentSource = ButtonSpec["message"] | InteractionHandle;

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guilds: readonly FakeGuild[];
  /** Shards clients must connect with (1: no sharding). */
  readonly shardCount: number;

  readonly #server: Server;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #enforceContentIntent: boolean;
  readonly #ids = new SnowflakeFactory();
  readonly #rest: RestApi;
  readonly #gateway: FakeGateway;
  readonly #interactions: InteractionRegistry;
  readonly #channels: ChannelStore;
  readonly #commands: CommandStore;
  readonly #payloads: InteractionPayloads;
  #closed = false;

  private constructor(options: FakeDiscordOptions, server: Server, origin: string) {
    this.#server = server;
    this.#origin = origin;
    this.#timeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#enforceContentIntent = options.enforceMessageContentIntent ?? true;
    this.applicationId = options.applicationId ?? "1100000000000000001";
    this.shardCount = options.shards ?? 1;
    const botUserId = options.botUserId ?? this.applicationId;
    this.token = fakeBotToken(botUserId);
    this.botUser = apiUser({
      id: botUserId,
      username: options.botUsername ?? "fake-bot",
      bot: true,
    });
    this.guilds = resolveGuilds(options.guilds, botUserId, this.#ids);

    const nextId = (): string => this.#ids.next();
    const shared = { applicationId: this.applicationId, botUser: this.botUser, nextId };
    const attachmentBaseUrl = `${origin}/attachments`;
    this.#rest = new RestApi(this.token);
    this.#commands = new CommandStore(this.applicationId, nextId);
    this.#interactions = new InteractionRegistry({
      ...shared,
      attachmentBaseUrl,
      defaultTimeoutMs: this.#timeoutMs,
      describeRequests: () => this.#describeRequests(),
    });
    this.#channels = new ChannelStore({
      ...shared,
      attachmentBaseUrl,
      channels: () => this.guilds.flatMap((g) => g.channels),
    });
    this.#payloads = new InteractionPayloads({
      ...shared,
      guilds: this.guilds,
      commandId: (name, guildId) => this.#commands.lookup(name, guildId),
    });
    this.#gateway = new FakeGateway({
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      shardCount: this.shardCount,
      ready: (sessionId, resumeUrl, shard) =>
        readyPayload({ ...this.#identity(), sessionId, resumeUrl, shard }),
      guildCreates: () => this.guilds.map((guild) => guildCreatePayload(guild, this.botUser)),
    });
    this.#gateway.setOrigin(origin);
    this.#rest.add(
      ...botRoutes({
        ...this.#identity(),
        gatewayUrl: () => this.#gateway.url,
        shardCount: this.shardCount,
      }),
      ...this.#interactions.routes(),
      ...this.#channels.routes(),
      ...this.#commands.routes(),
    );

    server.on("request", (req, res) => {
      this.#rest.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `FakeDiscord crashed: ${String(error)}`, code: 0 }));
      });
    });
    server.on("upgrade", (req, socket, head: Buffer) =>
      this.#gateway.handleUpgrade(req, socket, head),
    );
  }

  /** Starts the fake on 127.0.0.1 with a random free port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer({ keepAliveTimeout: 1_000 });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new FakeDiscord(options, server, `http://127.0.0.1:${port}`);
  }

  // ------------------------------------------------------------------ endpoints

  /** Pass as `new Client({ rest: { api: fake.apiBase } })` (discord.js appends /v10). */
  get apiBase(): string {
    return `${this.#origin}/api`;
  }

  get gatewayUrl(): string {
    return this.#gateway.url;
  }

  get defaultGuildId(): string {
    return this.#payloads.where({}).guild.id;
  }

  get defaultChannelId(): string {
    return this.#payloads.where({}).channel.id;
  }

  // ------------------------------------------------------------------ REST log

  /** Every REST request so far, in arrival order (including failed/unhandled ones). */
  get requests(): readonly RecordedRequest[] {
    return this.#rest.requests.items;
  }

  /** Requests no route matched (answered 404 `{ message, code: 0 }`). */
  get unhandledRequests(): readonly RecordedRequest[] {
    return this.requests.filter((r) => r.unhandled);
  }

  /** The first request (already recorded or future) matching `match`. */
  waitForRequest(match: RequestMatcher, timeoutMs = this.#timeoutMs): Promise<RecordedRequest> {
    const predicate = typeof match === "function" ? match : routeMatcher(match);
    return this.#rest.requests.waitFor(
      predicate,
      timeoutMs,
      () => `waiting for a matching request; so far:\n${this.#describeRequests()}`,
    );
  }

  /**
   * Makes the next matching request(s) fail with `status` (500, 429 with Retry-After, a global
   * 429, ...), or reset the connection before or after the request takes effect.
   */
  failNext(spec: FailureSpec): void {
    this.#rest.failNext(spec);
  }

  /** Commands registered via PUT/POST (global when `guildId` is omitted). */
  commands(guildId?: string): ReturnType<CommandStore["list"]> {
    return this.#commands.list(guildId);
  }

  // ------------------------------------------------------------------ gateway

  /** Resolves once a client has identified (READY + GUILD_CREATEs sent). */
  async waitForIdentify(timeoutMs = this.#timeoutMs): Promise<void> {
    await this.#gateway.readySessions.waitForIndex(
      0,
      timeoutMs,
      () => "waiting for a client to IDENTIFY",
    );
  }

  /** Sessions identified (or resumed) so far, with their shard, in order. */
  get identifiedSessions(): ReadonlyArray<{
    readonly sessionId: string;
    readonly shard: readonly [number, number];
  }> {
    return this.#gateway.readySessions.items;
  }

  /** Waits until a session of `shard` has identified or resumed (after `since` sessions). */
  async waitForShard(shard: number, since = 0, timeoutMs = this.#timeoutMs): Promise<void> {
    await this.#gateway.readySessions.waitFor(
      (s) => s.shard[0] === shard,
      timeoutMs,
      () => `waiting for shard ${shard} to identify`,
      since,
    );
  }

  /** The shard that owns a guild: `(guild_id >> 22) % shards`. */
  shardOf(guildId: string): number {
    return shardOf(guildId, this.shardCount);
  }

  /** Every frame clients sent over the gateway (IDENTIFY, heartbeats, ...). */
  get gatewayFrames(): readonly ReceivedFrame[] {
    return this.#gateway.frames.items;
  }

  /** Sends any dispatch event to connected clients; returns how many received it. */
  dispatch<T extends DispatchName>(t: T, d: DispatchData<T>): number {
    return this.#gateway.dispatch(t, d);
  }

  /** Drops every gateway connection (default close code 4000, from which discord.js resumes). */
  disconnectClients(code?: number): void {
    this.#gateway.disconnectAll(code);
  }

  // ------------------------------------------------------------------ interactions

  sendSlashCommand(spec: SlashCommandSpec): InteractionHandle {
    return this.#interact((id, token) => this.#payloads.slashCommand(spec, id, token));
  }

  sendAutocomplete(spec: AutocompleteSpec): InteractionHandle {
    return this.#interact((id, token) => this.#payloads.autocomplete(spec, id, token));
  }

  sendButton(spec: Omit<ButtonSpec, "message"> & { message?: ComponentSource }): InteractionHandle {
    const { message, ...rest } = spec;
    return this.#interact((id, token) =>
      this.#payloads.button({ ...rest, ...sourceMessage(message) }, id, token),
    );
  }

  sendStringSelect(
    spec: Omit<StringSelectSpec, "message"> & { message?: ComponentSource },
  ): InteractionHandle {
    const { message, ...rest } = spec;
    return this.#interact((id, token) =>
      this.#payloads.stringSelect({ ...rest, ...sourceMessage(message) }, id, token),
    );
  }

  // ------------------------------------------------------------------ messages

  /** Dispatches MESSAGE_CREATE as if a user wrote in a channel. */
  sendMessage(spec: UserMessageSpec): SentMessage {
    const { channel, guild } = this.#payloads.where(spec);
    const id = this.#ids.next();
    const referenced =
      spec.replyTo === undefined ? undefined : this.#channels.find(channel.id, spec.replyTo);
    const payload = buildUserMessage(spec, {
      id,
      channel,
      guild,
      botUser: this.botUser,
      referenced,
    });
    this.#channels.add(payload);
    const intents = this.#requireSession();
    if ((intents & GatewayIntentBits.GuildMessages) === 0)
      return { message: payload, delivered: false };
    const mentionsBot = payload.mentions.some((user) => user.id === this.botUser.id);
    const hidden =
      this.#enforceContentIntent &&
      (intents & GatewayIntentBits.MessageContent) === 0 &&
      !mentionsBot;
    const visible = hidden
      ? { ...payload, content: "", embeds: [], attachments: [], components: [] }
      : payload;
    const delivered = this.#gateway.dispatch(GatewayDispatchEvents.MessageCreate, visible) > 0;
    return { message: visible, delivered };
  }

  /** The first message the bot posted (POST /channels/:id/messages) in `channelId` matching `predicate`. */
  waitForChannelMessage(
    channelId: string,
    predicate: (record: ChannelMessageRecord) => boolean = () => true,
    timeoutMs = this.#timeoutMs,
  ): Promise<ChannelMessageRecord> {
    return this.#channels.botMessages.waitFor(
      (record) => record.message.channel_id === channelId && predicate(record),
      timeoutMs,
      () =>
        `waiting for a bot message in channel ${channelId}; requests so far:\n${this.#describeRequests()}`,
    );
  }

  /** Current history of a channel (test users' and the bot's REST messages), oldest first. */
  channelMessages(channelId: string): readonly APIMessage[] {
    return this.#channels.history(channelId);
  }

  /** Reactions the bot added (PUT .../reactions/:emoji/@me). */
  get reactions(): readonly ReactionRecord[] {
    return this.#channels.reactions.items;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Closes sockets and the HTTP server; pending waits reject. Destroy the client first. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#rest.requests.close();
    this.#interactions.close();
    this.#channels.close();
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ------------------------------------------------------------------ internals

  #interact(
    build: (id: string, token: string) => Parameters<InteractionRegistry["register"]>[0],
  ): InteractionHandle {
    this.#requireSession();
    const id = this.#ids.next();
    const payload = build(id, `fake-interaction-token-${id}`);
    const handle = this.#interactions.register(payload);
    this.#gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return handle;
  }

  /** The intents of the connected client; throws when none is connected (a test-order bug). */
  #requireSession(): number {
    if (this.#closed) throw new Error("FakeDiscord is closed");
    const intents = this.#gateway.intents;
    if (intents === undefined) {
      throw new Error(
        "FakeDiscord: no client is connected to the gateway (await client.login() and clientReady first)",
      );
    }
    return intents;
  }

  #identity(): { applicationId: string; botUser: APIUser; guilds: readonly FakeGuild[] } {
    return { applicationId: this.applicationId, botUser: this.botUser, guilds: this.guilds };
  }

  #describeRequests(): string {
    const lines = this.requests
      .slice(-20)
      .map((r) => `  ${r.method} ${r.route} -> ${r.status}${r.unhandled ? " (unhandled)" : ""}`);
    return lines.length === 0 ? "  (none)" : lines.join("\n");
  }
}

function routeMatcher(spec: {
  method?: string;
  path: string | RegExp;
}): (request: RecordedRequest) => boolean {
  return (request) =>
    (spec.method === undefined || spec.method.toUpperCase() === request.method) &&
    (typeof spec.path === "string"
      ? matchPath(spec.path, request.route) !== undefined
      : spec.path.test(request.route));
}

function sourceMessage(source: ComponentSource): { message?: NonNullable<ButtonSpec["message"]> } {
  if (source === undefined) return {};
  if (source instanceof InteractionHandle) return { message: source.finalMessage().message };
  return { message: source };
}
