/**
 * npm run preview -- [--out DIR] [--name NAME] [--index DIR] [--k N] [--since D] [--until D]
 *   [--speaker NAME] [--chromium PATH] "question"
 *
 * An /ask answer as a user would see it, without Discord: the bot's own reply (the same
 * buildAnswer and views, a retriever opened as `ask` opens it, an in-memory database) written as
 * an HTML page styled like a Discord message, and, where Chromium is installed, a PNG screenshot.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command } from "commander";
import { pino } from "pino";
import { type AnswerPayload, buildAnswer } from "../bot/build-answer.js";
import { AnswerStore } from "../bot/answer-store.js";
import type { BotContext } from "../bot/context.js";
import { openDatabase } from "../bot/db.js";
import { QuestionLimiter } from "../bot/limits.js";
import { BotMetrics } from "../bot/metrics.js";
import { DEFAULT_SETTINGS, SettingsStore } from "../bot/settings.js";
import type { AskOptions } from "../retrieval/index.js";
import { CHROMIUM_PATHS, findChromium, screenshot } from "./chromium.js";
import { config, openEngine, parseWhole, runCommand } from "./common.js";
import { previewHtml } from "./preview-html.js";

interface Options {
  out: string;
  name: string;
  index: string;
  corpus: string;
  k: number;
  since?: string;
  until?: string;
  speaker?: string;
  chromium?: string;
}

/** The page's width in CSS pixels: room for five buttons in a row, as in Discord's desktop app. */
const PAGE_WIDTH = 880;

/** Runs `preview` with the arguments after the command name. */
export async function preview(args: string[]): Promise<void> {
  const cfg = config();
  const program = new Command("preview")
    .description(
      "Write an /ask answer as an HTML page styled like Discord (and a PNG screenshot, with Chromium).",
    )
    .argument("[question...]", "the question")
    .option("--out <dir>", "folder to write NAME.html and NAME.png into", "preview")
    .option("--name <name>", "file name without extension", "answer")
    .option("--index <dir>", "index folder", cfg.indexDir)
    .option("--corpus <dir>", "corpus folder used when no index exists yet", cfg.corpusDir)
    .option(
      "--k <n>",
      "number of passages (1-10), as /ask's results",
      parseWhole("--k", 1, 10),
      DEFAULT_SETTINGS.results,
    )
    .option("--since <date>", "only statements on or after YYYY-MM-DD")
    .option("--until <date>", "only statements on or before YYYY-MM-DD")
    .option("--speaker <name>", "only statements by this speaker (part of the name is enough)")
    .option(
      "--chromium <file>",
      `the Chromium to take the screenshot with (default: the first of ${CHROMIUM_PATHS.join(", ")})`,
    )
    .showHelpAfterError()
    .parse(args, { from: "user" });
  const options = program.opts<Options>();
  const question = program.args.join(" ").trim();
  if (!question)
    throw new Error('No question given: npm run preview -- "how many are still missing?"');
  if (!/^[\w.-]+$/.test(options.name))
    throw new Error(
      `--name must be a plain file name (letters, digits, "-", "_", "."), got "${options.name}".`,
    );

  const askOptions: AskOptions = { k: options.k, minRelevance: DEFAULT_SETTINGS.minRelevance };
  if (options.since) askOptions.since = options.since;
  if (options.until) askOptions.until = options.until;
  if (options.speaker) askOptions.speaker = options.speaker;
  const engine = await openEngine(cfg, options);
  const db = await openDatabase({ dataDir: ":memory:" });
  let payload: AnswerPayload;
  try {
    const ctx: BotContext = {
      retriever: engine,
      answers: new AnswerStore(db),
      settings: new SettingsStore(db),
      limiter: new QuestionLimiter(),
      reindexer: null,
      metrics: new BotMetrics({
        index: { info: engine.info, builtAt: null },
        processMetrics: false,
      }),
      log: pino({ level: "silent" }),
    };
    ({ payload } = await buildAnswer(ctx, {
      command: "ask",
      question,
      options: askOptions,
      offset: 0,
      where: { guildId: null, channelId: null, userId: "preview" },
    }));
  } finally {
    engine.close();
    await db.close();
  }

  await mkdir(options.out, { recursive: true });
  const htmlFile = path.join(options.out, `${options.name}.html`);
  const html = previewHtml(payload, {
    invokedBy: { user: "you", command: "ask" },
    fontCss: interFontCss(),
    title: `Verbatim: ${question}`,
  });
  await writeFile(htmlFile, html);
  process.stdout.write(`${htmlFile}\n`);

  const chromium = options.chromium ?? findChromium();
  if (!chromium || !existsSync(chromium)) {
    process.stderr.write(
      `No Chromium ${chromium ? `at ${chromium}` : `(looked for ${CHROMIUM_PATHS.join(", ")})`}: wrote the HTML only. For a PNG screenshot, install it (Debian/Ubuntu: apt-get install chromium) or pass --chromium PATH, and run this again.\n`,
    );
    return;
  }
  const pngFile = path.join(options.out, `${options.name}.png`);
  await screenshot(chromium, htmlFile, pngFile, PAGE_WIDTH);
  process.stdout.write(`${pngFile}\n`);
}

/** Inter, the chart's font (from npm), for the page: the screenshot looks the same on any machine. */
function interFontCss(): string {
  const require = createRequire(import.meta.url);
  return [
    ["400", "400Regular/Inter_400Regular.ttf"],
    ["500", "500Medium/Inter_500Medium.ttf"],
    ["600", "600SemiBold/Inter_600SemiBold.ttf"],
    ["700", "700Bold/Inter_700Bold.ttf"],
  ]
    .map(([weight, file]) => {
      const url = pathToFileURL(require.resolve(`@expo-google-fonts/inter/${file}`)).href;
      return `@font-face { font-family: Inter; font-weight: ${weight}; src: url("${url}") format("truetype"); }\n`;
    })
    .join("");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCommand(() => preview(process.argv.slice(2)));
}
