/** A build's summary in words, for \`npm run index\` and for /reindex's reply. Pure. */
import { plural } from "../plural.js";
import type { BuildSummary } from "../retrieval/index.js";

export function formatSummary(summary: BuildSummary): string {
  const lines = [
    `Indexed ${plural(summary.statements, "statement")} (${plural(summary.chunks, "chunk")}) from ${plural(summary.files, "file")} in ${summary.seconds.toFixed(1)} s.`,
    `  Embedded ${plural(summary.embedded, "chunk")}, reused ${summary.reused}, removed ${summary.removed}; model: ${summary.model ?? "none (keyword search only)"}.`,
  ];
  if (summary.fullRebuild && summary.fullRebuild !== "first build")
    lines.push(`  Rebuilt everything: ${summary.fullRebuild}.`);
  if (summary.skipped.length > 0) {
    lines.push(`  Skipped ${summary.skipped.length} (fix and re-run npm run index):`);
    for (const problem of summary.skipped) lines.push(`    - ${problem.message}`);
  }
  return lines.join("\n");
}

/** The build's warnings as summary lines, for where they were not already said (Discord). */
export function formatWarnings(summary: BuildSummary): string[] {
  if (summary.warnings.length === 0) return [];
  return [
    `  ${plural(summary.warnings.length, "warning")}:`,
    ...summary.warnings.map((w) => `    - ${w}`),
  ];
}
