#!/usr/bin/env node
/**
 * verbatim COMMAND [options] (`npx verbatim ask ...`): the maintainer commands, with nothing on
 * standard output but what the command prints (npm run puts its "> verbatim ask" banner there,
 * which breaks `--json | jq`). Runs the JavaScript build in dist/ when it is there and current
 * (npm run build), else the TypeScript sources through tsx's API, so it works right after npm ci.
 */
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT, buildState } from "../scripts/build-state.mjs";

/** Command → its entry point in src/cli (and dist/cli), with what it does. */
const COMMANDS = {
  ask: ["ask", 'prints the passages that answer a question: verbatim ask [--json] "question"'],
  trend: ["trend", "how a figure changed over time, by date; --out chart.png draws it"],
  index: ["index", "builds or incrementally updates the index from the corpus folder"],
  "model:download": ["model-download", "downloads the embedding model into MODEL_CACHE_DIR"],
  register: ["register", "registers the Discord slash commands (--guild ID for one server)"],
  backup: ["backup", "copies the database (and --with-index the index) into a folder"],
  preview: ["preview", "the bot's answer to a question as a Discord-styled page (and a PNG)"],
};

function help() {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    "Usage: verbatim <command> [options]   (npx verbatim ... in the project folder)",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, [, what]]) => `  ${name.padEnd(width)}  ${what}`),
    "",
    "verbatim <command> --help shows a command's options. Only the command's output goes to",
    "standard output; progress, warnings and errors go to standard error.",
    "",
  ].join("\n");
}

const [name, ...args] = process.argv.slice(2);
if (name === undefined || name === "--help" || name === "-h" || name === "help") {
  (name === undefined ? process.stderr : process.stdout).write(help());
  process.exit(name === undefined ? 1 : 0);
}
const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
if (!command) {
  process.stderr.write(
    `verbatim: unknown command "${name}": use ${Object.keys(COMMANDS).join(", ")} (verbatim --help).\n`,
  );
  process.exit(1);
}

const built = path.join(PROJECT_ROOT, "dist", "cli", `${command[0]}.js`);
let entry = built;
if (buildState(built).state === "current") {
  process.setSourceMapsEnabled(true);
} else {
  // No build, or one older than the sources: run the sources, as npm run does.
  const { register } = await import("tsx/esm/api");
  register();
  entry = path.join(PROJECT_ROOT, "src", "cli", `${command[0]}.ts`);
}
// The entry points read their arguments from process.argv, as when node runs them directly.
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);
