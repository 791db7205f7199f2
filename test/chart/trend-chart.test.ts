/** The chart: a real PNG of the expected size with the marks drawn, and the spec's choices. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { figureValue, formatNumber } from "../../src/chart/figure-text.js";
import {
  CHART_HEIGHT,
  CHART_SCALE,
  CHART_WIDTH,
  renderTrendChart,
  renderTrendSvg,
  titleLines,
  trendChartSpec,
  valueDomain,
} from "../../src/chart/trend-chart.js";
import type { Trend, TrendPoint } from "../../src/retrieval/trend.js";

function point(date: string, value: number, extra: Partial<TrendPoint> = {}): TrendPoint {
  return {
    date,
    value,
    range: null,
    unit: "people",
    qualifier: null,
    text: String(value),
    quote: `${value} people remain missing.`,
    quoteStart: 0,
    quoteEnd: 30,
    figureStart: 0,
    figureEnd: String(value).length,
    docId: `${date}-${value}.txt`,
    speaker: "A Speaker",
    title: null,
    source: null,
    url: null,
    score: 5,
    ...extra,
  };
}

const TREND: Trend = {
  question: "how many people are still missing?",
  unit: "people",
  points: [
    point("2019-03-14", 12_400),
    point("2020-06-02", 11_980),
    point("2021-08-30", 12_000, { qualifier: "nearly", text: "Nearly twelve thousand" }),
    point("2022-05-10", 11_900),
    point("2022-05-10", 11_800, { qualifier: "more than", docId: "z.jsonl#okafor" }),
    point("2023-08-30", 11_850, { range: [11_800, 11_900], qualifier: "between" }),
  ],
  other: [],
};

/** RGBA pixels of a PNG. */
async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const MARK = [0x4f, 0x6d, 0x8f];
const near = (data: Buffer, i: number, rgb: number[], tolerance = 12) =>
  Math.abs(data[i]! - rgb[0]!) <= tolerance &&
  Math.abs(data[i + 1]! - rgb[1]!) <= tolerance &&
  Math.abs(data[i + 2]! - rgb[2]!) <= tolerance;

describe("renderTrendChart", () => {
  it("draws a PNG twice the CSS size, with points, line and text, not a blank image", async () => {
    const png = await renderTrendChart(TREND);
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([
      "png",
      CHART_WIDTH * CHART_SCALE,
      CHART_HEIGHT * CHART_SCALE,
    ]);

    const { data, width, height } = await pixels(png);
    let white = 0;
    let mark = 0;
    let dark = 0;
    let markRightThird = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      colours.add((r << 16) | (g << 8) | b);
      if (r > 245 && g > 245 && b > 245) white++;
      if (r < 60 && g < 60 && b < 80) dark++;
      if (near(data, i, MARK)) {
        mark++;
        if ((i / 4) % width > (width * 2) / 3) markRightThird++;
      }
    }
    const total = width * height;
    expect(white / total).toBeGreaterThan(0.6); // a white background...
    expect(white / total).toBeLessThan(0.99); // ...with something drawn on it
    expect(mark).toBeGreaterThan(1200); // three filled points of ~320 px at 2x, three rings, a range bar
    expect(markRightThird).toBeGreaterThan(300); // points spread along the time axis
    expect(dark).toBeGreaterThan(2000); // the title and the point numbers (text rendered)
    expect(colours.size).toBeGreaterThan(50); // anti-aliased text and lines
  });

  it("numbers the points, draws approximate figures hollow, and merges labels drawn in one place", async () => {
    const same = {
      ...TREND,
      points: [point("2020-01-01", 100), point("2021-01-01", 90), point("2021-01-01", 90)],
    };
    const svg = await renderTrendSvg(same);
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(
      expect.arrayContaining(["1", "2, 3", "How many people are still missing?"]),
    );
    expect(labels).not.toContain("3");

    const hollow = await renderTrendSvg(TREND);
    const symbols = /<g class="mark-symbol[\s\S]*?<\/g>/.exec(hollow)![0];
    const fills = [...symbols.matchAll(/<path[^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    // "nearly", "more than" and the range are hollow; the three exact figures are filled.
    expect(fills).toEqual(["#4f6d8f", "#4f6d8f", "white", "#4f6d8f", "white", "white"]);
  });

  it("refuses an empty series", async () => {
    await expect(renderTrendChart({ ...TREND, points: [] })).rejects.toThrow(
      "A trend chart needs at least one point.",
    );
  });
});

describe("the chart's choices", () => {
  it("titles the chart with the question, on at most two lines", () => {
    expect(titleLines("how many people are still missing?")).toEqual([
      "How many people are still missing?",
    ]);
    const long = titleLines(`how many ${"very ".repeat(40)}old people are still missing?`);
    expect(long).toHaveLength(2);
    expect(long[1]!.endsWith("…")).toBe(true);
  });

  it("never goes below zero for figures that are not, and leaves room around them", () => {
    const [low, high] = valueDomain([point("2020-01-01", 3), point("2021-01-01", 5_000)]);
    expect(low).toBe(0);
    expect(high).toBeGreaterThan(5_000);
    const [low2] = valueDomain(TREND.points);
    expect(low2).toBeGreaterThan(11_000);
    expect(low2).toBeLessThan(11_800);
  });

  it("puts dates on a time scale and the unit on the y axis", () => {
    const spec = JSON.stringify(trendChartSpec(TREND));
    expect(spec).toContain('"name":"x","type":"utc"');
    expect(spec).toContain('"title":"people"');
    expect(spec).toContain("hollow: approximate");
  });

  it("writes figures the same way in the chart, the CLI and Discord", () => {
    expect(formatNumber(12_400)).toBe("12,400");
    expect(formatNumber(3_900_000)).toBe("3.9 million");
    expect(figureValue(point("2020-01-01", 12_000, { qualifier: "nearly" }))).toBe(
      "~12,000 people",
    );
    expect(figureValue(point("2020-01-01", 350, { range: [300, 400], qualifier: "between" }))).toBe(
      "300–400 people",
    );
    expect(figureValue(point("2020-01-01", 61, { unit: "percent" }))).toBe("61%");
    expect(figureValue(point("2020-01-01", 1.2e8, { unit: "EUR", qualifier: "about" }))).toBe(
      "EUR ~120 million",
    );
  });
});
