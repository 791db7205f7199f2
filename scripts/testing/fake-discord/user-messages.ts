/**
 * MESSAGE_CREATE payloads for messages "typed" by test users.
 */
import {
  ChannelType,
  MessageReferenceType,
  type APIMessage,
  type APIUser,
  type APIUserWithMember,
  type GatewayMessageCreateDispatchData,
  type GuildMemberFlags,
} from "discord-api-types/v10";
import type { FakeChannel, FakeGuild } from "./guilds.js";
import { apiUser, buildMessage, DEFAULT_TEST_USER, type FakeUserSpec } from "./payloads.js";

export interface UserMessageSpec {
  content: string;
  guildId?: string;
  channelId?: string;
  author?: FakeUserSpec;
  /** Role ids of the author. */
  roles?: string[];
  /**
   * Users to list in `mentions` besides those written as `<@id>` in `content`
   * (the bot and the guild's configured members are detected automatically).
   */
  mentions?: FakeUserSpec[];
  /** Makes this a reply to that message (e.g. one the bot posted). */
  replyTo?: string;
}

export interface SentMessage {
  /** The payload as dispatched (content blanked when the client lacks the MessageContent intent). */
  readonly message: GatewayMessageCreateDispatchData;
  /** False when no client received it (e.g. it lacks the GuildMessages intent). */
  readonly delivered: boolean;
}

export interface UserMessageContext {
  readonly id: string;
  readonly guild: FakeGuild;
  readonly channel: FakeChannel;
  readonly botUser: APIUser;
  readonly referenced: APIMessage | undefined;
}

const MEMBER_FIELDS = {
  joined_at: "2024-01-01T00:00:00.000Z",
  deaf: false,
  mute: false,
  flags: 0 as GuildMemberFlags,
};

export function buildUserMessage(
  spec: UserMessageSpec,
  ctx: UserMessageContext,
): GatewayMessageCreateDispatchData {
  const author = apiUser(spec.author ?? DEFAULT_TEST_USER);
  const reference =
    spec.replyTo === undefined
      ? undefined
      : {
          type: MessageReferenceType.Default,
          message_id: spec.replyTo,
          channel_id: ctx.channel.id,
          guild_id: ctx.guild.id,
        };
  return {
    ...buildMessage({
      id: ctx.id,
      channelId: ctx.channel.id,
      guildId: ctx.guild.id,
      author,
      content: spec.content,
      reference,
      referencedMessage: spec.replyTo === undefined ? undefined : (ctx.referenced ?? null),
    }),
    guild_id: ctx.guild.id,
    channel_type: ChannelType.GuildText,
    member: { roles: spec.roles ?? [], ...MEMBER_FIELDS },
    mentions: mentionsOf(spec, ctx),
  };
}

/** Users mentioned as `<@id>` / `<@!id>` in the content, plus explicit ones. */
function mentionsOf(spec: UserMessageSpec, ctx: UserMessageContext): APIUserWithMember[] {
  const known = new Map<string, APIUserWithMember>();
  known.set(ctx.botUser.id, {
    ...ctx.botUser,
    member: { roles: [ctx.guild.botRoleId], ...MEMBER_FIELDS },
  });
  for (const user of [...ctx.guild.members, ...(spec.mentions ?? [])]) {
    known.set(user.id, { ...apiUser(user), member: { roles: [], ...MEMBER_FIELDS } });
  }
  const ids = new Set([...spec.content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1] ?? ""));
  for (const user of spec.mentions ?? []) ids.add(user.id);
  return [...ids].flatMap((id) => {
    const user = known.get(id);
    return user === undefined ? [] : [user];
  });
}
