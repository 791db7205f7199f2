/** A shard process, started by the shard manager (shards.ts) through discord.js's ShardingManager. */
import { loadConfig } from "../config.js";
import { runBot } from "./run-bot.js";

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.shardProcess || !config.discordToken)
    throw new Error(
      "src/bot/shard.ts is started by the shard manager (npm start with DISCORD_SHARDS); run npm start instead.",
    );
  await runBot({ config, token: config.discordToken, shard: config.shardProcess });
}

main().catch((error: unknown) => {
  process.stderr.write(`verbatim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
