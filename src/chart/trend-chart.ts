/**
 * The trend as a PNG, drawn on the server without a browser: a Vega spec rendered to SVG by Vega's
 * headless view, rasterised by resvg with the Inter font from npm (no system fonts needed). Dates
 * on a true time scale, the figure with its unit on the y axis, each point numbered, hollow points
 * for approximate figures, a bar for ranges.
 *
 * Vega rather than Vega-Lite: Vega-Lite sets `Set.prototype.toJSON` for the whole process when it
 * loads, which breaks discord.js's bundled `inspect` when discord.js loads after it.
 */
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import type { Trend, TrendPoint } from "../retrieval/index.js";
import { plural } from "../plural.js";

/** Size in CSS pixels (Discord shows images about 550 px wide); the PNG is twice that. */
export const CHART_WIDTH = 550;
export const CHART_HEIGHT = 310;
export const CHART_SCALE = 2;

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve("@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf"),
  require.resolve("@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf"),
];
const FONT = "Inter";
const COLOR = "#4f6d8f";

interface ChartRow {
  /** The date as milliseconds since the epoch (UTC midnight). */
  time: number;
  value: number;
  low: number;
  high: number;
  approximate: boolean;
  label: string;
  /** Labels of points drawn at the same place are merged; only the first row shows it. */
  showLabel: boolean;
  /** Under the point instead of above, when the previous label would be in the way. */
  below: boolean;
}

/** "How many people are still missing?" as a title, in at most two lines of about 58 characters. */
export function titleLines(question: string, width = 58): string[] {
  let text = question.replace(/\s+/g, " ").trim();
  text = text.charAt(0).toUpperCase() + text.slice(1);
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const line = lines.at(-1);
    if (line !== undefined && line.length + word.length + 1 <= width)
      lines[lines.length - 1] = `${line} ${word}`;
    else lines.push(word.length > width ? `${word.slice(0, width - 1)}…` : word);
  }
  if (lines.length <= 2) return lines;
  return [lines[0]!, `${lines[1]!.slice(0, width - 1)}…`];
}

/** Plot area in CSS pixels, roughly (the axes take the rest): to keep labels apart. */
const PLOT_WIDTH = CHART_WIDTH - 90;
const PLOT_HEIGHT = CHART_HEIGHT - 110;

function rows(points: readonly TrendPoint[], domain: [number, number]): ChartRow[] {
  const seen = new Map<string, ChartRow>();
  const times = points.map((p) => Date.parse(p.date));
  const t0 = Math.min(...times);
  const span = Math.max(...times) - t0 || 1;
  const x = (i: number) => ((times[i]! - t0) / span) * PLOT_WIDTH;
  const y = (v: number) => ((v - domain[0]) / (domain[1] - domain[0] || 1)) * PLOT_HEIGHT;
  let previous: { x: number; y: number; row: ChartRow } | null = null;
  return points.map((p, i) => {
    const key = `${p.date}|${p.value}`;
    const row: ChartRow = {
      time: Date.parse(p.date),
      value: p.value,
      low: p.range?.[0] ?? p.value,
      high: p.range?.[1] ?? p.value,
      approximate: p.qualifier !== null,
      label: String(i + 1),
      showLabel: true,
      below: false,
    };
    const twin = seen.get(key);
    if (twin) {
      twin.label = `${twin.label}, ${i + 1}`;
      row.showLabel = false;
      return row;
    }
    seen.set(key, row);
    const here = { x: x(i), y: y(p.value), row };
    // Two points close together: the lower one's number goes under it.
    if (previous && Math.abs(here.x - previous.x) < 22 && Math.abs(here.y - previous.y) < 40) {
      if (here.y < previous.y) row.below = true;
      else if (here.y > previous.y) previous.row.below = true;
      else row.below = !previous.row.below;
    }
    previous = here;
    return row;
  });
}

/** The y range: the figures with some room, never below zero for figures that are not. */
export function valueDomain(points: readonly TrendPoint[]): [number, number] {
  const lows = points.map((p) => p.range?.[0] ?? p.value);
  const highs = points.map((p) => p.range?.[1] ?? p.value);
  const min = Math.min(...lows);
  const max = Math.max(...highs);
  const span = max - min || Math.abs(max) * 0.2 || 1;
  const low = min - span * 0.12;
  return [min >= 0 ? Math.max(0, low) : low, max + span * 0.18];
}

/** The y axis title: the unit in words. */
function unitTitle(unit: string | null): string {
  if (unit === null) return "figure";
  if (unit === "percent") return "per cent";
  return unit;
}

/** Axis labels: "12,400", "3.9 M", "4.2 bn", "61%" (a Vega expression). */
const LABEL_EXPR = (unit: string | null) => {
  const suffix = unit === "percent" ? " + '%'" : "";
  return `(abs(datum.value) >= 1e9 ? format(datum.value / 1e9, ',.1~f') + ' bn' : abs(datum.value) >= 1e6 ? format(datum.value / 1e6, ',.1~f') + ' M' : format(datum.value, ',~f'))${suffix}`;
};

function timeAxis(points: readonly TrendPoint[]): Record<string, unknown> {
  const times = points.map((p) => Date.parse(p.date));
  const days = (Math.max(...times) - Math.min(...times)) / 86_400_000;
  if (days > 3 * 365)
    return { format: "%Y", tickCount: { interval: "year", step: Math.ceil(days / 365 / 9) } };
  if (days > 120)
    return {
      format: "%b %Y",
      tickCount: { interval: "month", step: Math.max(1, Math.ceil(days / 30 / 5)) },
    };
  return { format: "%-d %b %Y", tickCount: 4 };
}

const AXIS = {
  labelFont: FONT,
  titleFont: FONT,
  labelFontSize: 11,
  titleFontSize: 11,
  titleFontWeight: 600,
  labelColor: "#333",
  titleColor: "#333",
  domainColor: "#999",
  tickColor: "#999",
  gridColor: "#e8e8e8",
};

const at = (field: string, scale: "x" | "y") => ({ scale, field });

/** The point numbers, above the points (or a range's top), or under them where two collide. */
function labels(below: boolean) {
  return {
    type: "text",
    from: { data: below ? "below" : "above" },
    encode: {
      enter: {
        x: at("time", "x"),
        y: at(below ? "low" : "high", "y"),
        dy: { value: below ? 20 : -10 },
        align: { value: "center" },
        baseline: { value: "alphabetic" },
        text: { field: "label" },
        font: { value: FONT },
        fontSize: { value: 12 },
        fontWeight: { value: 600 },
        fill: { value: "#1f2d3d" },
      },
    },
  };
}

/** The Vega spec of the chart. Pure. */
export function trendChartSpec(trend: Trend): vega.Spec {
  const domain = valueDomain(trend.points);
  const data = rows(trend.points, domain);
  const approximate = data.some((d) => d.approximate);
  const statements = new Set(trend.points.map((p) => p.docId)).size;
  const subtitle = [
    `${plural(trend.points.length, "figure")} quoted from ${plural(statements, "dated statement")}`,
    approximate ? "hollow: approximate (“nearly”, “about”…)" : "",
  ]
    .filter(Boolean)
    .join(" · ");
  const shown = data.filter((d) => d.showLabel);
  return {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: "fit", contains: "padding" },
    padding: { left: 10, right: 16, top: 10, bottom: 8 },
    background: "white",
    title: {
      text: titleLines(trend.question),
      subtitle,
      anchor: "start",
      font: FONT,
      subtitleFont: FONT,
      fontSize: 15,
      fontWeight: 600,
      subtitleFontSize: 11,
      subtitleColor: "#555",
      offset: 10,
      limit: CHART_WIDTH - 30,
    },
    data: [
      { name: "points", values: data },
      { name: "above", values: shown.filter((d) => !d.below) },
      { name: "below", values: shown.filter((d) => d.below) },
    ],
    scales: [
      {
        name: "x",
        // UTC: the dates are calendar days, whatever the server's time zone.
        type: "utc",
        domain: { data: "points", field: "time" },
        range: "width",
        padding: 28,
      },
      { name: "y", type: "linear", domain, nice: true, zero: false, range: "height" },
    ],
    axes: [
      {
        orient: "bottom",
        scale: "x",
        labelAngle: 0,
        formatType: "utc",
        ...timeAxis(trend.points),
        ...AXIS,
      },
      {
        orient: "left",
        scale: "y",
        title: unitTitle(trend.unit),
        grid: true,
        tickCount: 5,
        encode: { labels: { update: { text: { signal: LABEL_EXPR(trend.unit) } } } },
        ...AXIS,
      },
    ],
    marks: [
      {
        type: "line",
        from: { data: "points" },
        encode: {
          enter: {
            x: at("time", "x"),
            y: at("value", "y"),
            stroke: { value: COLOR },
            strokeWidth: { value: 1.5 },
            strokeOpacity: { value: 0.55 },
          },
        },
      },
      {
        type: "rule",
        from: { data: "points" },
        encode: {
          enter: {
            x: at("time", "x"),
            y: at("low", "y"),
            y2: at("high", "y"),
            stroke: { value: COLOR },
            strokeWidth: { value: 2 },
          },
        },
      },
      {
        type: "symbol",
        from: { data: "points" },
        encode: {
          enter: {
            x: at("time", "x"),
            y: at("value", "y"),
            shape: { value: "circle" },
            size: { value: 80 },
            stroke: { value: COLOR },
            strokeWidth: { value: 2 },
            fill: [{ test: "datum.approximate", value: "white" }, { value: COLOR }],
          },
        },
      },
      labels(false),
      labels(true),
    ],
  } as vega.Spec;
}

/** Vega's text measurement hook (exported at run time, not in its type definitions). */
interface TextMetrics {
  width: (
    item: { text?: unknown; fontSize?: number; fontWeight?: unknown },
    text?: unknown,
  ) => number;
}

/**
 * Without a canvas, Vega guesses a text's width as 0.8 em a character, far wider than Inter (about
 * 0.56 em), which shrinks the plot and cuts titles short. Vega lets the width function be replaced
 * (vl-convert does the same); this one uses Inter's average advance.
 */
function measureTextAsInter(): void {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const value = String(text ?? item.text ?? "");
    const bold = Number(item.fontWeight) >= 600 || item.fontWeight === "bold";
    return Math.ceil(value.length * (item.fontSize ?? 11) * (bold ? 0.6 : 0.56));
  };
}

/** The chart as SVG (Vega's headless renderer). */
export async function renderTrendSvg(trend: Trend): Promise<string> {
  measureTextAsInter();
  const view = new vega.View(vega.parse(trendChartSpec(trend)), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as a PNG, CHART_SCALE times the CSS size. */
export async function renderTrendChart(trend: Trend): Promise<Buffer> {
  if (trend.points.length === 0) throw new Error("A trend chart needs at least one point.");
  const svg = await renderTrendSvg(trend);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: CHART_SCALE },
    background: "white",
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT },
  });
  return resvg.render().asPng();
}
