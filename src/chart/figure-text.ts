/** A trend point's figure as short text, the same in the chart, the CLI and Discord. Pure. */
import type { TrendPoint } from "../retrieval/index.js";

const QUALIFIER_SIGN: Record<string, string> = {
  about: "~",
  nearly: "~",
  "more than": ">",
  "at least": "≥",
  "fewer than": "<",
  "up to": "≤",
};

/** 12400 → "12,400"; 3900000 → "3.9 million"; 4.2e9 → "4.2 billion". */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const fixed = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 2 });
  if (abs >= 1e9 && abs % 1e7 === 0) return `${fixed(value / 1e9)} billion`;
  if (abs >= 1e6 && abs % 1e4 === 0) return `${fixed(value / 1e6)} million`;
  return fixed(value);
}

function withUnit(number: string, unit: string | null): string {
  if (unit === null) return number;
  if (unit === "percent") return `${number}%`;
  if (/^[A-Z]{3}$/.test(unit)) return `${unit} ${number}`;
  return `${number} ${unit}`;
}

/** "~12,000 people", "300–400 people", "61%", "EUR 120 million". */
export function figureValue(
  point: Pick<TrendPoint, "value" | "range" | "qualifier" | "unit">,
): string {
  if (point.range) {
    return withUnit(`${formatNumber(point.range[0])}–${formatNumber(point.range[1])}`, point.unit);
  }
  const sign = point.qualifier ? (QUALIFIER_SIGN[point.qualifier] ?? "") : "";
  return withUnit(`${sign}${formatNumber(point.value)}`, point.unit);
}
