/**
 * Whether the JavaScript build in dist/ (npm run build) is there and at least as new as every
 * TypeScript source: what `npm start` insists on, and what `verbatim` uses when it holds.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The most recently modified .ts file below `dir`. */
export function newestSource(dir) {
  let newest = { file: "", mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(full)
      : entry.name.endsWith(".ts")
        ? { file: full, mtimeMs: statSync(full).mtimeMs }
        : newest;
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/**
 * "missing" (no build of `entry`), "stale" with the newer source, or "current". `entry` is a
 * file of the build, such as dist/bot/main.js.
 */
export function buildState(entry) {
  if (!existsSync(entry)) return { state: "missing" };
  const source = newestSource(path.join(PROJECT_ROOT, "src"));
  if (source.mtimeMs > statSync(entry).mtimeMs) return { state: "stale", source: source.file };
  return { state: "current" };
}
