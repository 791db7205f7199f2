/**
 * Who holds the index lock, and whether that holder can still be running. A holder on this machine
 * whose process is gone (killed, out of memory, a closed terminal, a reboot) cannot finish its
 * build, so its lock is taken over at once (store.ts says when else it is). On Linux the
 * process's start time and the boot id tell a dead holder from a live process that got its pid.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { z } from "zod";

export const LockInfoSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  by: z.string(),
  /** Linux: the process's start time in clock ticks since boot (/proc/<pid>/stat, field 22). */
  processStart: z.string().optional(),
  /** Linux: /proc/sys/kernel/random/boot_id, which changes at every boot. */
  bootId: z.string().optional(),
});
export type LockInfo = z.infer<typeof LockInfoSchema>;

/** This process, as recorded in a lock it takes. */
export function currentHolder(by: string): LockInfo {
  const processStart = processStartOf(process.pid);
  const bootId = currentBootId();
  return {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    by,
    ...(processStart ? { processStart } : {}),
    ...(bootId ? { bootId } : {}),
  };
}

/** "npm run index (pid 7380 on vm, started 2026-…)". */
export function describeHolder(holder: LockInfo): string {
  return `${holder.by} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt})`;
}

export function onThisMachine(holder: LockInfo): boolean {
  return holder.host === os.hostname();
}

/**
 * Why the holder cannot be running any more, or null when it may be (it is alive, it is on another
 * machine, or this system cannot tell).
 */
export function holderGone(holder: LockInfo): string | null {
  if (!onThisMachine(holder)) return null;
  const bootId = currentBootId();
  if (holder.bootId && bootId && holder.bootId !== bootId)
    return "the machine has restarted since it took the lock";
  const state = processState(holder.pid);
  if (state === "gone") return `process ${holder.pid} is no longer running`;
  if (state === "zombie") return `process ${holder.pid} has exited`;
  const start = processStartOf(holder.pid);
  if (holder.processStart && start && start !== holder.processStart)
    return `process ${holder.pid} is no longer running (its pid now belongs to another process)`;
  return null;
}

function processState(pid: number): "alive" | "zombie" | "gone" {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? "gone" : "alive";
  }
  // A killed process stays a zombie until its parent collects it: it will never release the lock.
  return /^[ZX]$/.test(procStat(pid)?.[0] ?? "") ? "zombie" : "alive";
}

/** Fields of /proc/<pid>/stat after the command name (state first), or null off Linux. */
export function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may itself contain spaces and parentheses.
    return stat
      .slice(stat.lastIndexOf(")") + 1)
      .trim()
      .split(/\s+/);
  } catch {
    return null;
  }
}

function processStartOf(pid: number): string | null {
  // Field 22 of the file; the fields after the name start at field 3.
  return procStat(pid)?.[22 - 3] ?? null;
}

function currentBootId(): string | null {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
  } catch {
    return null;
  }
}
