import path from "node:path";
import dotenv from "dotenv";
import { z } from "zod";

/**
 * The one place that reads the environment. Everything else receives a `Config`.
 * Discord variables are optional here; `requireDiscord` checks them for the bot.
 */
const EnvSchema = z.object({
  DISCORD_TOKEN: z.string().trim().min(1).optional(),
  DISCORD_APPLICATION_ID: z.string().trim().min(1).optional(),
  DISCORD_API_BASE: z
    .url({ message: "must be a URL such as https://discord.com/api" })
    .default("https://discord.com/api"),
  DATA_DIR: z.string().trim().min(1).default("data"),
  CORPUS_DIR: z.string().trim().min(1).default("corpus"),
  INDEX_DIR: z.string().trim().min(1).optional(),
  EMBEDDING_MODEL: z.string().trim().min(1).default("Xenova/all-MiniLM-L6-v2"),
  MODEL_CACHE_DIR: z.string().trim().min(1).default(".cache/models"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  KEYWORD_THREAD: z
    .string()
    .trim()
    .pipe(
      z.stringbool({
        truthy: ["on", "1", "true"],
        falsy: ["off", "0", "false"],
        error: "must be on or off",
      }),
    )
    .default(false),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, {
      message:
        "must be a PostgreSQL URL such as postgres://verbatim:secret@db.example:5432/verbatim",
    })
    .optional(),
  DISCORD_SHARDS: z
    .string()
    .trim()
    .regex(/^(auto|[1-9]\d{0,3})$/i, { message: 'must be "auto" or a number of shards from 1' })
    .optional(),
  DISCORD_SHARD_LIST: z
    .string()
    .trim()
    .regex(/^\d+(-\d+)?(\s*,\s*\d+(-\d+)?)*$/, {
      message: 'must list shard ids, such as "0,1" or "0-3"',
    })
    .optional(),
  METRICS_PORT: z.coerce
    .number({ message: "must be a port number from 1 to 65535" })
    .int({ message: "must be a port number from 1 to 65535" })
    .min(1, { message: "must be a port number from 1 to 65535" })
    .max(65535, { message: "must be a port number from 1 to 65535" })
    .optional(),
  METRICS_HOST: z.string().trim().min(1).default("127.0.0.1"),
  // Set by discord.js's ShardingManager for the shard processes it starts (never by people).
  SHARDING_MANAGER: z.string().optional(),
  SHARDS: z.string().optional(),
  SHARD_COUNT: z.string().optional(),
});

export interface Config {
  discordToken: string | null;
  discordApplicationId: string | null;
  discordApiBase: string;
  dataDir: string;
  corpusDir: string;
  indexDir: string;
  /** Hub id, local folder path, or null for keyword search only (`EMBEDDING_MODEL=none`). */
  embeddingModel: string | null;
  modelCacheDir: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  /** Run the bot's keyword searches in a worker thread (for machines with cores to spare). */
  keywordThread: boolean;
  /** PostgreSQL shared by several bot processes; null keeps the database in DATA_DIR (SQLite). */
  databaseUrl: string | null;
  /** Shards in all: 1 (one process, the default), a number, or Discord's recommendation. */
  shards: number | "auto";
  /** The shards this machine runs (DISCORD_SHARD_LIST), when machines share them out; null: all. */
  shardList: number[] | null;
  /** Where /healthz and /metrics listen; null (no METRICS_PORT) turns the listener off. */
  metrics: { host: string; port: number } | null;
  /** Set in a shard process started by the shard manager: which shard of how many. */
  shardProcess: { id: number; count: number } | null;
  /** SHARDS set by hand (outside a shard manager): discord.js would misread it. */
  strayShardsVariable: string | null;
}

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    message: string,
    readonly variables: string[],
  ) {
    super(message);
  }
}

const DISCORD_HELP: Record<string, string> = {
  DISCORD_TOKEN:
    "the bot token from https://discord.com/developers/applications → your app → Bot → Reset Token",
  DISCORD_APPLICATION_ID:
    "the Application ID from https://discord.com/developers/applications → your app → General Information",
};

/** Parses the environment (after loading `.env` if present). Throws ConfigError naming every bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { dotenv?: boolean } = {},
): Config {
  if (options.dotenv !== false && env === process.env) dotenv.config({ quiet: true });
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new ConfigError(
      `Invalid configuration (environment or .env): ${problems.join("; ")}. See .env.example.`,
      parsed.error.issues.map((issue) => String(issue.path[0])),
    );
  }
  const e = parsed.data;
  if (e.DISCORD_SHARD_LIST !== undefined) {
    const count = Number(e.DISCORD_SHARDS);
    const ids = parseShardList(e.DISCORD_SHARD_LIST);
    if (!Number.isInteger(count) || ids.some((id) => id >= count))
      throw new ConfigError(
        `Invalid configuration (environment or .env): DISCORD_SHARD_LIST: the shards this machine runs must be below DISCORD_SHARDS, the number of shards in all (a number, the same on every machine); got DISCORD_SHARDS=${e.DISCORD_SHARDS ?? "(unset)"} and DISCORD_SHARD_LIST=${e.DISCORD_SHARD_LIST}. See .env.example.`,
        ["DISCORD_SHARD_LIST"],
      );
  }
  const dataDir = e.DATA_DIR;
  return {
    discordToken: e.DISCORD_TOKEN ?? null,
    discordApplicationId: e.DISCORD_APPLICATION_ID ?? null,
    discordApiBase: e.DISCORD_API_BASE.replace(/\/+$/, ""),
    dataDir,
    corpusDir: e.CORPUS_DIR,
    indexDir: e.INDEX_DIR ?? path.join(dataDir, "index"),
    embeddingModel: e.EMBEDDING_MODEL.toLowerCase() === "none" ? null : e.EMBEDDING_MODEL,
    modelCacheDir: e.MODEL_CACHE_DIR,
    logLevel: e.LOG_LEVEL,
    keywordThread: e.KEYWORD_THREAD,
    databaseUrl: e.DATABASE_URL ?? null,
    shards:
      e.DISCORD_SHARDS === undefined
        ? 1
        : e.DISCORD_SHARDS.toLowerCase() === "auto"
          ? "auto"
          : Number(e.DISCORD_SHARDS),
    metrics: e.METRICS_PORT === undefined ? null : { host: e.METRICS_HOST, port: e.METRICS_PORT },
    shardList: e.DISCORD_SHARD_LIST === undefined ? null : parseShardList(e.DISCORD_SHARD_LIST),
    shardProcess:
      e.SHARDING_MANAGER && e.SHARDS !== undefined && e.SHARD_COUNT !== undefined
        ? { id: Number(e.SHARDS), count: Number(e.SHARD_COUNT) }
        : null,
    strayShardsVariable: !e.SHARDING_MANAGER && e.SHARDS !== undefined ? e.SHARDS : null,
  };
}

/** "0,2-3" → [0, 2, 3]. */
function parseShardList(text: string): number[] {
  const ids = new Set<number>();
  for (const part of text.split(",")) {
    const [from, to = from] = part.trim().split("-").map(Number) as [number, number?];
    for (let id = from; id <= to!; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** A Discord bot token is three base64url parts joined by dots. */
const TOKEN_SHAPE = /^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/;

/** Checks what the bot needs to reach Discord; the message names each variable and where to get it. */
export function requireDiscord(config: Config): { token: string; applicationId: string } {
  const problems: string[] = [];
  const bad: string[] = [];
  if (!config.discordToken) {
    problems.push(`DISCORD_TOKEN is missing: set it to ${DISCORD_HELP.DISCORD_TOKEN}`);
    bad.push("DISCORD_TOKEN");
  } else if (!TOKEN_SHAPE.test(config.discordToken)) {
    problems.push(
      `DISCORD_TOKEN does not look like a bot token (three dot-separated parts): copy ${DISCORD_HELP.DISCORD_TOKEN}`,
    );
    bad.push("DISCORD_TOKEN");
  }
  if (!config.discordApplicationId) {
    problems.push(
      `DISCORD_APPLICATION_ID is missing: set it to ${DISCORD_HELP.DISCORD_APPLICATION_ID}`,
    );
    bad.push("DISCORD_APPLICATION_ID");
  } else if (!/^\d{15,22}$/.test(config.discordApplicationId)) {
    problems.push(
      `DISCORD_APPLICATION_ID must be the numeric Application ID (a snowflake), got "${config.discordApplicationId}"`,
    );
    bad.push("DISCORD_APPLICATION_ID");
  }
  if (config.strayShardsVariable !== null) {
    problems.push(
      `SHARDS="${config.strayShardsVariable}" is discord.js's own variable (it would make the bot identify as that shard of 1): to run several shards set DISCORD_SHARDS to a number or auto, and unset SHARDS`,
    );
    bad.push("SHARDS");
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `${problems.join(". ")}. Put them in .env (see .env.example). To try Verbatim without Discord, run: npm run ask -- "your question"`,
      bad,
    );
  }
  return { token: config.discordToken!, applicationId: config.discordApplicationId! };
}

/** A database URL fit for a log line: the password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unreadable DATABASE_URL)";
  }
}
