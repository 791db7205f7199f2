/**
 * The bot's database: answers shown (so buttons keep working after a restart), feedback,
 * per-server settings and their history. SQLite in DATA_DIR by default (better-sqlite3), or
 * PostgreSQL shared by several bot processes and machines (DATABASE_URL). One query layer for
 * both (Kysely), one list of migrations, one schema version that a newer database is refused by.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { type Generated, Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { redactUrl } from "../config.js";
import { type DatabaseKind, MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";

export { SCHEMA_VERSION, type DatabaseKind } from "./migrations.js";

export interface Tables {
  answers: {
    id: Generated<number>;
    question: string;
    options_json: string;
    guild_id: string | null;
    channel_id: string | null;
    user_id: string;
    created_at: string;
  };
  answer_pages: {
    answer_id: number;
    offset: number;
    passages_json: string;
    results: number;
    /** Passages that answer (not related ones); null on pages recorded before schema 3. */
    answers: number | null;
    /** How the question was read and searched: mode, period, filters (JSON); null before schema 3. */
    reading_json: string | null;
    took_ms: number;
    created_at: string;
  };
  feedback: { answer_id: number; user_id: string; vote: number; created_at: string };
  guild_settings: { guild_id: string; key: string; value_json: string };
  settings_history: {
    id: Generated<number>;
    guild_id: string;
    user_id: string;
    key: string;
    old_json: string | null;
    new_json: string | null;
    created_at: string;
  };
}

export interface Db {
  readonly kind: DatabaseKind;
  /** The SQLite file, or the PostgreSQL URL without its password: for messages and logs. */
  readonly where: string;
  readonly query: Kysely<Tables>;
  /** Resolves when the database answers a trivial query (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class DatabaseVersionError extends Error {
  override name = "DatabaseVersionError";
}

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

export interface DatabaseLocation {
  /** SQLite's folder (`verbatim.sqlite` inside), or `:memory:` for tests. */
  dataDir: string;
  /** A postgres:// URL; when set, the database is there instead of in dataDir. */
  url?: string | null;
  /** Told about errors of idle PostgreSQL connections (a restarted server), which are otherwise fatal. */
  onIdleError?: (error: Error) => void;
  /** Shown as application_name in pg_stat_activity (who holds a lock, who is connected). */
  applicationName?: string;
}

export const SQLITE_FILE = "verbatim.sqlite";

/** Opens (creating if needed) and migrates the database. */
export async function openDatabase(location: DatabaseLocation): Promise<Db> {
  const db = location.url ? openPostgres(location, location.url) : openSqlite(location.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    if (error instanceof DatabaseVersionError) throw error;
    throw new DatabaseUnavailableError(
      `Could not open the database ${db.where}: ${(error as Error).message}.${db.kind === "postgres" ? " Check DATABASE_URL and that the server is running." : ""}`,
      { cause: error },
    );
  }
  return db;
}

function openSqlite(dataDir: string): Db {
  let file = ":memory:";
  if (dataDir !== ":memory:") {
    mkdirSync(dataDir, { recursive: true });
    file = path.join(dataDir, SQLITE_FILE);
  }
  const database = new Sqlite(file);
  database.pragma("journal_mode = WAL");
  // In WAL mode NORMAL survives a crash of the bot (only a power cut can lose the last answers
  // recorded); FULL made every answer wait for a disk flush on the event loop (1.2 against 0.4 ms,
  // several ms on a busy disk: docs/benchmarks.md, "Bursts of questions").
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  const query = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
  return {
    kind: "sqlite",
    where: file,
    query,
    async ping() {
      await sql`select 1`.execute(query);
    },
    close: () => query.destroy(),
  };
}

function openPostgres(location: DatabaseLocation, url: string): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: 5,
    connectionTimeoutMillis: 5_000,
    application_name: location.applicationName ?? "verbatim",
  });
  pool.on("error", (error) => location.onIdleError?.(error));
  const query = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: "postgres",
    where: redactUrl(url),
    query,
    async ping() {
      await sql`select 1`.execute(query);
    },
    close: () => query.destroy(),
  };
}

/** Key of the transaction-scoped advisory lock that keeps two processes from migrating at once. */
const MIGRATION_LOCK = 0x7665_7262; // "verb"

async function migrate(db: Db): Promise<void> {
  if (db.kind === "postgres") {
    // One transaction, under a lock: two bots starting together migrate once, all or nothing.
    await db.query.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      await sql`create table if not exists verbatim_schema (version integer not null)`.execute(trx);
      const row = await sql<{
        version: number;
      }>`select version from verbatim_schema`.execute(trx);
      const version = row.rows[0]?.version ?? 0;
      refuseNewer(db, version);
      for (let v = version; v < SCHEMA_VERSION; v++) await MIGRATIONS[v]!(trx, db.kind);
      if (row.rows.length === 0)
        await sql`insert into verbatim_schema (version) values (${SCHEMA_VERSION})`.execute(trx);
      else await sql`update verbatim_schema set version = ${SCHEMA_VERSION}`.execute(trx);
    });
    return;
  }
  // SQLite keeps the version in the file header (user_version), as every release has.
  const row = await sql<{ user_version: number }>`pragma user_version`.execute(db.query);
  const version = row.rows[0]?.user_version ?? 0;
  refuseNewer(db, version);
  for (let v = version; v < SCHEMA_VERSION; v++) {
    await db.query.transaction().execute(async (trx) => {
      await MIGRATIONS[v]!(trx, db.kind);
      await sql.raw(`pragma user_version = ${v + 1}`).execute(trx);
    });
  }
}

function refuseNewer(db: Db, version: number): void {
  if (version <= SCHEMA_VERSION) return;
  const elsewhere =
    db.kind === "postgres"
      ? "or point DATABASE_URL at another database"
      : "or move the file away to start afresh";
  throw new DatabaseVersionError(
    `The database ${db.where} has schema version ${version}, newer than this Verbatim's ${SCHEMA_VERSION}: upgrade Verbatim, ${elsewhere}.`,
  );
}
