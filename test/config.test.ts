import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, requireDiscord } from "../src/config.js";

describe("loadConfig", () => {
  it("defaults to keyword searches on the calling thread, and reads KEYWORD_THREAD", () => {
    expect(loadConfig({}).keywordThread).toBe(false);
    expect(loadConfig({ KEYWORD_THREAD: "on" }).keywordThread).toBe(true);
    expect(loadConfig({ KEYWORD_THREAD: " ON " }).keywordThread).toBe(true);
    expect(loadConfig({ KEYWORD_THREAD: "0" }).keywordThread).toBe(false);
  });

  it("names a bad KEYWORD_THREAD and what it accepts", () => {
    let error: unknown;
    try {
      loadConfig({ KEYWORD_THREAD: "sometimes" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables).toEqual(["KEYWORD_THREAD"]);
    expect((error as ConfigError).message).toMatch(/KEYWORD_THREAD.*on or off/);
  });

  it("keeps the database in DATA_DIR, one process and no metrics listener by default", () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeNull();
    expect(config.shards).toBe(1);
    expect(config.metrics).toBeNull();
  });

  it("reads DATABASE_URL, DISCORD_SHARDS and METRICS_PORT", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://verbatim:secret@127.0.0.1:5432/verbatim",
      DISCORD_SHARDS: "AUTO",
      METRICS_PORT: "9464",
    });
    expect(config.databaseUrl).toBe("postgres://verbatim:secret@127.0.0.1:5432/verbatim");
    expect(config.shards).toBe("auto");
    expect(config.metrics).toEqual({ host: "127.0.0.1", port: 9464 });
    expect(
      loadConfig({ DISCORD_SHARDS: "2", METRICS_HOST: "0.0.0.0", METRICS_PORT: "1" }),
    ).toMatchObject({
      shards: 2,
      metrics: { host: "0.0.0.0", port: 1 },
    });
  });

  it("names each bad database, shard and metrics variable and what it accepts", () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: "mysql://x", DISCORD_SHARDS: "0", METRICS_PORT: "70000" });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).variables).toEqual([
      "DATABASE_URL",
      "DISCORD_SHARDS",
      "METRICS_PORT",
    ]);
    expect((error as ConfigError).message).toContain("DATABASE_URL: must be a PostgreSQL URL");
    expect((error as ConfigError).message).toContain('DISCORD_SHARDS: must be "auto" or a number');
    expect((error as ConfigError).message).toContain("METRICS_PORT: must be a port number");
  });

  it("refuses SHARDS set by hand (discord.js's own variable), pointing at DISCORD_SHARDS", () => {
    const token = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.ZmFrZSE.c2VjcmV0LXNlY3JldC1zZWNyZXQ";
    const base = { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: "1100000000000000001" };
    expect(() => requireDiscord(loadConfig({ ...base, SHARDS: "2" }))).toThrow(
      /SHARDS="2" is discord\.js's own variable .*set DISCORD_SHARDS to a number or auto, and unset SHARDS/,
    );
    // In a process the shard manager started, it says which shard this is.
    const shard = loadConfig({ ...base, SHARDING_MANAGER: "true", SHARDS: "1", SHARD_COUNT: "2" });
    expect(shard.shardProcess).toEqual({ id: 1, count: 2 });
    expect(() => requireDiscord(shard)).not.toThrow();
  });

  it("reads the shards this machine runs, below the number in all", () => {
    expect(loadConfig({ DISCORD_SHARDS: "4", DISCORD_SHARD_LIST: "0, 2-3" }).shardList).toEqual([
      0, 2, 3,
    ]);
    expect(() => loadConfig({ DISCORD_SHARDS: "auto", DISCORD_SHARD_LIST: "0" })).toThrow(
      /DISCORD_SHARD_LIST: the shards this machine runs must be below DISCORD_SHARDS/,
    );
    expect(() => loadConfig({ DISCORD_SHARDS: "2", DISCORD_SHARD_LIST: "2" })).toThrow(ConfigError);
    expect(() => loadConfig({ DISCORD_SHARDS: "2", DISCORD_SHARD_LIST: "one" })).toThrow(
      /DISCORD_SHARD_LIST: must list shard ids/,
    );
  });
});
