/**
 * The REST routes discord.js uses to answer interactions:
 *   POST   /interactions/:id/:token/callback
 *   POST   /webhooks/:app/:token                      (follow-up, ?wait=true)
 *   GET|PATCH|DELETE /webhooks/:app/:token/messages/:message   (@original or a follow-up id)
 */
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  type RESTPostAPIInteractionCallbackWithResponseResult,
  type RESTPostAPIWebhookWithTokenJSONBody,
} from "discord-api-types/v10";
import {
  InteractionHandle,
  InteractionRecord,
  type CallbackData,
  type HandleContext,
} from "./interaction-handle.js";
import { isRecord } from "./json.js";
import { applyEdit, attachmentsFor, buildMessage, type StoredFile } from "./payloads.js";
import { apiError, json, type Route, type RouteContext, type RouteResponse } from "./rest.js";
import { validateChoices, validateMessage } from "./validation.js";

export interface RegistryContext extends HandleContext {
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly nextId: () => string;
  readonly attachmentBaseUrl: string;
}

export class InteractionRegistry {
  readonly #byToken = new Map<string, InteractionRecord>();
  readonly #ctx: RegistryContext;

  constructor(ctx: RegistryContext) {
    this.#ctx = ctx;
  }

  register(payload: APIInteraction): InteractionHandle {
    const record = new InteractionRecord(
      payload,
      "message" in payload ? payload.message : undefined,
    );
    this.#byToken.set(payload.token, record);
    return new InteractionHandle(record, this.#ctx);
  }

  close(): void {
    for (const record of this.#byToken.values()) record.close();
  }

  routes(): Route[] {
    const app = "/webhooks/:applicationId/:token";
    return [
      {
        method: "POST",
        path: "/interactions/:id/:token/callback",
        auth: false,
        handle: (c) => this.#callback(c),
      },
      {
        method: "POST",
        path: app,
        auth: false,
        handle: (c) => this.#webhook(c, (r) => this.#followUp(r, c)),
      },
      {
        method: "GET",
        path: `${app}/messages/:messageId`,
        auth: false,
        handle: (c) => this.#webhook(c, (r) => this.#get(r, c)),
      },
      {
        method: "PATCH",
        path: `${app}/messages/:messageId`,
        auth: false,
        handle: (c) => this.#webhook(c, (r) => this.#edit(r, c)),
      },
      {
        method: "DELETE",
        path: `${app}/messages/:messageId`,
        auth: false,
        handle: (c) => this.#webhook(c, (r) => this.#delete(r, c)),
      },
    ];
  }

  #callback({ request, params }: RouteContext): RouteResponse {
    const record = this.#byToken.get(params["token"] ?? "");
    if (record === undefined || record.payload.id !== params["id"])
      return apiError(404, 10062, "Unknown interaction");
    if (record.callbacks.items.length > 0)
      return apiError(400, 40060, "Interaction has already been acknowledged.");
    const body = isRecord(request.body) ? request.body : {};
    const type = body["type"];
    const data = isRecord(body["data"]) ? (body["data"] as CallbackData) : undefined;
    const files = request.files ?? [];
    const invalid = this.#validateCallback(record, type, data, files);
    if (invalid !== undefined) return invalid;
    if (typeof type !== "number") return apiError(400, 50035, "Invalid Form Body");
    record.original = this.#callbackMessage(record, type, data, files) ?? record.original;
    record.callbacks.push({ type, data, files });
    if (request.query["with_response"] !== "true") return json(204);
    return json(200, this.#callbackResponse(record, type));
  }

  #validateCallback(
    record: InteractionRecord,
    type: unknown,
    data: CallbackData | undefined,
    files: readonly StoredFile[],
  ): RouteResponse | undefined {
    const fileCount = files.length;
    const isComponent = record.payload.type === InteractionType.MessageComponent;
    const isAutocomplete = record.payload.type === InteractionType.ApplicationCommandAutocomplete;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        return validateMessage(data, { create: true, fileCount, files, prefix: ["data"] });
      case InteractionResponseType.UpdateMessage:
        return isComponent
          ? validateMessage(data, {
              create: false,
              fileCount,
              files,
              prefix: ["data"],
              editing: record.source?.attachments ?? [],
            })
          : badType(type);
      case InteractionResponseType.DeferredMessageUpdate:
        return isComponent ? undefined : badType(type);
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        return isAutocomplete ? validateChoices(data) : badType(type);
      case InteractionResponseType.DeferredChannelMessageWithSource:
      case InteractionResponseType.Modal:
        return isAutocomplete ? badType(type) : undefined;
      default:
        return badType(type);
    }
  }

  /** The message @original refers to after the callback, if the callback creates/targets one. */
  #callbackMessage(
    record: InteractionRecord,
    type: number,
    data: CallbackData | undefined,
    files: readonly StoredFile[],
  ): APIMessage | undefined {
    const ephemeral = (data?.flags ?? 0) & MessageFlags.Ephemeral;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        return this.#newMessage(record, { ...data, flags: data?.flags ?? 0 }, files);
      case InteractionResponseType.DeferredChannelMessageWithSource:
        return this.#newMessage(record, { flags: ephemeral | MessageFlags.Loading }, []);
      case InteractionResponseType.UpdateMessage:
        return record.source === undefined
          ? undefined
          : applyEdit(record.source, data, this.#attachments(files, data, "edit"));
      case InteractionResponseType.DeferredMessageUpdate:
        return record.source;
      default:
        return undefined;
    }
  }

  #callbackResponse(
    record: InteractionRecord,
    type: number,
  ): RESTPostAPIInteractionCallbackWithResponseResult {
    const message = record.original;
    const flags = message?.flags ?? 0;
    return {
      interaction: {
        id: record.payload.id,
        type: record.payload.type,
        ...(message === undefined
          ? {}
          : {
              response_message_id: message.id,
              response_message_loading: (flags & MessageFlags.Loading) !== 0,
              response_message_ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
            }),
      },
      resource: { type, ...(message === undefined ? {} : { message }) },
    };
  }

  #attachments(
    files: readonly StoredFile[],
    body: unknown,
    mode: "create" | "edit",
  ): APIMessage["attachments"] {
    return attachmentsFor(files, this.#ctx.nextId, this.#ctx.attachmentBaseUrl, body, mode);
  }

  /** Resolves the webhook token to its interaction (404 Unknown Webhook otherwise). */
  #webhook(
    { params }: RouteContext,
    next: (record: InteractionRecord) => RouteResponse,
  ): RouteResponse {
    const record = this.#byToken.get(params["token"] ?? "");
    if (record === undefined || params["applicationId"] !== this.#ctx.applicationId) {
      return apiError(404, 10015, "Unknown Webhook");
    }
    // Discord only accepts webhook calls once the interaction has been acknowledged.
    if (record.callbacks.items.length === 0) return apiError(404, 10015, "Unknown Webhook");
    return next(record);
  }

  #followUp(record: InteractionRecord, { request }: RouteContext): RouteResponse {
    const files = request.files ?? [];
    const invalid = validateMessage(request.body, {
      create: true,
      fileCount: files.length,
      files,
    });
    if (invalid !== undefined) return invalid;
    const body = (
      isRecord(request.body) ? request.body : {}
    ) as RESTPostAPIWebhookWithTokenJSONBody;
    const original = record.original;
    const replacedDeferred =
      original !== undefined &&
      !record.originalDeleted &&
      ((original.flags ?? 0) & MessageFlags.Loading) !== 0;
    let message: APIMessage;
    if (replacedDeferred) {
      message = applyEdit(
        original,
        { ...body, flags: undefined },
        this.#attachments(files, body, "create"),
      );
      record.original = message;
    } else {
      message = this.#newMessage(record, body, files);
      record.followUpMessages.set(message.id, message);
    }
    const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    record.followUps.push({ body, files, message, ephemeral, replacedDeferred });
    return request.query["wait"] === "true" ? json(200, message) : json(204);
  }

  #get(record: InteractionRecord, { params }: RouteContext): RouteResponse {
    const target = this.#target(record, params["messageId"] ?? "");
    return target === undefined ? apiError(404, 10008, "Unknown Message") : json(200, target);
  }

  #edit(record: InteractionRecord, { request, params }: RouteContext): RouteResponse {
    const messageId = params["messageId"] ?? "";
    const target = this.#target(record, messageId);
    if (target === undefined) return apiError(404, 10008, "Unknown Message");
    const files = request.files ?? [];
    const wasLoading = ((target.flags ?? 0) & MessageFlags.Loading) !== 0;
    const invalid = validateMessage(request.body, {
      create: wasLoading,
      fileCount: files.length,
      files,
      editing: target.attachments,
    });
    if (invalid !== undefined) return invalid;
    const body = (
      isRecord(request.body) ? request.body : {}
    ) as RESTPatchAPIWebhookWithTokenMessageJSONBody;
    const message = applyEdit(target, body, this.#attachments(files, body, "edit"));
    if (messageId === "@original" || messageId === record.original?.id) {
      record.original = message;
      record.edits.push({ body, files, message });
    } else {
      record.followUpMessages.set(message.id, message);
    }
    return json(200, message);
  }

  #delete(record: InteractionRecord, { params }: RouteContext): RouteResponse {
    const messageId = params["messageId"] ?? "";
    if (this.#target(record, messageId) === undefined)
      return apiError(404, 10008, "Unknown Message");
    if (messageId === "@original" || messageId === record.original?.id)
      record.originalDeleted = true;
    else record.followUpMessages.delete(messageId);
    return json(204);
  }

  #target(record: InteractionRecord, messageId: string): APIMessage | undefined {
    if (messageId === "@original" || messageId === record.original?.id) {
      return record.originalDeleted ? undefined : record.original;
    }
    return record.followUpMessages.get(messageId);
  }

  #newMessage(
    record: InteractionRecord,
    body: NewMessageBody,
    files: readonly StoredFile[],
  ): APIMessage {
    const { payload } = record;
    const isCommand = payload.type === InteractionType.ApplicationCommand;
    return buildMessage({
      id: this.#ctx.nextId(),
      channelId: payload.channel?.id ?? "0",
      guildId: payload.guild_id,
      author: this.#ctx.botUser,
      content: body.content ?? "",
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      flags: (body.flags ?? 0) & SENDABLE_FLAGS,
      attachments: this.#attachments(files, body, "create"),
      type: isCommand ? MessageType.ChatInputCommand : MessageType.Default,
      webhookId: this.#ctx.applicationId,
      applicationId: this.#ctx.applicationId,
    });
  }
}

type NewMessageBody = Pick<
  RESTPostAPIWebhookWithTokenJSONBody,
  "content" | "embeds" | "components"
> & {
  flags?: number | undefined;
};

/** Flags a bot may set when sending; Loading is only set by the fake itself, for deferrals. */
const SENDABLE_FLAGS =
  MessageFlags.Ephemeral |
  MessageFlags.SuppressEmbeds |
  MessageFlags.SuppressNotifications |
  MessageFlags.IsComponentsV2 |
  MessageFlags.Loading;

function badType(type: unknown): RouteResponse {
  return apiError(400, 50035, "Invalid Form Body", {
    type: {
      _errors: [
        {
          code: "INTERACTION_RESPONSE_TYPE_INVALID",
          message: `Callback type ${String(type)} is not valid here.`,
        },
      ],
    },
  });
}
