/** Answers' reading in words, shared by every front end (the command line, Discord). Pure. */
import type { AskResult } from "./types.js";

/**
 * The explicit filters of an answer in words: "since 2024-01-01", "until …", "speaker “Haddad”".
 * Each front end quotes (and escapes) the speaker's name its own way.
 */
export function describeFilters(
  filters: AskResult["filters"],
  quote: (text: string) => string = (text) => `“${text}”`,
): string[] {
  const parts: string[] = [];
  if (filters.since) parts.push(`since ${filters.since}`);
  if (filters.until) parts.push(`until ${filters.until}`);
  if (filters.speaker) parts.push(`speaker ${quote(filters.speaker)}`);
  return parts;
}
