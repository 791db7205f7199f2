/**
 * What /healthz reports: each gateway shard's connection, the index being served (generation,
 * age, size) and whether the database answers. Healthy (HTTP 200) only when all three are.
 */
import { type Client, Status } from "discord.js";
import type { Db } from "./db.js";

export interface ShardHealth {
  id: number;
  connected: boolean;
  /** discord.js's name for the connection state: Ready, Connecting, Resuming, Disconnected... */
  status: string;
  /** Last heartbeat round trip in ms, -1 before the first. */
  pingMs: number;
  /** The index generation this shard's process answers from (all switch to a newly published one). */
  generation: string | null;
}

export interface IndexHealth {
  generation: string;
  builtAt: string | null;
  ageSeconds: number | null;
  statements: number;
  chunks: number;
}

export interface HealthReport {
  ok: boolean;
  shards: ShardHealth[];
  index: IndexHealth | null;
  database: { kind: string; reachable: boolean; error?: string };
}

export interface HealthSources {
  client: Client;
  index: {
    info: { statements: number; chunks: number; generation?: string };
    builtAt: string | null;
  };
  db: Db;
}

const DATABASE_TIMEOUT_MS = 2_000;

/** This process's shards, index and database. */
export async function localHealth(sources: HealthSources): Promise<HealthReport> {
  const { info, builtAt } = sources.index;
  const shards = [...sources.client.ws.shards.values()].map((shard) => ({
    id: shard.id,
    connected: shard.status === Status.Ready,
    status: Status[shard.status] ?? String(shard.status),
    pingMs: shard.ping,
    generation: info.generation ?? null,
  }));
  const index: IndexHealth = {
    generation: info.generation ?? "unknown",
    builtAt,
    ageSeconds: builtAt ? Math.round((Date.now() - Date.parse(builtAt)) / 1000) : null,
    statements: info.statements,
    chunks: info.chunks,
  };
  const database = await checkDatabase(sources.db);
  return combine(shards, index, database);
}

export function combine(
  shards: ShardHealth[],
  index: IndexHealth | null,
  database: HealthReport["database"],
): HealthReport {
  const ok =
    shards.length > 0 && shards.every((s) => s.connected) && index !== null && database.reachable;
  return { ok, shards, index, database };
}

async function checkDatabase(db: Db): Promise<HealthReport["database"]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)),
          DATABASE_TIMEOUT_MS,
        );
      }),
    ]);
    return { kind: db.kind, reachable: true };
  } catch (error) {
    return { kind: db.kind, reachable: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
