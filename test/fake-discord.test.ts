/**
 * Drives the REAL discord.js client through FakeDiscord (loopback only).
 * Each test starts its own fake + client and tears both down afterwards.
 */
import { once } from "node:events";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  type Interaction,
  type Message,
} from "discord.js";
import {
  ApplicationCommandOptionType,
  GatewayOpcodes,
  InteractionResponseType,
  MessageReferenceType,
} from "discord-api-types/v10";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord, type FakeDiscordOptions } from "../scripts/testing/fake-discord/index.js";

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Bot {
  readonly fake: FakeDiscord;
  readonly client: Client;
}

/** Starts a fake and logs a real discord.js client in; `setup` registers handlers before login. */
async function startBot(
  setup: (client: Client) => void = () => {},
  options: FakeDiscordOptions = {},
): Promise<Bot> {
  const fake = await FakeDiscord.start(options);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: { api: fake.apiBase },
  });
  cleanups.push(async () => {
    await client.destroy();
    await fake.close();
  });
  setup(client);
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return { fake, client };
}

/** Registers an interaction handler whose failures are reported instead of becoming unhandled rejections. */
function onInteraction(
  client: Client,
  handler: (interaction: Interaction) => Promise<void>,
): { errors: unknown[] } {
  const errors: unknown[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => errors.push(error));
  });
  return { errors };
}

describe("FakeDiscord with a real discord.js client", () => {
  it("logs in and reaches clientReady quickly (READY + GUILD_CREATE)", async () => {
    const started = Date.now();
    const { fake, client } = await startBot();
    expect(Date.now() - started).toBeLessThan(2_000);

    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.defaultGuildId);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.defaultChannelId)?.isTextBased()).toBe(true);
    expect(guild?.members.me?.id).toBe(fake.botUser.id);

    expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toContain("GET /gateway/bot");
    const identify = fake.gatewayFrames.find((frame) => frame.op === GatewayOpcodes.Identify);
    expect(identify?.d).toMatchObject({
      token: fake.token,
      intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages,
    });
  });

  it("rejects a wrong token", async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
    await expect(client.login(`${fake.token}x`)).rejects.toThrow(/token/i);
    await client.destroy();
  });

  it("delivers a slash command with typed options; deferReply + editReply show up on the handle", async () => {
    const seen: Array<Record<string, unknown>> = [];
    let tracker = { errors: [] as unknown[] };
    const { fake } = await startBot((client) => {
      tracker = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        seen.push({
          name: interaction.commandName,
          group: interaction.options.getSubcommandGroup(false),
          sub: interaction.options.getSubcommand(false),
          query: interaction.options.getString("query", true),
          limit: interaction.options.getInteger("limit"),
          exact: interaction.options.getBoolean("exact"),
          canManage: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild),
          channel: interaction.channelId,
        });
        await interaction.deferReply();
        await interaction.editReply({
          embeds: [
            new EmbedBuilder()
              .setTitle("Answer")
              .setDescription(`You asked: ${interaction.options.getString("query", true)}`),
          ],
        });
      });
    });

    const handle = fake.sendSlashCommand({
      name: "search",
      subcommandGroup: "quotes",
      subcommand: "find",
      options: { query: "budget", limit: 3, exact: true },
    });

    const callback = await handle.callback();
    expect(callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const edit = await handle.edited();
    expect(edit.body.embeds?.[0]).toMatchObject({
      title: "Answer",
      description: "You asked: budget",
    });
    expect(handle.finalMessage()).toMatchObject({ loading: false, ephemeral: false, content: "" });
    expect(handle.finalMessage().embeds[0]?.title).toBe("Answer");
    expect(seen).toEqual([
      {
        name: "search",
        group: "quotes",
        sub: "find",
        query: "budget",
        limit: 3,
        exact: true,
        canManage: false,
        channel: fake.defaultChannelId,
      },
    ]);
    expect(tracker.errors).toEqual([]);
  });

  it("reports member permissions from flag names (ManageGuild only when given)", async () => {
    const perms: Array<boolean | undefined> = [];
    const { fake } = await startBot((client) => {
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        perms.push(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild));
        await interaction.reply({ content: "ok", flags: MessageFlags.Ephemeral });
      });
    });
    await fake.sendSlashCommand({ name: "admin" }).callback();
    await fake
      .sendSlashCommand({ name: "admin", memberPermissions: ["ViewChannel", "ManageGuild"] })
      .callback();
    expect(perms).toEqual([false, true]);
  });

  it("handles a button press answered with interaction.update()", async () => {
    const { fake } = await startBot((client) => {
      onInteraction(client, async (interaction) => {
        if (interaction.isChatInputCommand()) {
          const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId("more:1")
              .setLabel("More")
              .setStyle(ButtonStyle.Primary),
          );
          await interaction.reply({ content: "page 1", components: [row] });
        } else if (interaction.isButton()) {
          await interaction.update({
            content: `page 2 (${interaction.customId}, was "${interaction.message.content}")`,
            components: [],
          });
        }
      });
    });

    const command = fake.sendSlashCommand({ name: "browse" });
    expect((await command.callback()).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(command.finalMessage().components).toHaveLength(1);

    const press = fake.sendButton({ customId: "more:1", message: command });
    const callback = await press.callback();
    expect(callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(press.finalMessage().id).toBe(command.finalMessage().id);
    expect(press.finalMessage().content).toBe('page 2 (more:1, was "page 1")');
    expect(press.finalMessage().components).toEqual([]);
  });

  it("supports select menus, withResponse, fetchReply and deleteReply", async () => {
    const log: string[] = [];
    const { fake } = await startBot((client) => {
      onInteraction(client, async (interaction) => {
        if (!interaction.isStringSelectMenu()) return;
        const response = await interaction.reply({
          content: `picked ${interaction.values.join(",")}`,
          withResponse: true,
        });
        log.push(`response:${response.resource?.message?.content ?? "?"}`);
        const fetched = await interaction.fetchReply();
        log.push(`fetched:${fetched.content}`);
        await interaction.deleteReply();
        log.push("deleted");
      });
    });
    const handle = fake.sendStringSelect({ customId: "pick", values: ["a", "b"] });
    await expect.poll(() => log.length).toBe(3);
    expect(log).toEqual(["response:picked a,b", "fetched:picked a,b", "deleted"]);
    expect(handle.finalMessage()).toMatchObject({ content: "picked a,b", deleted: true });
  });

  it("answers autocomplete with interaction.respond()", async () => {
    const { fake } = await startBot((client) => {
      onInteraction(client, async (interaction) => {
        if (!interaction.isAutocomplete()) return;
        const focused = interaction.options.getFocused(true);
        await interaction.respond([
          { name: `${focused.name}: ${focused.value}…`, value: `${focused.value}-1` },
          { name: "other", value: "other" },
        ]);
      });
    });
    const handle = fake.sendAutocomplete({
      name: "search",
      options: { query: "bud", limit: 5 },
      focused: "query",
    });
    expect(await handle.choices()).toEqual([
      { name: "query: bud…", value: "bud-1" },
      { name: "other", value: "other" },
    ]);
  });

  it("receives a mention and replies with message.reply() (message_reference)", async () => {
    const received: Message[] = [];
    const { fake } = await startBot((client) => {
      client.on(Events.MessageCreate, (message) => {
        if (message.author.bot) return;
        received.push(message);
        if (message.mentions.users.has(client.user?.id ?? "")) {
          message.reply("pong").catch(() => {});
        }
      });
    });

    const sent = fake.sendMessage({ content: `<@${fake.botUser.id}> ping` });
    expect(sent.delivered).toBe(true);
    const reply = await fake.waitForChannelMessage(
      fake.defaultChannelId,
      (r) => r.message.content === "pong",
    );
    expect(reply.body.message_reference).toMatchObject({ message_id: sent.message.id });
    expect(reply.message.message_reference).toMatchObject({
      type: MessageReferenceType.Default,
      message_id: sent.message.id,
    });
    expect(received[0]?.content).toBe(`<@${fake.botUser.id}> ping`);

    // Without the MessageContent intent Discord blanks content of messages not mentioning the bot.
    const plain = fake.sendMessage({ content: "just chatting" });
    await expect.poll(() => received.length).toBe(2);
    expect(received[1]?.id).toBe(plain.message.id);
    expect(received[1]?.content).toBe("");
  });

  it("sends ephemeral follow-ups (flags 64)", async () => {
    const { fake } = await startBot((client) => {
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply("public answer");
        await interaction.followUp({ content: "only you can see this", ephemeral: true });
      });
    });
    const handle = fake.sendSlashCommand({ name: "ask" });
    const [followUp] = await handle.followUps(1);
    expect(followUp?.body.flags).toBe(MessageFlags.Ephemeral);
    expect(followUp?.ephemeral).toBe(true);
    expect(followUp?.message.content).toBe("only you can see this");
    expect(handle.finalMessage()).toMatchObject({ content: "public answer", ephemeral: false });
    expect(
      fake.requests.some(
        (r) =>
          r.method === "POST" && r.route.startsWith("/webhooks/") && r.query["wait"] === "true",
      ),
    ).toBe(true);
  });

  it("accepts multipart replies with files (payload_json + files[n])", async () => {
    const { fake } = await startBot((client) => {
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply({
          content: "see attached",
          files: [{ attachment: Buffer.from("hello file"), name: "quote.txt" }],
        });
      });
    });
    const handle = fake.sendSlashCommand({ name: "export" });
    const callback = await handle.callback();
    expect(callback.data?.content).toBe("see attached");
    expect(callback.files.map((f) => [f.field, f.name, f.data.toString()])).toEqual([
      ["files[0]", "quote.txt", "hello file"],
    ]);
    expect(handle.finalMessage().attachments[0]?.filename).toBe("quote.txt");
  });

  it("rejects what Discord rejects (2001-character content, double acknowledgement)", async () => {
    let tracker = { errors: [] as unknown[] };
    const { fake } = await startBot((client) => {
      tracker = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply("x".repeat(2001));
      });
    });
    const handle = fake.sendSlashCommand({ name: "long" });
    await fake.waitForRequest({ method: "POST", path: "/interactions/:id/:token/callback" });
    await expect.poll(() => tracker.errors.length).toBe(1);
    const error = tracker.errors[0];
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error instanceof DiscordAPIError ? error.code : undefined).toBe(50035);
    expect(handle.responded).toBe(false);
  });

  it("can fail a route once with 500 or 429; discord.js retries", async () => {
    const { fake } = await startBot((client) => {
      onInteraction(client, async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.reply("after retry");
      });
    });
    fake.failNext({ method: "POST", path: "/interactions/:id/:token/callback", status: 500 });
    const first = fake.sendSlashCommand({ name: "flaky" });
    expect((await first.callback()).data?.content).toBe("after retry");

    fake.failNext({
      path: "/interactions/:id/:token/callback",
      status: 429,
      retryAfterSeconds: 0.01,
    });
    const second = fake.sendSlashCommand({ name: "flaky" });
    expect((await second.callback()).data?.content).toBe("after retry");

    const statuses = fake.requests
      .filter((r) => r.route.endsWith("/callback"))
      .map((r) => r.status);
    expect(statuses).toEqual([500, 204, 429, 204]);
  });

  it("can drop a connection: plain discord.js sends again after a reset, not after a close", async () => {
    let tracker = { errors: [] as unknown[] };
    const { fake } = await startBot((client) => {
      tracker = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply();
        await interaction.editReply("answer");
      });
    });
    const edit = { method: "PATCH", path: "/webhooks/:app/:token/messages/@original" };
    fake.failNext({ ...edit, drop: "reset" });
    const reset = fake.sendSlashCommand({ name: "reset" });
    expect((await reset.edited()).message.content).toBe("answer");

    fake.failNext({ ...edit, drop: "close", applied: true });
    const closed = fake.sendSlashCommand({ name: "closed" });
    expect((await closed.edited()).message.content).toBe("answer");
    await expect.poll(() => tracker.errors.length).toBe(1);
    expect(tracker.errors[0]).toMatchObject({ code: "UND_ERR_SOCKET" });
    expect(fake.requests.filter((r) => r.method === "PATCH").map((r) => r.status)).toEqual([
      0, 200, 0,
    ]);
  });

  it("records command registration and uses the registered ids; unknown routes get 404", async () => {
    const ids: string[] = [];
    const { fake, client } = await startBot((c) => {
      onInteraction(c, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        ids.push(interaction.commandId);
        await interaction.reply("ok");
      });
    });
    await client.application?.commands.set([
      {
        name: "ask",
        description: "Ask",
        options: [{ type: ApplicationCommandOptionType.String, name: "q", description: "q" }],
      },
    ]);
    const registered = fake.commands();
    expect(registered.map((c) => c.name)).toEqual(["ask"]);
    await fake.sendSlashCommand({ name: "ask", options: { q: "x" } }).callback();
    expect(ids).toEqual([registered[0]?.id]);

    await expect(client.rest.get("/not-a-route")).rejects.toMatchObject({ status: 404, code: 0 });
    expect(fake.unhandledRequests.map((r) => r.path)).toEqual(["/api/v10/not-a-route"]);
  });

  it("resumes after the gateway drops the connection", async () => {
    const { fake } = await startBot((client) => {
      onInteraction(client, async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.reply("still here");
      });
    });
    fake.disconnectClients();
    await expect
      .poll(() => fake.gatewayFrames.some((f) => f.op === GatewayOpcodes.Resume), {
        timeout: 1_500,
      })
      .toBe(true);
    await expect
      .poll(() => {
        try {
          fake.sendSlashCommand({ name: "ping" });
          return true;
        } catch {
          return false;
        }
      })
      .toBe(true);
    await fake.waitForRequest((r) => r.route.endsWith("/callback") && r.status === 204);
  });

  it("recommends and requires shards, and routes each guild's events to the shard that owns it", async () => {
    const shard0Guild = "1200000000004194305"; // (id >> 22) % 2 === 0; the default guild is shard 1's
    const fake = await FakeDiscord.start({ shards: 2, guilds: [{}, { id: shard0Guild }] });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: fake.apiBase },
      shards: [0, 1],
      shardCount: 2,
    });
    cleanups.push(async () => {
      await client.destroy();
      await fake.close();
    });
    // Which shard's connection each interaction arrived on.
    const received: Array<[string, number]> = [];
    client.on(Events.Raw, (packet: { t?: string; d?: { guild_id?: string } }, shardId: number) => {
      if (packet.t === "INTERACTION_CREATE") received.push([packet.d?.guild_id ?? "", shardId]);
    });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    expect(fake.identifiedSessions.map((s) => s.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(client.guilds.cache.get(shard0Guild)?.shardId).toBe(0);
    expect(client.guilds.cache.get(fake.defaultGuildId)?.shardId).toBe(1);
    fake.sendSlashCommand({ name: "ping", guildId: shard0Guild });
    fake.sendSlashCommand({ name: "ping" });
    await expect.poll(() => received.length).toBe(2);
    expect(received.sort((a, b) => a[1] - b[1])).toEqual([
      [shard0Guild, 0],
      [fake.defaultGuildId, 1],
    ]);
  });

  it("closes cleanly: client.destroy() then fake.close() resolve promptly", async () => {
    const fake = await FakeDiscord.start();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    const started = Date.now();
    await client.destroy();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(() => fake.sendSlashCommand({ name: "x" })).toThrow(/closed/);
  });
});
