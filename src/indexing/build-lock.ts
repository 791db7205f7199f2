/**
 * One index build at a time for every machine sharing the database. With DATABASE_URL set, a
 * PostgreSQL session advisory lock is held for the whole build on one connection of its own: it
 * is released when the build ends, and by the server when the builder dies (no stale lock). The
 * index folder's own file lock (store.ts) still keeps two builders on one folder apart.
 */
import os from "node:os";
import pg from "pg";
import { redactUrl } from "../config.js";
import { IndexError } from "../retrieval/index.js";

/** The lock's key, the same for every Verbatim process on the database. */
export const INDEX_BUILD_LOCK = 0x7665_7269; // "veri"
const APP_PREFIX = "verbatim index build by ";

export async function withSharedBuildLock<T>(
  databaseUrl: string | null,
  target: { indexDir: string; by: string },
  build: () => Promise<T>,
): Promise<T> {
  if (!databaseUrl) return build();
  const holder = `${target.by} (pid ${process.pid} on ${os.hostname()})`;
  // A dedicated connection: a session lock belongs to the connection that took it.
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: `${APP_PREFIX}${holder}`.slice(0, 63),
    connectionTimeoutMillis: 5_000,
  });
  client.on("error", () => undefined); // A lost connection shows in the build's own result.
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `Could not reach the database ${redactUrl(databaseUrl)} to take the shared index lock: ${(error as Error).message}. Check DATABASE_URL.`,
      { cause: error },
    );
  }
  try {
    const taken = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1) as ok", [
      INDEX_BUILD_LOCK,
    ]);
    if (!taken.rows[0]?.ok) {
      const who = await client.query<{ name: string }>(
        `select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
         where l.locktype = 'advisory' and l.granted and l.objid = $1 limit 1`,
        [INDEX_BUILD_LOCK],
      );
      const name = who.rows[0]?.name ?? "";
      const by = name.startsWith(APP_PREFIX) ? name.slice(APP_PREFIX.length) : "another machine";
      throw new IndexError(
        `The index is being rebuilt by ${by}, which shares this database. Wait for it to finish and try again.`,
        target.indexDir,
        "locked",
      );
    }
    return await build();
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => undefined);
  }
}
