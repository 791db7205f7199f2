/** Indexing progress on standard error: a bar on a terminal, plain lines otherwise. */
import cliProgress from "cli-progress";
import type { IndexProgress } from "../retrieval/index.js";

export { formatSummary, formatWarnings } from "../indexing/summary.js";

const LABELS: Record<IndexProgress["phase"], string> = {
  reading: "Reading corpus",
  embedding: "Embedding chunks",
  indexing: "Building vector index",
  publishing: "Writing index",
};

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  update: (progress: IndexProgress) => void;
  /** A line of its own (a warning), not mixed into the bar: the bar starts again below it. */
  note: (line: string) => void;
  stop: () => void;
} {
  let phase: IndexProgress["phase"] | null = null;
  let lastTenth = -1;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: "{phase} [{bar}] {percentage}% | {value}/{total}",
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p) => {
        if (p.phase !== phase) {
          if (started) bar.stop();
          bar.start(Math.max(p.total, 1), p.done, { phase: LABELS[p.phase].padEnd(22) });
          started = true;
          phase = p.phase;
        }
        bar.setTotal(Math.max(p.total, 1));
        bar.update(p.done, { phase: LABELS[p.phase].padEnd(22) });
      },
      note: (line) => {
        if (started) bar.stop();
        started = false;
        phase = null;
        stream.write(`${line}\n`);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  return {
    update: (p) => {
      if (p.phase !== phase) {
        phase = p.phase;
        lastTenth = -1;
        if (p.total > 1 || p.phase === "reading") stream.write(`${LABELS[p.phase]}...\n`);
      }
      const tenth = p.total > 0 ? Math.floor((p.done / p.total) * 10) : 10;
      if (p.total > 1 && tenth > lastTenth && p.done > 0) {
        lastTenth = tenth;
        stream.write(`  ${LABELS[p.phase]}: ${p.done}/${p.total}\n`);
      }
    },
    note: (line) => stream.write(`${line}\n`),
    stop: () => {},
  };
}

/** How the maintainer commands say a warning on standard error. */
export const warningLine = (message: string) => `verbatim: warning: ${message}`;

/** A file (or line) of the corpus that was not indexed, on standard error. */
export const skippedLine = (message: string) => `verbatim: skipped: ${message}`;
