/**
 * Builders for INTERACTION_CREATE payloads (slash commands, autocomplete,
 * message components), with every field discord.js 14 reads.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageComponentGuildInteraction,
  type APIMessageTopLevelComponent,
  type APIUser,
} from "discord-api-types/v10";
import { textChannelPayload, type FakeChannel, type FakeGuild } from "./guilds.js";
import {
  apiUser,
  BOT_PERMISSIONS,
  buildMessage,
  DEFAULT_MEMBER_PERMISSIONS,
  DEFAULT_TEST_USER,
  permissionsOf,
  type FakeUserSpec,
  type MessageContent,
  type PermissionsInput,
} from "./payloads.js";

/** Who interacts, and where. Everything defaults to the first guild's first channel and a plain member. */
export interface InteractionContextSpec {
  guildId?: string;
  channelId?: string;
  user?: FakeUserSpec;
  /** Permissions of the invoking member; defaults to DEFAULT_MEMBER_PERMISSIONS (no ManageGuild). */
  memberPermissions?: PermissionsInput;
  /** Role ids of the invoking member. */
  roles?: string[];
  locale?: Locale;
}

/** Plain values map to String / Integer (whole numbers) / Number / Boolean options. */
export type OptionValue = string | number | boolean | TypedOptionValue;

export interface TypedOptionValue {
  readonly type:
    | ApplicationCommandOptionType.String
    | ApplicationCommandOptionType.Integer
    | ApplicationCommandOptionType.Number
    | ApplicationCommandOptionType.Boolean
    | ApplicationCommandOptionType.User
    | ApplicationCommandOptionType.Channel
    | ApplicationCommandOptionType.Role
    | ApplicationCommandOptionType.Mentionable
    | ApplicationCommandOptionType.Attachment;
  readonly value: string | number | boolean;
}

export interface SlashCommandSpec extends InteractionContextSpec {
  name: string;
  /** Defaults to the id the bot registered for `name`, else a fresh id. */
  commandId?: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** Option name -> value (placed under the subcommand / group when given). */
  options?: Readonly<Record<string, OptionValue>>;
  /** Escape hatch: the exact `data.options` to send (overrides options/subcommand). */
  rawOptions?: APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommand>[];
  /** `data.resolved`, needed by getUser/getChannel/getRole/getAttachment. */
  resolved?: APIInteractionDataResolved;
}

export interface AutocompleteSpec extends Omit<SlashCommandSpec, "rawOptions"> {
  /**
   * Name of the option being typed in; its value (default '') comes from `options`. `null` sends
   * no focused option at all (a malformed payload a bot must still answer).
   */
  focused: string | null;
}

/** The message a component belongs to. Defaults to a bot message holding only that component. */
export interface SourceMessageSpec extends Partial<MessageContent> {
  id?: string;
}

export interface ButtonSpec extends InteractionContextSpec {
  customId: string;
  message?: SourceMessageSpec | APIMessage;
}

export interface StringSelectSpec extends ButtonSpec {
  values: string[];
}

/** Shared state the builders need. */
export interface PayloadContext {
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guilds: readonly FakeGuild[];
  readonly nextId: () => string;
  readonly commandId: (
    name: string,
    guildId: string,
  ) => { id: string; guildId?: string } | undefined;
}

interface Where {
  readonly guild: FakeGuild;
  readonly channel: FakeChannel;
}

export class InteractionPayloads {
  readonly #ctx: PayloadContext;

  constructor(ctx: PayloadContext) {
    this.#ctx = ctx;
  }

  /** Resolves guild and channel ids (throws on unknown ids, which would be a test bug). */
  where(spec: { guildId?: string | undefined; channelId?: string | undefined }): Where {
    const guild =
      spec.guildId === undefined
        ? this.#ctx.guilds[0]
        : this.#ctx.guilds.find((g) => g.id === spec.guildId);
    if (guild === undefined)
      throw new Error(`FakeDiscord: unknown guild ${spec.guildId ?? "(none configured)"}`);
    const channel =
      spec.channelId === undefined
        ? guild.channels[0]
        : guild.channels.find((c) => c.id === spec.channelId);
    if (channel === undefined) {
      throw new Error(
        `FakeDiscord: guild ${guild.id} has no channel ${spec.channelId ?? "(none configured)"}`,
      );
    }
    return { guild, channel };
  }

  slashCommand(
    spec: SlashCommandSpec,
    id: string,
    token: string,
  ): APIChatInputApplicationCommandGuildInteraction {
    const where = this.where(spec);
    const command = this.#command(spec, where);
    const options = spec.rawOptions ?? nest(spec, commandOptions(spec.options ?? {}));
    return {
      ...this.#base(InteractionType.ApplicationCommand, spec, where, id, token),
      data: {
        ...command,
        type: ApplicationCommandType.ChatInput,
        name: spec.name,
        options,
        ...(spec.resolved === undefined ? {} : { resolved: spec.resolved }),
      },
    };
  }

  autocomplete(
    spec: AutocompleteSpec,
    id: string,
    token: string,
  ): APIApplicationCommandAutocompleteGuildInteraction {
    const where = this.where(spec);
    const values = { ...spec.options };
    if (spec.focused !== null) values[spec.focused] ??= "";
    return {
      ...this.#base(InteractionType.ApplicationCommandAutocomplete, spec, where, id, token),
      data: {
        ...this.#command(spec, where),
        type: ApplicationCommandType.ChatInput,
        name: spec.name,
        options: nest(spec, autocompleteOptions(values, spec.focused)),
      },
    };
  }

  button(spec: ButtonSpec, id: string, token: string): APIMessageComponentGuildInteraction {
    const where = this.where(spec);
    const component: APIMessageTopLevelComponent = {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          custom_id: spec.customId,
          label: spec.customId,
        },
      ],
    };
    return {
      ...this.#base(InteractionType.MessageComponent, spec, where, id, token),
      channel_id: where.channel.id,
      channel: textChannelPayload(where.channel, 0),
      message: this.#sourceMessage(spec.message, where, component),
      data: { custom_id: spec.customId, component_type: ComponentType.Button },
    };
  }

  stringSelect(
    spec: StringSelectSpec,
    id: string,
    token: string,
  ): APIMessageComponentGuildInteraction {
    const where = this.where(spec);
    const component: APIMessageTopLevelComponent = {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: spec.customId,
          options: spec.values.map((value) => ({ label: value, value })),
        },
      ],
    };
    return {
      ...this.#base(InteractionType.MessageComponent, spec, where, id, token),
      channel_id: where.channel.id,
      channel: textChannelPayload(where.channel, 0),
      message: this.#sourceMessage(spec.message, where, component),
      data: {
        custom_id: spec.customId,
        component_type: ComponentType.StringSelect,
        values: spec.values,
      },
    };
  }

  #base<T extends InteractionType>(
    type: T,
    spec: InteractionContextSpec,
    where: Where,
    id: string,
    token: string,
  ) {
    const user = apiUser(spec.user ?? DEFAULT_TEST_USER);
    const locale = spec.locale ?? Locale.EnglishUS;
    return {
      id,
      application_id: this.#ctx.applicationId,
      type,
      token,
      version: 1 as const,
      guild_id: where.guild.id,
      guild: { id: where.guild.id, features: [], locale: where.guild.locale },
      channel_id: where.channel.id,
      channel: textChannelPayload(where.channel, 0),
      member: {
        user,
        nick: null,
        roles: spec.roles ?? [],
        joined_at: "2024-01-01T00:00:00.000Z",
        deaf: false,
        mute: false,
        flags: 0,
        permissions: permissionsOf(spec.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS),
      },
      app_permissions: permissionsOf(BOT_PERMISSIONS),
      locale,
      guild_locale: where.guild.locale,
      entitlements: [],
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: where.guild.id },
      context: InteractionContextType.Guild,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  }

  #command(
    spec: { name: string; commandId?: string },
    where: Where,
  ): { id: string; guild_id?: string } {
    if (spec.commandId !== undefined) return { id: spec.commandId };
    const registered = this.#ctx.commandId(spec.name, where.guild.id);
    if (registered === undefined) return { id: this.#ctx.nextId() };
    return registered.guildId === undefined
      ? { id: registered.id }
      : { id: registered.id, guild_id: registered.guildId };
  }

  #sourceMessage(
    source: SourceMessageSpec | APIMessage | undefined,
    where: Where,
    component: APIMessageTopLevelComponent,
  ): APIMessage {
    if (source !== undefined && "author" in source) return source;
    return buildMessage({
      id: source?.id ?? this.#ctx.nextId(),
      channelId: where.channel.id,
      guildId: where.guild.id,
      author: this.#ctx.botUser,
      content: source?.content ?? "",
      embeds: source?.embeds ?? [],
      components: source?.components ?? [component],
      flags: source?.flags ?? 0,
      attachments: source?.attachments ?? [],
      applicationId: this.#ctx.applicationId,
    });
  }
}

type CommandOption =
  APIApplicationCommandInteractionDataBasicOption<InteractionType.ApplicationCommand>;
type AutocompleteOption =
  APIApplicationCommandInteractionDataBasicOption<InteractionType.ApplicationCommandAutocomplete>;

function typed(value: OptionValue): TypedOptionValue {
  if (typeof value === "string") return { type: ApplicationCommandOptionType.String, value };
  if (typeof value === "boolean") return { type: ApplicationCommandOptionType.Boolean, value };
  if (typeof value === "number") {
    const type = Number.isInteger(value)
      ? ApplicationCommandOptionType.Integer
      : ApplicationCommandOptionType.Number;
    return { type, value };
  }
  return value;
}

function commandOptions(values: Readonly<Record<string, OptionValue>>): CommandOption[] {
  return Object.entries(values).map(([name, raw]): CommandOption => {
    const { type, value } = typed(raw);
    switch (type) {
      case ApplicationCommandOptionType.Integer:
        return { name, type, value: Number(value) };
      case ApplicationCommandOptionType.Number:
        return { name, type, value: Number(value) };
      case ApplicationCommandOptionType.Boolean:
        return { name, type, value: Boolean(value) };
      default:
        return { name, type, value: String(value) };
    }
  });
}

/** In autocomplete payloads Discord sends what the user typed, so numbers arrive as strings. */
function autocompleteOptions(
  values: Readonly<Record<string, OptionValue>>,
  focused: string | null,
): AutocompleteOption[] {
  return Object.entries(values).map(([name, raw]): AutocompleteOption => {
    const { type, value } = typed(raw);
    const focus = name === focused ? { focused: true } : {};
    switch (type) {
      case ApplicationCommandOptionType.Integer:
        return { name, type, value: String(value), ...focus };
      case ApplicationCommandOptionType.Number:
        return { name, type, value: String(value), ...focus };
      case ApplicationCommandOptionType.Boolean:
        return { name, type, value: Boolean(value) };
      case ApplicationCommandOptionType.String:
        return { name, type, value: String(value), ...focus };
      default:
        return { name, type, value: String(value) };
    }
  });
}

/** Wraps basic options in their subcommand / subcommand group, if any. */
function nest<I extends InteractionType>(
  spec: { subcommand?: string; subcommandGroup?: string },
  options: APIApplicationCommandInteractionDataBasicOption<I>[],
): APIApplicationCommandInteractionDataOption<I>[] {
  if (spec.subcommand === undefined) return options;
  const sub = {
    type: ApplicationCommandOptionType.Subcommand as const,
    name: spec.subcommand,
    options,
  };
  if (spec.subcommandGroup === undefined) return [sub];
  return [
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: spec.subcommandGroup,
      options: [sub],
    },
  ];
}
