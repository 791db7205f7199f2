/**
 * The fake's guild model (what tests configure) and its GUILD_CREATE payload.
 */
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  Locale,
  type RoleFlags,
  type GuildSystemChannelFlags,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from "discord-api-types/v10";
import {
  apiMember,
  apiUser,
  BOT_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  DEFAULT_TEST_USER,
  permissionsOf,
  type FakeUserSpec,
  type PermissionsInput,
  type SnowflakeFactory,
} from "./payloads.js";

export const DEFAULT_GUILD_ID = "1200000000000000001";
export const DEFAULT_CHANNEL_ID = "1200000000000000002";
export const DEFAULT_OWNER_ID = "1300000000000000099";

export interface FakeChannelSpec {
  id?: string;
  name?: string;
  topic?: string;
}

export interface FakeRoleSpec {
  id?: string;
  name: string;
  permissions?: PermissionsInput;
}

export interface FakeGuildSpec {
  id?: string;
  name?: string;
  /** Text channels (type 0). Defaults to a single `#general`. */
  channels?: FakeChannelSpec[];
  /** Extra roles; `@everyone` and the bot's managed role are always added. */
  roles?: FakeRoleSpec[];
  /** Extra members besides the bot (the default test user is always a member). */
  members?: FakeUserSpec[];
  ownerId?: string;
  locale?: Locale;
  /** Permissions of `@everyone`. Defaults to DEFAULT_MEMBER_PERMISSIONS. */
  everyonePermissions?: PermissionsInput;
}

export interface FakeChannel {
  readonly id: string;
  readonly name: string;
  readonly guildId: string;
  readonly topic: string | null;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly locale: Locale;
  readonly channels: readonly FakeChannel[];
  readonly roles: readonly APIRole[];
  readonly botRoleId: string;
  readonly members: readonly FakeUserSpec[];
}

export function resolveGuilds(
  specs: readonly FakeGuildSpec[] | undefined,
  botUserId: string,
  ids: SnowflakeFactory,
): FakeGuild[] {
  const list = specs === undefined || specs.length === 0 ? [{}] : specs;
  return list.map((spec, guildIndex) => {
    const first = guildIndex === 0;
    const id = spec.id ?? (first ? DEFAULT_GUILD_ID : ids.next());
    const channelSpecs = spec.channels ?? [{ name: "general" }];
    const channels = channelSpecs.map((channel, channelIndex) => ({
      id: channel.id ?? (first && channelIndex === 0 ? DEFAULT_CHANNEL_ID : ids.next()),
      name: channel.name ?? `channel-${channelIndex}`,
      guildId: id,
      topic: channel.topic ?? null,
    }));
    const botRoleId = ids.next();
    const everyone = role(
      id,
      "@everyone",
      spec.everyonePermissions ?? DEFAULT_MEMBER_PERMISSIONS,
      0,
    );
    const botRole = {
      ...role(botRoleId, "Fake Bot", BOT_PERMISSIONS, 1),
      managed: true,
      tags: { bot_id: botUserId },
    };
    const extraRoles = (spec.roles ?? []).map((r, index) =>
      role(r.id ?? ids.next(), r.name, r.permissions ?? [], index + 2),
    );
    const members = [DEFAULT_TEST_USER, ...(spec.members ?? [])];
    return {
      id,
      name: spec.name ?? `Fake Guild ${guildIndex + 1}`,
      ownerId: spec.ownerId ?? DEFAULT_OWNER_ID,
      locale: spec.locale ?? Locale.EnglishUS,
      channels,
      roles: [everyone, botRole, ...extraRoles],
      botRoleId,
      members,
    };
  });
}

function role(id: string, name: string, permissions: PermissionsInput, position: number): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions: permissionsOf(permissions),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

export function textChannelPayload(channel: FakeChannel, position: number): APITextChannel {
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: channel.guildId,
    name: channel.name,
    topic: channel.topic,
    position,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    rate_limit_per_user: 0,
    last_message_id: null,
  };
}

export function guildCreatePayload(
  guild: FakeGuild,
  botUser: APIUser,
): GatewayGuildCreateDispatchData {
  const joinedAt = new Date().toISOString();
  const members = [
    apiMember(botUser, [guild.botRoleId], joinedAt),
    ...guild.members.map((member) => apiMember(apiUser(member), [], joinedAt)),
  ];
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [...guild.roles],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.locale,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    // + 1 for the (absent) owner, who is not in the member list.
    member_count: members.length + 1,
    voice_states: [],
    members,
    channels: guild.channels.map((channel, index) => textChannelPayload(channel, index)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
