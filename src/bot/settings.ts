/** Per-server settings: validated by zod, stored in the database, every change recorded with who and when. */
import type { Transaction } from "kysely";
import { z } from "zod";
import { DEFAULT_MIN_RELEVANCE } from "../retrieval/index.js";
import type { Db, Tables } from "./db.js";

const snowflake = z.string().regex(/^\d{15,22}$/, "must be a Discord id");

export const SettingsSchema = z.object({
  /** Channel ids where the bot answers; empty means everywhere. */
  channels: z.array(snowflake).max(50),
  /** Whether answers are visible to everyone in the channel or only to the asker. */
  visibility: z.enum(["public", "private"]),
  /** Passages per answer. */
  results: z.number().int().min(1).max(10),
  /** Minimum relevance (0 to 1) for a passage to be shown. */
  minRelevance: z.number().min(0).max(1),
  /** Seconds a member waits between questions; 0 turns it off. */
  cooldownSeconds: z.number().int().min(0).max(3600),
  /** Questions the whole server may ask per minute. */
  questionsPerMinute: z.number().int().min(1).max(1000),
  /** Role ids allowed to /reindex (besides Manage Server). */
  reindexRoles: z.array(snowflake).max(50),
  /** Commands switched off in this server. */
  disabledCommands: z
    .array(z.enum(["ask", "trend", "statement", "sources", "help", "mention"]))
    .max(10),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(SettingsSchema.shape) as SettingKey[];

export const DEFAULT_SETTINGS: Settings = {
  channels: [],
  visibility: "public",
  results: 3,
  minRelevance: DEFAULT_MIN_RELEVANCE,
  cooldownSeconds: 5,
  questionsPerMinute: 30,
  reindexRoles: [],
  disabledCommands: [],
};

/** What each setting accepts, in words, for error messages and /config show. */
export const SETTING_HELP: Record<SettingKey, string> = {
  channels: "channels where the bot answers (none = everywhere)",
  visibility: '"public" (everyone sees answers) or "private" (only the asker)',
  results: "passages per answer, a whole number from 1 to 10",
  minRelevance: `minimum relevance for a passage to count as an answer, from 0 to 1 (default ${DEFAULT_MIN_RELEVANCE})`,
  cooldownSeconds: "seconds a member waits between questions, 0 to 3600 (0 = off)",
  questionsPerMinute: "questions the whole server may ask per minute, 1 to 1000",
  reindexRoles: "roles allowed to run /reindex (Manage Server always may)",
  disabledCommands: "commands switched off here: ask, trend, statement, sources, help, mention",
};

export class SettingError extends Error {
  override name = "SettingError";
}

export interface HistoryEntry {
  userId: string;
  key: string;
  old: unknown;
  new: unknown;
  at: string;
}

/**
 * Settings are read from the database at every use (one indexed query): with PostgreSQL several
 * bot processes share them, and a change made through one must hold at once in the others.
 */
export class SettingsStore {
  constructor(
    private readonly db: Db,
    /** What a server gets until a moderator changes it. */
    readonly defaults: Settings = DEFAULT_SETTINGS,
  ) {}

  async get(guildId: string | null): Promise<Settings> {
    if (!guildId) return this.defaults;
    const rows = await this.db.query
      .selectFrom("guild_settings")
      .select(["key", "value_json"])
      .where("guild_id", "=", guildId)
      .execute();
    const merged: Record<string, unknown> = { ...this.defaults };
    for (const row of rows) {
      const key = row.key as SettingKey;
      const parsed = SettingsSchema.shape[key]?.safeParse(JSON.parse(row.value_json));
      // A value stored by an older version that no longer validates falls back to the default.
      if (parsed?.success) merged[key] = parsed.data;
    }
    return merged as Settings;
  }

  /** Validates and stores one setting; returns the new settings. Throws SettingError saying what is allowed. */
  async set<K extends SettingKey>(
    guildId: string,
    userId: string,
    key: K,
    value: unknown,
  ): Promise<Settings> {
    const schema = SettingsSchema.shape[key];
    if (!schema)
      throw new SettingError(
        `Unknown setting "${String(key)}". Settings: ${SETTING_KEYS.join(", ")}.`,
      );
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new SettingError(
        `${String(key)} must be ${SETTING_HELP[key]}; got ${JSON.stringify(value)}.`,
      );
    }
    const old = (await this.get(guildId))[key];
    await this.db.query.transaction().execute(async (trx) => {
      await trx
        .insertInto("guild_settings")
        .values({ guild_id: guildId, key, value_json: JSON.stringify(parsed.data) })
        .onConflict((oc) =>
          oc
            .columns(["guild_id", "key"])
            .doUpdateSet((eb) => ({ value_json: eb.ref("excluded.value_json") })),
        )
        .execute();
      await recordHistory(trx, guildId, userId, key, old, parsed.data);
    });
    return this.get(guildId);
  }

  /** Back to the default: one setting, or all of them. */
  async reset(guildId: string, userId: string, key: SettingKey | "all"): Promise<Settings> {
    const current = await this.get(guildId);
    const keys = key === "all" ? SETTING_KEYS : [key];
    await this.db.query.transaction().execute(async (trx) => {
      for (const k of keys) {
        const changed = JSON.stringify(current[k]) !== JSON.stringify(this.defaults[k]);
        await trx
          .deleteFrom("guild_settings")
          .where("guild_id", "=", guildId)
          .where("key", "=", k)
          .execute();
        if (changed) await recordHistory(trx, guildId, userId, k, current[k], this.defaults[k]);
      }
    });
    return this.get(guildId);
  }

  async history(guildId: string, limit = 20): Promise<HistoryEntry[]> {
    const rows = await this.db.query
      .selectFrom("settings_history")
      .select(["user_id", "key", "old_json", "new_json", "created_at"])
      .where("guild_id", "=", guildId)
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      key: r.key,
      old: r.old_json === null ? null : JSON.parse(r.old_json),
      new: r.new_json === null ? null : JSON.parse(r.new_json),
      at: r.created_at,
    }));
  }
}

async function recordHistory(
  trx: Transaction<Tables>,
  guildId: string,
  userId: string,
  key: string,
  old: unknown,
  value: unknown,
): Promise<void> {
  await trx
    .insertInto("settings_history")
    .values({
      guild_id: guildId,
      user_id: userId,
      key,
      old_json: JSON.stringify(old),
      new_json: JSON.stringify(value),
      created_at: new Date().toISOString(),
    })
    .execute();
}
