/**
 * The bot's SQLite database (better-sqlite3) in DATA_DIR: answers shown (so buttons keep working
 * after a restart), feedback, per-server settings and their history. Versioned by migrations.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;

/** Each entry moves the schema one version up; never edit a released entry, append a new one. */
const MIGRATIONS: string[] = [
  `CREATE TABLE answers (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     question TEXT NOT NULL,
     options_json TEXT NOT NULL,
     guild_id TEXT,
     channel_id TEXT,
     user_id TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE answer_pages (
     answer_id INTEGER NOT NULL REFERENCES answers(id),
     offset INTEGER NOT NULL,
     passages_json TEXT NOT NULL,
     results INTEGER NOT NULL,
     took_ms REAL NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (answer_id, offset)
   );
   CREATE TABLE feedback (
     answer_id INTEGER NOT NULL REFERENCES answers(id),
     user_id TEXT NOT NULL,
     vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
     created_at TEXT NOT NULL,
     PRIMARY KEY (answer_id, user_id)
   );`,
  `CREATE TABLE guild_settings (
     guild_id TEXT NOT NULL,
     key TEXT NOT NULL,
     value_json TEXT NOT NULL,
     PRIMARY KEY (guild_id, key)
   );
   CREATE TABLE settings_history (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     guild_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     key TEXT NOT NULL,
     old_json TEXT,
     new_json TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX answers_guild_time ON answers (guild_id, created_at);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class DatabaseVersionError extends Error {
  override name = "DatabaseVersionError";
}

/** Opens (creating if needed) and migrates the database. `:memory:` works for tests. */
export function openDatabase(dataDir: string | ":memory:"): Db {
  let file = ":memory:";
  if (dataDir !== ":memory:") {
    mkdirSync(dataDir, { recursive: true });
    file = path.join(dataDir, "verbatim.sqlite");
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db, file);
  return db;
}

function migrate(db: Db, file: string): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new DatabaseVersionError(
      `The database ${file} has schema version ${version}, newer than this Verbatim's ${SCHEMA_VERSION}: upgrade Verbatim, or move the file away to start afresh.`,
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
