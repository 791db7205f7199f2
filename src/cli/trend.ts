/**
 * npm run trend -- [--index DIR] [--since D] [--until D] [--speaker NAME] [--out chart.png] [--json] "question"
 *
 * How a figure changed over time: the figure each statement gives in answer to the question, by
 * date, as text or JSON on standard output, and as a PNG chart with --out.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { figureValue } from "../chart/figure-text.js";
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH, renderTrendChart } from "../chart/trend-chart.js";
import {
  chartable,
  collectTrend,
  type TrendOptions,
  type TrendPoint,
  type TrendResult,
} from "../retrieval/index.js";
import { plural } from "../plural.js";
import { config, openEngine, runCommand } from "./common.js";
import { indentFollowingLines, quoted } from "./format.js";

interface Options {
  index: string;
  corpus: string;
  update: boolean;
  since?: string;
  until?: string;
  speaker?: string;
  out?: string;
  json?: boolean;
}

/** Runs `trend` with the arguments after the command name (what `verbatim trend ...` passes). */
export async function trend(args: string[]): Promise<void> {
  const cfg = config();
  const program = new Command("trend")
    .description(
      "How a figure changed over time: the figure each dated statement gives in answer to a question, by date.",
    )
    .argument("[question...]", "a quantity question, e.g. how many people are still missing?")
    .option("--index <dir>", "index folder", cfg.indexDir)
    .option(
      "--corpus <dir>",
      "corpus folder the index is brought up to date with first (default: the one it was built from)",
      cfg.corpusDir,
    )
    .option("--no-update", "answer from the index as it is, even when the corpus changed since")
    .option("--since <date>", "only statements on or after YYYY-MM-DD")
    .option("--until <date>", "only statements on or before YYYY-MM-DD")
    .option("--speaker <name>", "only statements by this speaker (part of the name is enough)")
    .option("--out <file>", "write the chart as a PNG to this file")
    .option("--json", "print JSON")
    .showHelpAfterError()
    .parse(args, { from: "user" });
  const options = program.opts<Options>();
  const question = program.args.join(" ").trim();
  if (!question) {
    throw new Error('No question given: npm run trend -- "how many people are still missing?"');
  }
  if (options.out !== undefined && path.extname(options.out).toLowerCase() !== ".png") {
    throw new Error(`--out must name a .png file, got "${options.out}".`);
  }
  const engine = await openEngine(cfg, {
    index: options.index,
    corpus: options.corpus,
    corpusGiven: program.getOptionValueSource("corpus") === "cli",
    command: "verbatim trend",
    update: options.update,
  });
  const filters: TrendOptions = {};
  if (options.since) filters.since = options.since;
  if (options.until) filters.until = options.until;
  if (options.speaker) filters.speaker = options.speaker;
  let result: TrendResult;
  try {
    result = await collectTrend(engine, question, filters);
  } finally {
    engine.close();
  }
  process.stdout.write(options.json ? `${JSON.stringify(toJson(result))}\n` : formatTrend(result));
  if (options.out !== undefined) await writeChart(result, options.out);
}

async function writeChart(result: TrendResult, file: string): Promise<void> {
  if (!chartable(result)) {
    process.stderr.write(
      `Not enough dated figures for a chart (${result.points.length} found; a chart needs figures on at least two dates): ${file} not written.\n`,
    );
    return;
  }
  const png = await renderTrendChart(result);
  try {
    await writeFile(file, png);
  } catch (error) {
    throw new Error(`Cannot write the chart to ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  process.stderr.write(
    `Chart written to ${file} (${CHART_WIDTH * CHART_SCALE}×${CHART_HEIGHT * CHART_SCALE} px).\n`,
  );
}

interface JsonPoint {
  date: string;
  value: number;
  unit: string | null;
  qualifier: string | null;
  text: string;
  quote: string;
  docId: string;
  speaker: string | null;
}

function jsonPoint(p: TrendPoint): JsonPoint {
  return {
    date: p.date,
    value: p.value,
    unit: p.unit,
    qualifier: p.qualifier,
    text: p.text,
    quote: p.quote,
    docId: p.docId,
    speaker: p.speaker,
  };
}

export function toJson(result: TrendResult) {
  return {
    question: result.question,
    unit: result.unit,
    points: result.points.map(jsonPoint),
    other: result.other.map(jsonPoint),
  };
}

function pointLines(p: TrendPoint, label: string): string[] {
  const who = [p.speaker, p.title].filter(Boolean).join(", ");
  const where = [p.source, p.url].filter(Boolean).join(" ");
  return [
    `${label} ${p.date}  ${figureValue(p)}  (${quoted(p.text)})${who ? ` · ${who}` : ""}`,
    `   ${indentFollowingLines(quoted(p.quote), "   ")}`,
    `   ${where ? `${where} · ` : ""}${p.docId}`,
  ];
}

/** The series as text: numbered points, oldest first, then figures in other units. */
export function formatTrend(result: TrendResult): string {
  if (result.points.length === 0) {
    return result.passages.length === 0
      ? `No statement answers ${quoted(result.question)}.\n`
      : `No figure that answers ${quoted(result.question)} was found in the ${plural(result.passages.length, "passage")} that answer${result.passages.length === 1 ? "s" : ""} it.\n`;
  }
  const blocks = result.points.map((p, i) => pointLines(p, `${i + 1}.`).join("\n"));
  const other = result.other.map((p) => pointLines(p, "-").join("\n"));
  const head = `${plural(result.points.length, "figure")} in ${result.unit ?? "unnamed units"}, oldest first:`;
  return [
    head,
    "",
    blocks.join("\n\n"),
    ...(other.length ? ["", "In other units (not charted):", "", other.join("\n\n")] : []),
    "",
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCommand(() => trend(process.argv.slice(2)));
}
