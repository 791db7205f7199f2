/**
 * The test-facing handle of one simulated interaction, plus the server-side
 * record it reads (callback, edits of @original, follow-ups, current message).
 */
import {
  InteractionResponseType,
  MessageFlags,
  type APIApplicationCommandOptionChoice,
  type APICommandAutocompleteInteractionResponseCallbackData,
  type APIEmbed,
  type APIInteraction,
  type APIInteractionResponseCallbackData,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIModalInteractionResponseCallbackData,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  type RESTPostAPIWebhookWithTokenJSONBody,
} from "discord-api-types/v10";
import { EventLog, type Describe } from "./events.js";
import type { StoredFile } from "./payloads.js";

export type CallbackData = APIInteractionResponseCallbackData &
  APICommandAutocompleteInteractionResponseCallbackData &
  Partial<Pick<APIModalInteractionResponseCallbackData, "custom_id" | "title">>;

export interface RecordedCallback {
  readonly type: InteractionResponseType;
  readonly data: CallbackData | undefined;
  readonly files: readonly StoredFile[];
}

export interface RecordedEdit {
  readonly body: RESTPatchAPIWebhookWithTokenMessageJSONBody;
  readonly files: readonly StoredFile[];
  /** The message after this edit. */
  readonly message: APIMessage;
}

export interface RecordedFollowUp {
  readonly body: RESTPostAPIWebhookWithTokenJSONBody;
  readonly files: readonly StoredFile[];
  readonly message: APIMessage;
  readonly ephemeral: boolean;
  /** Discord turns the first follow-up after a still-loading deferral into the original response. */
  readonly replacedDeferred: boolean;
}

/** What a user currently sees for a response message. */
export interface MessageView {
  readonly id: string;
  readonly content: string;
  readonly embeds: readonly APIEmbed[];
  readonly components: readonly APIMessageTopLevelComponent[];
  readonly attachments: APIMessage["attachments"];
  readonly flags: number;
  readonly ephemeral: boolean;
  /** Deferred ("is thinking…") and not edited yet. */
  readonly loading: boolean;
  readonly deleted: boolean;
  readonly message: APIMessage;
}

export interface HandleContext {
  readonly defaultTimeoutMs: number;
  readonly describeRequests: () => string;
}

/** Mutable server-side state of one interaction. */
export class InteractionRecord {
  readonly callbacks = new EventLog<RecordedCallback>();
  readonly edits = new EventLog<RecordedEdit>();
  readonly followUps = new EventLog<RecordedFollowUp>();
  original: APIMessage | undefined;
  originalDeleted = false;
  readonly followUpMessages = new Map<string, APIMessage>();

  constructor(
    readonly payload: APIInteraction,
    readonly source: APIMessage | undefined,
  ) {}

  close(): void {
    this.callbacks.close();
    this.edits.close();
    this.followUps.close();
  }
}

/** The test's view of one simulated interaction. */
export class InteractionHandle {
  readonly #record: InteractionRecord;
  readonly #ctx: HandleContext;
  #editCursor = 0;

  constructor(record: InteractionRecord, ctx: HandleContext) {
    this.#record = record;
    this.#ctx = ctx;
  }

  get id(): string {
    return this.#record.payload.id;
  }

  get token(): string {
    return this.#record.payload.token;
  }

  /** The INTERACTION_CREATE payload that was dispatched. */
  get payload(): APIInteraction {
    return this.#record.payload;
  }

  get responded(): boolean {
    return this.#record.callbacks.items.length > 0;
  }

  get edits(): readonly RecordedEdit[] {
    return this.#record.edits.items;
  }

  /** The first (and only valid) callback POST. */
  callback(timeoutMs = this.#ctx.defaultTimeoutMs): Promise<RecordedCallback> {
    return this.#record.callbacks.waitForIndex(
      0,
      timeoutMs,
      this.#describe("the interaction callback"),
    );
  }

  /** Autocomplete choices sent with `interaction.respond([...])`. */
  async choices(
    timeoutMs = this.#ctx.defaultTimeoutMs,
  ): Promise<APIApplicationCommandOptionChoice[]> {
    const callback = await this.callback(timeoutMs);
    if (callback.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) {
      throw new Error(
        `Interaction ${this.id} was answered with callback type ${callback.type}, not autocomplete`,
      );
    }
    return callback.data?.choices ?? [];
  }

  /** The first PATCH of @original. */
  edited(timeoutMs = this.#ctx.defaultTimeoutMs): Promise<RecordedEdit> {
    return this.#record.edits.waitForIndex(0, timeoutMs, this.#describe("an edit of @original"));
  }

  /** Successive PATCHes of @original: each call returns the next one, in order. */
  async nextEdit(timeoutMs = this.#ctx.defaultTimeoutMs): Promise<RecordedEdit> {
    const index = this.#editCursor;
    this.#editCursor += 1;
    return this.#record.edits.waitForIndex(
      index,
      timeoutMs,
      this.#describe(`edit #${index + 1} of @original`),
    );
  }

  /** The first `count` follow-up messages. */
  followUps(count: number, timeoutMs = this.#ctx.defaultTimeoutMs): Promise<RecordedFollowUp[]> {
    return this.#record.followUps.waitForCount(
      count,
      timeoutMs,
      this.#describe(`${count} follow-up(s)`),
    );
  }

  /** What the user sees now as the response (after callback and edits). Throws if there is none yet. */
  finalMessage(): MessageView {
    const message = this.#record.original;
    if (message === undefined) {
      throw new Error(`Interaction ${this.id} has no response message yet${this.#describe("")()}`);
    }
    const flags = message.flags ?? 0;
    return {
      id: message.id,
      content: message.content,
      embeds: message.embeds,
      components: message.components ?? [],
      attachments: message.attachments,
      flags,
      ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
      loading: (flags & MessageFlags.Loading) !== 0,
      deleted: this.#record.originalDeleted,
      message,
    };
  }

  #describe(what: string): Describe {
    return () =>
      `waiting for ${what} of interaction ${this.id}; requests so far:\n${this.#ctx.describeRequests()}`;
  }
}
