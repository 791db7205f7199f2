/** npm run backup while the bot runs; restored as the README says, the bot serves from it. */
import { execFile } from "node:child_process";
import { copyFile, cp, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { SettingsStore } from "../../src/bot/settings.js";
import { SCHEMA_VERSION, openDatabase } from "../../src/bot/db.js";
import { type Harness, startHarness } from "../bot/harness.js";
import type { InteractionHandle } from "../../scripts/testing/fake-discord/index.js";
import { tempDir } from "../helpers.js";
import { testModelEnv } from "../setup/global.js";
import { createTestDatabase, describeWithPostgres } from "../setup/postgres.js";

const run = promisify(execFile);
const MOD = { memberPermissions: ["ManageGuild" as const] };

function backup(args: string[], env: NodeJS.ProcessEnv) {
  return run(process.execPath, ["--import", "tsx", "src/cli/backup.ts", ...args], {
    env: { PATH: process.env.PATH, ...testModelEnv(), ...env },
    timeout: 60_000,
  });
}

async function content(handle: InteractionHandle): Promise<string> {
  return (await handle.callback()).data?.content ?? "";
}

const running: Harness[] = [];
afterEach(async () => {
  for (const harness of running.splice(0).reverse()) await harness.close();
});

async function start(root?: string): Promise<Harness> {
  const harness = await startHarness(root ? { root } : {});
  running.push(harness);
  return harness;
}

describe("npm run backup", () => {
  it("copies the database and index while the bot runs; restored, the bot serves from them", async () => {
    const first = await start();
    const set = first.fake.sendSlashCommand({
      name: "config",
      subcommand: "set",
      options: { setting: "results", value: "1" },
      ...MOD,
    });
    expect(await content(set)).toBe("**results** is now 1.");
    const asked = first.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await asked.edited();
    const vote = JSON.stringify(asked.finalMessage().components).match(/fb:\d+:up/)![0];

    const dir = path.join(first.root, "backup");
    const env = { DATA_DIR: first.dataDir, INDEX_DIR: first.indexDir, CORPUS_DIR: first.corpusDir };
    const { stdout } = await backup([dir, "--with-index"], env);
    expect(stdout).toContain(`Backed up into ${dir}:`);
    expect(stdout).toMatch(/index: gen-\S+ \(copied\)/);
    const record = JSON.parse(await readFile(path.join(dir, "backup.json"), "utf8"));
    expect(record).toMatchObject({
      database: { kind: "sqlite", file: "verbatim.sqlite", schemaVersion: SCHEMA_VERSION },
      index: { manifest: "index-manifest.json", copied: true },
    });
    // A second backup into the same folder would mix two; it is refused.
    await expect(backup([dir], env)).rejects.toMatchObject({
      stderr: `verbatim: The backup folder ${dir} is not empty: choose a new folder for each backup.\n`,
    });

    // Restore on "another server", as the README says: database into DATA_DIR, index into INDEX_DIR.
    const restored = await tempDir("verbatim-restored-");
    await cp(first.corpusDir, path.join(restored, "corpus"), { recursive: true });
    await mkdir(path.join(restored, "data"));
    await copyFile(
      path.join(dir, "verbatim.sqlite"),
      path.join(restored, "data", "verbatim.sqlite"),
    );
    await cp(path.join(dir, "index"), path.join(restored, "index"), { recursive: true });
    const second = await start(restored);
    expect(second.logs.map((l) => String(l.msg))).not.toContainEqual(
      expect.stringMatching(/^No index in/),
    );
    const show = second.fake.sendSlashCommand({ name: "config", subcommand: "show", ...MOD });
    expect(await content(show)).toContain("**results**: 1");
    const voted = second.fake.sendButton({ customId: vote });
    expect(await content(voted)).toBe("Thanks! Glad it helped.");
    const again = second.fake.sendSlashCommand({
      name: "ask",
      options: { question: "how many are still missing?" },
    });
    await again.edited();
    expect(again.finalMessage().embeds).toHaveLength(1);
  }, 90_000);

  it("says where it looked when there is no database", async () => {
    const root = await tempDir("verbatim-backup-");
    await expect(
      backup([path.join(root, "out")], {
        DATA_DIR: path.join(root, "data"),
        INDEX_DIR: path.join(root, "i"),
      }),
    ).rejects.toMatchObject({
      stderr: `verbatim: There is no database at ${path.join(root, "data", "verbatim.sqlite")}: check DATA_DIR (nothing was backed up).\n`,
    });
  });
});

describeWithPostgres("npm run backup", () => {
  it("dumps the shared database with pg_dump; pg_restore brings it back", async () => {
    const url = await createTestDatabase();
    const db = await openDatabase({ dataDir: "unused", url });
    await new SettingsStore(db).set("g1", "u1", "visibility", "private");
    await db.close();
    const root = await tempDir("verbatim-backup-");
    const dir = path.join(root, "backup");
    const { stdout } = await backup([dir], {
      DATABASE_URL: url,
      INDEX_DIR: path.join(root, "index"),
    });
    expect(stdout).toContain("database: verbatim.pgdump (postgres");
    expect(stdout).toContain("index: none yet (npm run index builds it)");

    const fresh = await createTestDatabase();
    await run("pg_restore", ["--no-owner", `--dbname=${fresh}`, path.join(dir, "verbatim.pgdump")]);
    const back = await openDatabase({ dataDir: "unused", url: fresh });
    expect((await new SettingsStore(back).get("g1")).visibility).toBe("private");
    await back.close();
  });
});
