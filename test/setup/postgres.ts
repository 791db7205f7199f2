/** For tests of the shared database: a fresh PostgreSQL database per test file, or a loud skip. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, inject } from "vitest";

const provided = inject("postgres");

/** The test cluster's admin URL, or null when PostgreSQL is not installed. */
export const POSTGRES_URL = "url" in provided ? provided.url : null;

/**
 * A describe block that runs only with the test cluster; without it, it is reported as skipped
 * with the reason in its name (and the run's banner lists the file).
 */
export function describeWithPostgres(name: string, body: () => void): void {
  if (POSTGRES_URL) describe(`${name} (with PostgreSQL)`, body);
  else describe.skip(`${name} (SKIPPED: ${"skipped" in provided ? provided.skipped : ""})`, body);
}

/** Creates an empty database in the test cluster and returns its URL. */
export async function createTestDatabase(prefix = "verbatim"): Promise<string> {
  if (!POSTGRES_URL) throw new Error("No PostgreSQL test cluster in this run.");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
