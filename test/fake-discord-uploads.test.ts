/**
 * FakeDiscord's uploads, driven by the REAL discord.js client: multipart bodies (payload_json +
 * files[n]), `attachment://` in embeds, Discord's size limit and v10 edit semantics.
 */
import { once } from "node:events";
import { Client, DiscordAPIError, Events, GatewayIntentBits, type Interaction } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../scripts/testing/fake-discord/index.js";
import { ATTACHMENT_SIZE_LIMIT, pngSize } from "../scripts/testing/fake-discord/uploads.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A PNG header (signature and IHDR) saying width × height: all the fake reads of an image. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write("IHDR", 4, "ascii");
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), ihdr]);
}

async function startBot(handler: (interaction: Interaction) => Promise<void>) {
  const fake = await FakeDiscord.start();
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
  cleanups.push(async () => {
    await client.destroy();
    await fake.close();
  });
  const errors: unknown[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => errors.push(error));
  });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return { fake, errors };
}

describe("FakeDiscord uploads", () => {
  it("takes a deferred reply edited with a file, and resolves attachment:// in the embed", async () => {
    const { fake } = await startBot(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.editReply({
        embeds: [{ title: "Chart", image: { url: "attachment://chart.png" } }],
        files: [{ attachment: pngHeader(1100, 620), name: "chart.png" }],
      });
    });
    const handle = fake.sendSlashCommand({ name: "trend" });
    const edit = await handle.edited();
    expect(edit.files.map((f) => [f.field, f.name, f.contentType])).toEqual([
      ["files[0]", "chart.png", expect.any(String)],
    ]);
    expect(pngSize(Buffer.from(edit.files[0]!.data))).toEqual({ width: 1100, height: 620 });
    const view = handle.finalMessage();
    const [attachment] = view.attachments;
    expect(attachment).toMatchObject({ filename: "chart.png", width: 1100, height: 620 });
    expect(view.embeds[0]?.image).toEqual({
      url: attachment!.url,
      proxy_url: attachment!.proxy_url,
      width: 1100,
      height: 620,
    });
    expect(view.loading).toBe(false);
  });

  it("rejects an embed that shows a file the message does not have (50035)", async () => {
    const { fake, errors } = await startBot(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({
        embeds: [{ image: { url: "attachment://missing.png" } }],
        files: [{ attachment: pngHeader(10, 10), name: "chart.png" }],
      });
    });
    const handle = fake.sendSlashCommand({ name: "trend" });
    await expect.poll(() => errors.length).toBe(1);
    const error = errors[0] as DiscordAPIError;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error.code).toBe(50035);
    expect(JSON.stringify(error.rawError)).toContain("URL_TYPE_INVALID_SCHEME");
    expect(handle.responded).toBe(false);
  });

  it("rejects a file over the upload limit (413, code 40005)", async () => {
    const { fake, errors } = await startBot(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({
        files: [{ attachment: Buffer.alloc(ATTACHMENT_SIZE_LIMIT + 1), name: "big.bin" }],
      });
    });
    fake.sendSlashCommand({ name: "upload" });
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBe(1);
    expect((errors[0] as DiscordAPIError).code).toBe(40005);
    expect((errors[0] as DiscordAPIError).status).toBe(413);
  });

  it("keeps on edit only the attachments the edit lists (API v10)", async () => {
    const { fake } = await startBot(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({ files: [{ attachment: pngHeader(1, 1), name: "first.png" }] });
      await interaction.editReply({
        files: [{ attachment: pngHeader(2, 2), name: "second.png" }],
        attachments: [],
      });
    });
    const handle = fake.sendSlashCommand({ name: "swap" });
    await handle.edited();
    expect(handle.finalMessage().attachments.map((a) => a.filename)).toEqual(["second.png"]);
  });
});
