/**
 * Channel message history (user messages sent by tests + messages the bot
 * posts over REST) and the channel routes discord.js uses:
 *   POST /channels/:id/messages, GET /channels/:id/messages[/:message],
 *   PATCH|DELETE /channels/:id/messages/:message, POST /channels/:id/typing,
 *   PUT|DELETE /channels/:id/messages/:message/reactions/:emoji/@me, GET /channels/:id
 */
import {
  MessageReferenceType,
  type APIMessage,
  type APIMessageReference,
  type APIUser,
  type RESTPostAPIChannelMessageJSONBody,
} from "discord-api-types/v10";
import { EventLog } from "./events.js";
import { textChannelPayload, type FakeChannel } from "./guilds.js";
import { isRecord } from "./json.js";
import { applyEdit, attachmentsFor, buildMessage, type StoredFile } from "./payloads.js";
import { apiError, json, type Route, type RouteContext, type RouteResponse } from "./rest.js";
import { validateMessage } from "./validation.js";

export interface ChannelMessageRecord {
  /** The message as created (later edits are visible via `FakeDiscord.channelMessages`). */
  readonly message: APIMessage;
  readonly body: RESTPostAPIChannelMessageJSONBody;
  readonly files: readonly StoredFile[];
}

export interface ReactionRecord {
  readonly channelId: string;
  readonly messageId: string;
  readonly emoji: string;
}

export interface ChannelContext {
  readonly botUser: APIUser;
  readonly channels: () => readonly FakeChannel[];
  readonly nextId: () => string;
  readonly attachmentBaseUrl: string;
}

export class ChannelStore {
  /** Messages the bot created with POST /channels/:id/messages, in order. */
  readonly botMessages = new EventLog<ChannelMessageRecord>();
  readonly reactions = new EventLog<ReactionRecord>();
  readonly #history = new Map<string, APIMessage[]>();
  readonly #ctx: ChannelContext;

  constructor(ctx: ChannelContext) {
    this.#ctx = ctx;
  }

  /** Current messages of a channel, oldest first. */
  history(channelId: string): readonly APIMessage[] {
    return this.#history.get(channelId) ?? [];
  }

  find(channelId: string, messageId: string): APIMessage | undefined {
    return this.history(channelId).find((m) => m.id === messageId);
  }

  add(message: APIMessage): void {
    const list = this.#history.get(message.channel_id) ?? [];
    list.push(message);
    this.#history.set(message.channel_id, list);
  }

  close(): void {
    this.botMessages.close();
    this.reactions.close();
  }

  routes(): Route[] {
    const messages = "/channels/:channelId/messages";
    const reaction = `${messages}/:messageId/reactions/:emoji/@me`;
    return [
      {
        method: "GET",
        path: "/channels/:channelId",
        auth: true,
        handle: (c) => this.#channel(c, (ch) => json(200, textChannelPayload(ch, 0))),
      },
      {
        method: "POST",
        path: messages,
        auth: true,
        handle: (c) => this.#channel(c, () => this.#create(c)),
      },
      {
        method: "GET",
        path: messages,
        auth: true,
        handle: (c) => this.#channel(c, () => this.#list(c)),
      },
      {
        method: "GET",
        path: `${messages}/:messageId`,
        auth: true,
        handle: (c) => this.#message(c, (m) => json(200, m)),
      },
      {
        method: "PATCH",
        path: `${messages}/:messageId`,
        auth: true,
        handle: (c) => this.#message(c, (m) => this.#edit(c, m)),
      },
      {
        method: "DELETE",
        path: `${messages}/:messageId`,
        auth: true,
        handle: (c) => this.#message(c, (m) => this.#delete(m)),
      },
      {
        method: "POST",
        path: "/channels/:channelId/typing",
        auth: true,
        handle: (c) => this.#channel(c, () => json(204)),
      },
      {
        method: "PUT",
        path: reaction,
        auth: true,
        handle: (c) => this.#message(c, (m) => this.#react(c, m)),
      },
      {
        method: "DELETE",
        path: reaction,
        auth: true,
        handle: (c) => this.#message(c, () => json(204)),
      },
    ];
  }

  #channel(context: RouteContext, next: (channel: FakeChannel) => RouteResponse): RouteResponse {
    const channel = this.#ctx.channels().find((c) => c.id === context.params["channelId"]);
    return channel === undefined ? apiError(404, 10003, "Unknown Channel") : next(channel);
  }

  #message(context: RouteContext, next: (message: APIMessage) => RouteResponse): RouteResponse {
    return this.#channel(context, (channel) => {
      const message = this.find(channel.id, context.params["messageId"] ?? "");
      return message === undefined ? apiError(404, 10008, "Unknown Message") : next(message);
    });
  }

  #create({ request, params }: RouteContext): RouteResponse {
    const channelId = params["channelId"] ?? "";
    const files = request.files ?? [];
    const invalid = validateMessage(request.body, {
      create: true,
      fileCount: files.length,
      files,
    });
    if (invalid !== undefined) return invalid;
    const body = (isRecord(request.body) ? request.body : {}) as RESTPostAPIChannelMessageJSONBody;
    const reference = this.#reference(channelId, body);
    if (reference === "unknown") {
      return apiError(400, 50035, "Invalid Form Body", {
        message_reference: {
          _errors: [{ code: "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", message: "Unknown message" }],
        },
      });
    }
    const channel = this.#ctx.channels().find((c) => c.id === channelId);
    const message = buildMessage({
      id: this.#ctx.nextId(),
      channelId,
      guildId: channel?.guildId,
      author: this.#ctx.botUser,
      content: body.content ?? "",
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      flags: body.flags ?? 0,
      attachments: attachmentsFor(
        files,
        this.#ctx.nextId,
        this.#ctx.attachmentBaseUrl,
        request.body,
        "create",
      ),
      reference: reference?.reference,
      referencedMessage: reference?.message,
    });
    this.add(message);
    this.botMessages.push({ message, body, files });
    return json(200, message);
  }

  /** Resolves `message_reference`; 'unknown' when Discord would reject it. */
  #reference(
    channelId: string,
    body: RESTPostAPIChannelMessageJSONBody,
  ): { reference: APIMessageReference; message: APIMessage | null } | undefined | "unknown" {
    const ref = body.message_reference;
    if (ref?.message_id === undefined) return undefined;
    const referencedChannel = ref.channel_id ?? channelId;
    const message = this.find(referencedChannel, ref.message_id);
    if (message === undefined && ref.fail_if_not_exists !== false) return "unknown";
    const guildId = this.#ctx.channels().find((c) => c.id === referencedChannel)?.guildId;
    return {
      reference: {
        type: MessageReferenceType.Default,
        message_id: ref.message_id,
        channel_id: referencedChannel,
        ...(guildId === undefined ? {} : { guild_id: guildId }),
      },
      message: message ?? null,
    };
  }

  #list({ request, params }: RouteContext): RouteResponse {
    const limit = Math.min(Number(request.query["limit"] ?? 50), 100);
    const { before, after } = request.query;
    const newestFirst = [...this.history(params["channelId"] ?? "")].reverse();
    const filtered = newestFirst.filter(
      (m) =>
        (before === undefined || BigInt(m.id) < BigInt(before)) &&
        (after === undefined || BigInt(m.id) > BigInt(after)),
    );
    return json(200, filtered.slice(0, limit));
  }

  #edit({ request }: RouteContext, message: APIMessage): RouteResponse {
    if (message.author.id !== this.#ctx.botUser.id) {
      return apiError(403, 50005, "Cannot edit a message authored by another user");
    }
    const files = request.files ?? [];
    const invalid = validateMessage(request.body, {
      create: false,
      fileCount: files.length,
      files,
      editing: message.attachments,
    });
    if (invalid !== undefined) return invalid;
    const edited = applyEdit(
      message,
      request.body,
      attachmentsFor(files, this.#ctx.nextId, this.#ctx.attachmentBaseUrl, request.body, "edit"),
    );
    this.#replace(edited);
    return json(200, edited);
  }

  #delete(message: APIMessage): RouteResponse {
    const list = this.#history.get(message.channel_id) ?? [];
    this.#history.set(
      message.channel_id,
      list.filter((m) => m.id !== message.id),
    );
    return json(204);
  }

  #react({ params }: RouteContext, message: APIMessage): RouteResponse {
    this.reactions.push({
      channelId: message.channel_id,
      messageId: message.id,
      emoji: params["emoji"] ?? "",
    });
    return json(204);
  }

  #replace(message: APIMessage): void {
    const list = this.#history.get(message.channel_id) ?? [];
    this.#history.set(
      message.channel_id,
      list.map((m) => (m.id === message.id ? message : m)),
    );
  }
}
