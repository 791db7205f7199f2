/**
 * docs/benchmarks.md is written whole by `npm run bench`, except sections other scripts own
 * (between their markers), which it carries over.
 */
export const BURST_SECTION = { start: "<!-- burst:start -->", end: "<!-- burst:end -->" };

/** The marked section of `text` (markers included), or null. */
export function findSection(text: string, markers = BURST_SECTION): string | null {
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end, start);
  return start >= 0 && end > start ? text.slice(start, end + markers.end.length) : null;
}

/** `text` with its marked section replaced by `section`, or with `section` appended. */
export function withSection(text: string, section: string, markers = BURST_SECTION): string {
  const old = findSection(text, markers);
  return old !== null ? text.replace(old, () => section) : `${text.trimEnd()}\n\n${section}\n`;
}
