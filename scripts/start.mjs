/**
 * npm start: runs the bot from the JavaScript build in dist/ (npm run build), so production
 * starts without compiling TypeScript. Refuses, in one line, a missing or stale build.
 * (npm run dev runs the TypeScript sources directly through tsx.)
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "dist", "bot", "main.js");

function newestSource(dir) {
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

if (!existsSync(entry)) {
  process.stderr.write(
    "verbatim: there is no build in dist/: run npm run build first (npm run dev runs the TypeScript sources directly).\n",
  );
  process.exit(1);
}
const source = newestSource(path.join(root, "src"));
if (source.mtimeMs > statSync(entry).mtimeMs) {
  process.stderr.write(
    `verbatim: the build in dist/ is older than ${path.relative(root, source.file)}: run npm run build (after every upgrade), then npm start.\n`,
  );
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(pathToFileURL(entry).href);
