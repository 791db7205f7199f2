/**
 * The fake gateway: a JSON (uncompressed) WebSocket endpoint speaking enough of
 * Discord's gateway protocol v10 for discord.js: HELLO, IDENTIFY -> READY +
 * GUILD_CREATE, heartbeats, a minimal RESUME, and arbitrary dispatches.
 *
 * Sharding as Discord does it: with `shardCount` above 1, IDENTIFY must carry `shard: [id, count]`
 * (else close 4010/4011), each session gets only the guilds it owns (`(guild_id >> 22) % count`),
 * and a guild's events go to the session that owns it (events without a guild go to shard 0).
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayDispatchPayload,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
} from "discord-api-types/v10";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { EventLog } from "./events.js";
import { isRecord, numberField, parseJson, stringField, type JsonRecord } from "./json.js";

export const GATEWAY_PATH = "/gateway";

/** A frame the client sent us, as recorded in `FakeDiscord.gatewayFrames`. */
export interface ReceivedFrame {
  readonly op: number;
  readonly d: unknown;
  readonly sessionId: string | undefined;
}

export interface GatewayOptions {
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  /** Shards the bot must connect with (1: no sharding). */
  readonly shardCount: number;
  readonly ready: (
    sessionId: string,
    resumeUrl: string,
    shard: readonly [number, number],
  ) => GatewayReadyDispatchData;
  readonly guildCreates: () => GatewayGuildCreateDispatchData[];
}

interface Session {
  readonly id: string;
  readonly intents: number;
  readonly shard: readonly [number, number];
  seq: number;
  socket: WebSocket | undefined;
}

/** The shard that owns a guild: Discord's `(guild_id >> 22) % shard_count`; DMs are shard 0's. */
export function shardOf(guildId: string | null | undefined, shardCount: number): number {
  if (!guildId || shardCount <= 1) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export type DispatchName = GatewayDispatchPayload["t"];
export type DispatchData<T extends DispatchName> = Extract<GatewayDispatchPayload, { t: T }>["d"];

export class FakeGateway {
  /** Every frame received from clients, in order. */
  readonly frames = new EventLog<ReceivedFrame>();
  /** Sessions that completed IDENTIFY (or RESUME), in order. */
  readonly readySessions = new EventLog<{
    readonly sessionId: string;
    readonly intents: number;
    readonly shard: readonly [number, number];
  }>();

  readonly #options: GatewayOptions;
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  #url = "";
  #nextSession = 1;

  constructor(options: GatewayOptions) {
    this.#options = options;
  }

  /** The URL advertised by `GET /gateway/bot` (discord.js appends `?v=10&encoding=json`). */
  get url(): string {
    return this.#url;
  }

  setOrigin(origin: string): void {
    this.#url = `${origin.replace(/^http/, "ws")}${GATEWAY_PATH}`;
  }

  /** Intents of the most recently identified live session, if any. */
  get intents(): number | undefined {
    return [...this.#sessions.values()].reverse().find((s) => s.socket !== undefined)?.intents;
  }

  /** Hook for the HTTP server's `upgrade` event. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path !== GATEWAY_PATH) {
      socket.destroy();
      return;
    }
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#onConnection(ws));
  }

  /** Sends a dispatch to every live session that owns its guild; returns how many received it. */
  dispatch<T extends DispatchName>(t: T, d: DispatchData<T>): number {
    const guildId = isRecord(d) ? stringField(d, "guild_id") : undefined;
    const owner = shardOf(guildId, this.#options.shardCount);
    let delivered = 0;
    for (const session of this.#sessions.values()) {
      if (session.socket === undefined) continue;
      if (this.#options.shardCount > 1 && session.shard[0] !== owner) continue;
      this.#sendDispatch(session, t, d);
      delivered += 1;
    }
    return delivered;
  }

  /** Closes every client socket with `code` (4000 = "unknown error", which discord.js resumes from). */
  disconnectAll(code: number = GatewayCloseCodes.UnknownError): void {
    for (const session of this.#sessions.values()) {
      session.socket?.close(code, "closed by FakeDiscord");
      session.socket = undefined;
    }
  }

  async close(): Promise<void> {
    this.frames.close();
    this.readySessions.close();
    for (const client of this.#server.clients) client.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #onConnection(ws: WebSocket): void {
    let session: Session | undefined;
    ws.on("message", (raw: RawData, isBinary: boolean) => {
      const frame = isBinary ? undefined : parseJson(rawText(raw));
      if (!isRecord(frame) || typeof frame["op"] !== "number") {
        ws.close(GatewayCloseCodes.DecodeError, "Error while decoding payload.");
        return;
      }
      this.frames.push({ op: frame["op"], d: frame["d"], sessionId: session?.id });
      session = this.#onFrame(ws, session, frame["op"], frame["d"]) ?? session;
    });
    ws.on("close", () => {
      if (session !== undefined && session.socket === ws) session.socket = undefined;
    });
    ws.on("error", () => ws.terminate());
    send(ws, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.#options.heartbeatIntervalMs },
    });
  }

  /** Handles one client frame; returns the session once identified/resumed. */
  #onFrame(
    ws: WebSocket,
    session: Session | undefined,
    op: number,
    d: unknown,
  ): Session | undefined {
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        send(ws, { op: GatewayOpcodes.HeartbeatAck });
        return undefined;
      case GatewayOpcodes.Identify:
        if (session !== undefined) {
          ws.close(GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated.");
          return undefined;
        }
        return this.#identify(ws, d);
      case GatewayOpcodes.Resume:
        return this.#resume(ws, d);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (session === undefined)
          ws.close(GatewayCloseCodes.NotAuthenticated, "Not authenticated.");
        return undefined;
      default:
        ws.close(GatewayCloseCodes.UnknownOpcode, "Unknown opcode.");
        return undefined;
    }
  }

  #identify(ws: WebSocket, d: unknown): Session | undefined {
    if (!this.#authenticated(ws, d) || !isRecord(d)) return undefined;
    const intents = numberField(d, "intents");
    if (intents === undefined) {
      ws.close(GatewayCloseCodes.InvalidIntents, "Invalid intent(s).");
      return undefined;
    }
    const shard = this.#shardOf(ws, d["shard"]);
    if (shard === undefined) return undefined;
    const session: Session = {
      id: `fake-session-${this.#nextSession++}`,
      intents,
      shard,
      seq: 0,
      socket: ws,
    };
    this.#sessions.set(session.id, session);
    this.#sendDispatch(
      session,
      GatewayDispatchEvents.Ready,
      this.#options.ready(session.id, this.#url, shard),
    );
    for (const guild of this.#options.guildCreates()) {
      if (shardOf(guild.id, shard[1]) === shard[0])
        this.#sendDispatch(session, GatewayDispatchEvents.GuildCreate, guild);
    }
    this.readySessions.push({ sessionId: session.id, intents, shard });
    return session;
  }

  #resume(ws: WebSocket, d: unknown): Session | undefined {
    if (!this.#authenticated(ws, d) || !isRecord(d)) return undefined;
    const session = this.#sessions.get(stringField(d, "session_id") ?? "");
    if (session === undefined) {
      send(ws, { op: GatewayOpcodes.InvalidSession, d: false });
      return undefined;
    }
    session.socket?.terminate();
    session.socket = ws;
    // We never buffer missed events, so there is nothing to replay.
    this.#sendDispatch(session, GatewayDispatchEvents.Resumed, {});
    this.readySessions.push({
      sessionId: session.id,
      intents: session.intents,
      shard: session.shard,
    });
    return session;
  }

  /** IDENTIFY's `shard` checked against the shard count the fake requires. */
  #shardOf(ws: WebSocket, shard: unknown): readonly [number, number] | undefined {
    const count = this.#options.shardCount;
    if (shard === undefined && count === 1) return [0, 1];
    const valid =
      Array.isArray(shard) &&
      shard.length === 2 &&
      shard.every((n) => Number.isInteger(n)) &&
      shard[0] >= 0 &&
      shard[0] < shard[1];
    if (!valid) {
      ws.close(GatewayCloseCodes.InvalidShard, "Invalid shard.");
      return undefined;
    }
    if (shard[1] !== count) {
      ws.close(GatewayCloseCodes.ShardingRequired, "Sharding required.");
      return undefined;
    }
    return [shard[0] as number, shard[1] as number];
  }

  #authenticated(ws: WebSocket, d: unknown): boolean {
    const token = isRecord(d) ? stringField(d, "token") : undefined;
    if (token === this.#options.token) return true;
    ws.close(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
    return false;
  }

  #sendDispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    if (session.socket !== undefined)
      send(session.socket, { op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
  }
}

function send(ws: WebSocket, payload: JsonRecord): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString("utf8");
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString("utf8");
  return raw.toString("utf8");
}
