/**
 * npm start: the Discord bot. One process by default; with DISCORD_SHARDS above 1 (or auto), a
 * shard manager that runs one bot process per shard (shards.ts).
 */
import { ConfigError, loadConfig, requireDiscord } from "../config.js";
import { runBot } from "./run-bot.js";
import { runShards } from "./shards.js";

async function main(): Promise<void> {
  let config;
  let discord;
  try {
    config = loadConfig();
    discord = requireDiscord(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`verbatim: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.shards === 1 && !config.shardList)
    await runBot({ config, token: discord.token, shard: null });
  else await runShards({ config, token: discord.token });
}

main().catch((error: unknown) => {
  // A damaged index, an unreadable database...: one plain line that says what to do, then stop.
  process.stderr.write(`verbatim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
