/**
 * npm run backup -- DIR [--with-index]: copies what a running bot cannot lose into DIR, while it
 * runs: the database (SQLite's online backup API; pg_dump for PostgreSQL), the served index's
 * manifest (which corpus state and model it was built from) and, with --with-index, the index
 * generation itself. backup.json says what was copied, from where, and how to restore it.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, cp, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import Sqlite from "better-sqlite3";
import { Command } from "commander";
import { SQLITE_FILE } from "../bot/db.js";
import { redactUrl } from "../config.js";
import { currentGeneration } from "../retrieval/index.js";
import { config, runCommand } from "./common.js";

const run = promisify(execFile);

export interface BackupRecord {
  createdAt: string;
  database:
    | { kind: "sqlite"; file: string; from: string; schemaVersion: number }
    | { kind: "postgres"; file: string; from: string };
  index: { generation: string; manifest: string; copied: boolean; from: string } | null;
  corpusDir: string;
}

runCommand(async () => {
  const cfg = config();
  const program = new Command("backup")
    .description(
      "Copy the database and the index manifest (and with --with-index, the index) into DIR, while the bot runs.",
    )
    .argument("<dir>", "folder to write the backup into (created if needed; should be empty)")
    .option(
      "--with-index",
      "also copy the index being served (otherwise rebuild it with npm run index)",
    )
    .showHelpAfterError()
    .parse();
  const [dir] = program.args as [string];
  const { withIndex } = program.opts<{ withIndex?: boolean }>();
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0)
    throw new Error(`The backup folder ${dir} is not empty: choose a new folder for each backup.`);

  const database = cfg.databaseUrl
    ? await dumpPostgres(cfg.databaseUrl, dir)
    : await copySqlite(cfg.dataDir, dir);
  const index = await copyIndex(cfg.indexDir, dir, withIndex === true);
  const record: BackupRecord = {
    createdAt: new Date().toISOString(),
    database,
    index,
    corpusDir: path.resolve(cfg.corpusDir),
  };
  await writeFile(path.join(dir, "backup.json"), `${JSON.stringify(record, null, 2)}\n`);
  const lines = [
    `Backed up into ${dir}:`,
    `  database: ${database.file} (${database.kind}, from ${database.from})`,
    index
      ? `  index: ${index.generation} ${index.copied ? "(copied)" : "(manifest only: rebuild with npm run index)"}`
      : "  index: none yet (npm run index builds it)",
    `  not copied: the corpus (${record.corpusDir}) and the model cache: back them up with your files.`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
});

/** SQLite's online backup: a consistent copy while the bot keeps writing. */
async function copySqlite(dataDir: string, dir: string): Promise<BackupRecord["database"]> {
  const source = path.join(dataDir, SQLITE_FILE);
  if (!existsSync(source))
    throw new Error(`There is no database at ${source}: check DATA_DIR (nothing was backed up).`);
  const db = new Sqlite(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(path.join(dir, SQLITE_FILE));
    const schemaVersion = db.pragma("user_version", { simple: true }) as number;
    return { kind: "sqlite", file: SQLITE_FILE, from: source, schemaVersion };
  } finally {
    db.close();
  }
}

/** pg_dump in its custom format (restore with pg_restore); the password goes by environment. */
async function dumpPostgres(url: string, dir: string): Promise<BackupRecord["database"]> {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  const file = "verbatim.pgdump";
  try {
    await run(
      "pg_dump",
      ["--format=custom", "--no-owner", `--file=${path.join(dir, file)}`, `--dbname=${parsed}`],
      // eslint-disable-next-line no-restricted-syntax -- passed through to pg_dump, not read
      { env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } },
    );
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT")
      throw new Error(
        `pg_dump is not installed: install the PostgreSQL client (apt-get install postgresql-client), or run on the database server: pg_dump --format=custom --file=${path.join(dir, file)} "${redactUrl(url)}"`,
        { cause: error },
      );
    throw new Error(
      `pg_dump could not back up ${redactUrl(url)}: ${(failure.stderr ?? failure.message).trim()}`,
      { cause: error },
    );
  }
  return { kind: "postgres", file, from: redactUrl(url) };
}

async function copyIndex(
  indexDir: string,
  dir: string,
  withIndex: boolean,
): Promise<BackupRecord["index"]> {
  const generation = currentGeneration(indexDir);
  if (!generation) return null;
  const name = path.basename(generation);
  await copyFile(path.join(generation, "manifest.json"), path.join(dir, "index-manifest.json"));
  if (withIndex) {
    await cp(generation, path.join(dir, "index", name), { recursive: true });
    await writeFile(path.join(dir, "index", "CURRENT"), `${name}\n`);
  }
  // Read back: a manifest that does not parse is a backup that cannot be trusted.
  JSON.parse(await readFile(path.join(dir, "index-manifest.json"), "utf8"));
  return {
    generation: name,
    manifest: "index-manifest.json",
    copied: withIndex,
    from: path.resolve(indexDir),
  };
}
