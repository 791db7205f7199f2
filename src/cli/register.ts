/** npm run register -- [--guild ID]: sends the slash command definitions to Discord. */
import { Command as Program } from "commander";
import { REST, Routes } from "discord.js";
import { requireDiscord } from "../config.js";
import { loadCommands } from "../bot/loader.js";
import { config, runCommand } from "./common.js";
import { plural } from "../plural.js";

runCommand(async () => {
  const cfg = config();
  const program = new Program("register")
    .description(
      "Register Verbatim's slash commands globally (can take up to an hour to appear) or in one server (instant).",
    )
    .option("--guild <id>", "register in this server only")
    .parse();
  const { guild } = program.opts<{ guild?: string }>();
  if (guild !== undefined && !/^\d{15,22}$/.test(guild))
    throw new Error(`--guild must be a server id (a number), got "${guild}".`);
  const { token, applicationId } = requireDiscord(cfg);
  const body = (await loadCommands()).map((command) => command.data.toJSON());
  const rest = new REST({ api: cfg.discordApiBase }).setToken(token);
  const route = guild
    ? Routes.applicationGuildCommands(applicationId, guild)
    : Routes.applicationCommands(applicationId);
  const saved = (await rest.put(route, { body })) as Array<{ name: string }>;
  process.stdout.write(
    `Registered ${plural(saved.length, "command")} (${saved.map((c) => `/${c.name}`).join(", ")}) ${guild ? `in server ${guild}` : "globally"}.\n`,
  );
});
