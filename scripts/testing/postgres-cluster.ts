/**
 * A throwaway PostgreSQL cluster for one test run: initdb in a temporary folder, started on
 * 127.0.0.1 at a free port, stopped and removed at the end. As root the server runs as the
 * `postgres` user (PostgreSQL refuses to run as root). Where PostgreSQL is not installed, says why.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port.js";

export type PostgresCluster =
  { available: true; url: string; stop(): void } | { available: false; reason: string };

/** The folder with initdb and pg_ctl: pg_config's, else the newest Debian install. */
export function findPostgresBin(): string | null {
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (existsSync(path.join(dir, "initdb"))) return dir;
  } catch {
    // pg_config is not installed everywhere the server is; look where Debian puts it.
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  if (process.env.VERBATIM_TEST_POSTGRES === "off")
    return { available: false, reason: "VERBATIM_TEST_POSTGRES=off turned them off" };
  const bin = findPostgresBin();
  if (!bin)
    return {
      available: false,
      reason:
        "PostgreSQL is not installed (no initdb from pg_config --bindir or in /usr/lib/postgresql/*/bin); install it with: apt-get install postgresql",
    };
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "verbatim-pg-"));
  const run = (tool: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
    execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  };
  try {
    if (asRoot) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
      chownSync(dir, uid, gid);
    }
    const data = path.join(dir, "data");
    run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "start"]);
    return {
      available: true,
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      stop() {
        try {
          run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    rmSync(dir, { recursive: true, force: true });
    return {
      available: false,
      reason: `PostgreSQL is installed (${bin}) but a test cluster could not be started: ${stderr || (error as Error).message}`,
    };
  }
}
