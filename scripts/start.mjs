/**
 * npm start: runs the bot from the JavaScript build in dist/ (npm run build), so production
 * starts without compiling TypeScript. Refuses, in one line, a missing or stale build.
 * (npm run dev runs the TypeScript sources directly through tsx.)
 */
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT, buildState } from "./build-state.mjs";

const entry = path.join(PROJECT_ROOT, "dist", "bot", "main.js");
const build = buildState(entry);

if (build.state === "missing") {
  process.stderr.write(
    "verbatim: there is no build in dist/: run npm run build first (npm run dev runs the TypeScript sources directly).\n",
  );
  process.exit(1);
}
if (build.state === "stale") {
  process.stderr.write(
    `verbatim: the build in dist/ is older than ${path.relative(PROJECT_ROOT, build.source)}: run npm run build (after every upgrade), then npm start.\n`,
  );
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(pathToFileURL(entry).href);
