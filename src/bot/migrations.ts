/**
 * The bot database's schema, one migration per version, written once with Kysely's schema builder
 * for both SQLite and PostgreSQL. Never edit a released entry; append a new one.
 *
 * Versions 1 and 2 were first released as raw SQLite statements; these builders create the same
 * tables, so a database made by either migrates on from its recorded version.
 */
import { type Kysely, sql } from "kysely";

export type DatabaseKind = "sqlite" | "postgres";

// Migrations run against whatever schema the database had: they cannot use today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export type Migration = (db: AnyDb, kind: DatabaseKind) => Promise<void>;

/** An auto-numbered integer primary key in either dialect. */
function withId(kind: DatabaseKind, table: ReturnType<AnyDb["schema"]["createTable"]>) {
  return kind === "postgres"
    ? table.addColumn("id", "serial", (c) => c.primaryKey())
    : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
}

export const MIGRATIONS: Migration[] = [
  // 1: answers shown (so buttons work after a restart), the pages of passages, feedback.
  async (db, kind) => {
    await withId(kind, db.schema.createTable("answers"))
      .addColumn("question", "text", (c) => c.notNull())
      .addColumn("options_json", "text", (c) => c.notNull())
      .addColumn("guild_id", "text")
      .addColumn("channel_id", "text")
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("answer_pages")
      .addColumn("answer_id", "integer", (c) => c.notNull().references("answers.id"))
      .addColumn("offset", "integer", (c) => c.notNull())
      .addColumn("passages_json", "text", (c) => c.notNull())
      .addColumn("results", "integer", (c) => c.notNull())
      .addColumn("took_ms", kind === "postgres" ? "double precision" : "real", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("answer_pages_pk", ["answer_id", "offset"])
      .execute();
    await db.schema
      .createTable("feedback")
      .addColumn("answer_id", "integer", (c) => c.notNull().references("answers.id"))
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("vote", "integer", (c) => c.notNull().check(sql`vote in (-1, 1)`))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("feedback_pk", ["answer_id", "user_id"])
      .execute();
  },
  // 2: per-server settings and their history; answers by server and time (for /stats).
  async (db, kind) => {
    await db.schema
      .createTable("guild_settings")
      .addColumn("guild_id", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("value_json", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("guild_settings_pk", ["guild_id", "key"])
      .execute();
    await withId(kind, db.schema.createTable("settings_history"))
      .addColumn("guild_id", "text", (c) => c.notNull())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("old_json", "text")
      .addColumn("new_json", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("answers_guild_time")
      .on("answers")
      .columns(["guild_id", "created_at"])
      .execute();
  },
  // 3: per page, how many passages answer (for /stats: related passages are not an answer), and
  // how the question was read and searched (for "Details").
  async (db) => {
    await db.schema.alterTable("answer_pages").addColumn("answers", "integer").execute();
    await db.schema.alterTable("answer_pages").addColumn("reading_json", "text").execute();
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
