export {
  FakeDiscord,
  type ComponentSource,
  type FakeDiscordOptions,
  type RequestMatcher,
} from "./server.js";
export {
  InteractionHandle,
  type CallbackData,
  type MessageView,
  type RecordedCallback,
  type RecordedEdit,
  type RecordedFollowUp,
} from "./interaction-handle.js";
export type {
  AutocompleteSpec,
  ButtonSpec,
  InteractionContextSpec,
  OptionValue,
  SlashCommandSpec,
  SourceMessageSpec,
  StringSelectSpec,
  TypedOptionValue,
} from "./interaction-payloads.js";
export type { SentMessage, UserMessageSpec } from "./user-messages.js";
export type { ChannelMessageRecord, ReactionRecord } from "./channels.js";
export type { FailureSpec, RecordedRequest } from "./rest.js";
export type { ReceivedFrame } from "./gateway.js";
export {
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type FakeChannel,
  type FakeChannelSpec,
  type FakeGuild,
  type FakeGuildSpec,
  type FakeRoleSpec,
} from "./guilds.js";
export {
  BOT_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  DEFAULT_TEST_USER,
  permissionsOf,
  type FakeUserSpec,
  type PermissionName,
  type PermissionsInput,
  type StoredFile,
} from "./payloads.js";
