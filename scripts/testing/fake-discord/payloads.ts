/**
 * Small builders for discord-api-types payloads: snowflakes, users, members,
 * permissions and messages. Everything here is pure (no I/O).
 */
import {
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIAttachment,
  type APIEmbed,
  type GuildMemberFlags,
  type UserFlags,
  type APIGuildMember,
  type APIMessage,
  type APIMessageReference,
  type APIMessageTopLevelComponent,
  type APIUser,
} from "discord-api-types/v10";
import { isRecord, type JsonRecord } from "./json.js";
import { keptAttachments, pngSize, resolveAttachmentUrls, uploadsOf } from "./uploads.js";

// ---------------------------------------------------------------------------
// Snowflakes and tokens

const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** Real-looking snowflakes (timestamp << 22 | increment), unique per factory. */
export class SnowflakeFactory {
  #increment = 0n;

  next(): string {
    const timestamp = BigInt(Date.now()) - DISCORD_EPOCH_MS;
    const increment = this.#increment++ & 0xfffn;
    return ((timestamp << 22n) | increment).toString();
  }
}

/** A syntactically valid (but fake) bot token: base64url(user id).timestamp.hmac */
export function fakeBotToken(botUserId: string): string {
  const part = (text: string): string => Buffer.from(text).toString("base64url");
  return `${part(botUserId)}.${part("fake!")}.${part("fake-discord-token-signature")}`;
}

// ---------------------------------------------------------------------------
// Permissions

export type PermissionName = keyof typeof PermissionFlagsBits;

/** Either flag names, a bitfield, or an already-serialised bitfield string. */
export type PermissionsInput = readonly PermissionName[] | bigint | string;

/** What an ordinary member of a server can do: chat, but not manage the server. */
export const DEFAULT_MEMBER_PERMISSIONS: readonly PermissionName[] = [
  "ViewChannel",
  "SendMessages",
  "SendMessagesInThreads",
  "ReadMessageHistory",
  "EmbedLinks",
  "AttachFiles",
  "AddReactions",
  "UseExternalEmojis",
  "UseApplicationCommands",
  "CreatePublicThreads",
  "ChangeNickname",
];

/** What the bot is granted in every fake guild (via its managed role). */
export const BOT_PERMISSIONS: readonly PermissionName[] = [
  ...DEFAULT_MEMBER_PERMISSIONS,
  "ManageMessages",
  "ManageThreads",
  "CreatePrivateThreads",
];

/** Serialises flag names (or a bitfield) to Discord's permission string. */
export function permissionsOf(input: PermissionsInput): string {
  if (typeof input === "string") return BigInt(input).toString();
  if (typeof input === "bigint") return input.toString();
  return input.reduce((bits, name) => bits | PermissionFlagsBits[name], 0n).toString();
}

// ---------------------------------------------------------------------------
// Users and members

export interface FakeUserSpec {
  id: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}

export const DEFAULT_TEST_USER: FakeUserSpec = {
  id: "1300000000000000001",
  username: "tester",
  globalName: "Test User",
};

export function apiUser(spec: FakeUserSpec): APIUser {
  return {
    id: spec.id,
    username: spec.username,
    discriminator: "0",
    global_name: spec.globalName ?? null,
    avatar: null,
    ...(spec.bot === true ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
  };
}

export function apiMember(
  user: APIUser,
  roles: readonly string[],
  joinedAt: string,
): APIGuildMember {
  return {
    user,
    nick: null,
    roles: [...roles],
    joined_at: joinedAt,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
  };
}

// ---------------------------------------------------------------------------
// Messages

export interface StoredFile {
  /** Multipart field name, e.g. `files[0]`. */
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** The parts of a message a user can see, as sent by the bot. */
export interface MessageContent {
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  flags: number;
  attachments: APIAttachment[];
}

export const EMPTY_CONTENT: MessageContent = {
  content: "",
  embeds: [],
  components: [],
  flags: 0,
  attachments: [],
};

export interface MessageInit extends Partial<MessageContent> {
  id: string;
  channelId: string;
  guildId?: string | undefined;
  author: APIUser;
  mentions?: APIUser[];
  type?: MessageType;
  reference?: APIMessageReference | undefined;
  referencedMessage?: APIMessage | null | undefined;
  webhookId?: string | undefined;
  applicationId?: string | undefined;
  editedTimestamp?: string | null;
}

export function buildMessage(init: MessageInit): APIMessage {
  return {
    id: init.id,
    channel_id: init.channelId,
    author: init.author,
    content: init.content ?? "",
    timestamp: new Date().toISOString(),
    edited_timestamp: init.editedTimestamp ?? null,
    tts: false,
    mention_everyone: false,
    mentions: init.mentions ?? [],
    mention_roles: [],
    attachments: init.attachments ?? [],
    embeds: resolveAttachmentUrls(init.embeds ?? [], init.attachments ?? []),
    components: init.components ?? [],
    pinned: false,
    type: init.type ?? (init.reference === undefined ? MessageType.Default : MessageType.Reply),
    flags: init.flags ?? 0,
    ...(init.reference === undefined ? {} : { message_reference: init.reference }),
    ...(init.referencedMessage === undefined ? {} : { referenced_message: init.referencedMessage }),
    ...(init.webhookId === undefined ? {} : { webhook_id: init.webhookId }),
    ...(init.applicationId === undefined ? {} : { application_id: init.applicationId }),
  };
}

/**
 * Turns uploaded files into the attachment objects Discord would return: named as
 * `payload_json.attachments` says; when editing with such a list, only the files it names.
 */
export function attachmentsFor(
  files: readonly StoredFile[],
  nextId: () => string,
  baseUrl: string,
  body: unknown = undefined,
  mode: "create" | "edit" = "create",
): APIAttachment[] {
  return uploadsOf(body, files, mode).map(({ file, filename, description }) => {
    const id = nextId();
    const url = `${baseUrl}/attachments/${id}/${encodeURIComponent(filename)}`;
    const size = pngSize(file.data);
    return {
      id,
      filename,
      size: file.data.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ...(description === undefined ? {} : { description }),
      ...(size === null ? {} : size),
    };
  });
}

/**
 * Discord's edit semantics: keys present in the patch replace (null clears),
 * absent keys are kept; `attachments` lists the existing attachments to keep.
 * Editing a deferred ("loading") message turns it into a normal message.
 */
export function applyEdit(
  message: APIMessage,
  patch: unknown,
  newAttachments: readonly APIAttachment[],
): APIMessage {
  const body: JsonRecord = isRecord(patch) ? patch : {};
  const next: APIMessage = { ...message };
  if ("content" in body) next.content = typeof body["content"] === "string" ? body["content"] : "";
  if ("embeds" in body) next.embeds = arrayOf<APIEmbed>(body["embeds"]);
  if ("components" in body)
    next.components = arrayOf<APIMessageTopLevelComponent>(body["components"]);
  next.attachments = [...keptAttachments(body, message.attachments), ...newAttachments];
  next.embeds = resolveAttachmentUrls(next.embeds, next.attachments);
  const flags = message.flags ?? 0;
  const suppress =
    (typeof body["flags"] === "number" ? body["flags"] : flags) & MessageFlags.SuppressEmbeds;
  next.flags = (flags & ~(MessageFlags.Loading | MessageFlags.SuppressEmbeds)) | suppress;
  if ((flags & MessageFlags.Loading) === 0) next.edited_timestamp = new Date().toISOString();
  return next;
}

function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
