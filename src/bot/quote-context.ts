/**
 * The text around a quote, cut only at sentence or word boundaries. Pure.
 *
 * An answer leads with its quote and, when they are short enough, the sentence before and the
 * sentence after it, so that "They" or "this figure" can be read. Context never crosses a line
 * break (a paragraph, a list item) and is never cut mid-word: a whole sentence is kept, or, when
 * the neighbouring sentence is too long, as many whole words of it as fit, marked with "…".
 */

export interface QuoteContext {
  /** Text just before the quote: "" or a sentence, or "…" and the end of one. */
  before: string;
  /** Text just after the quote: "" or a sentence, or the start of one and "…". */
  after: string;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Words whose full stop does not end a sentence ("Mr. Aliyev", "Gen. Smith", "No. 5"). */
const ABBREVIATIONS = new Set(
  "mr mrs ms dr prof sr jr st gen col lt sgt capt gov sen rep amb hon rev no nos art para vol fig approx vs cf e.g i.e inc ltd corp dept".split(
    " ",
  ),
);

/** A segment ending in an abbreviation, an initial ("J.") or a dotted acronym ("U.N."). */
function endsInAbbreviation(segment: string): boolean {
  const word = /(?:^|[\s(])([A-Za-z.]+)\.\s*$/.exec(segment)?.[1];
  if (!word) return false;
  return ABBREVIATIONS.has(word.toLowerCase()) || /^(?:[A-Za-z]\.)*[A-Z]$/.test(word);
}

/** Sentences of `text` (a single paragraph), with breaks after abbreviations undone. */
function sentences(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const last = out.length - 1;
    if (last >= 0 && endsInAbbreviation(out[last]!)) out[last] += segment;
    else out.push(segment);
  }
  return out.map((s) => s.trim()).filter(Boolean);
}

/** The end of `text`, at most `max` characters, from a word's start, after "…". */
function lastWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = text.slice(text.length - (max - 1));
  const space = tail.search(/\s/);
  if (space < 0) return "";
  const words = tail.slice(space).trimStart();
  return words ? `…${words}` : "";
}

/** The start of `text`, at most `max` characters, to a word's end, then "…". */
function firstWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1;
  const head = text.slice(0, room);
  // Keep the last word only when it ends where the room does.
  const cut = /\s/.test(text[room] ?? "") ? room : head.search(/\s\S*$/);
  if (cut <= 0) return "";
  const words = head.slice(0, cut).replace(/[\s,;:–—-]+$/, "");
  return words ? `${words}…` : "";
}

/**
 * The sentence before `[start, end)` of `text` and the sentence after it, each within `max`
 * characters. Reads only a window of about twice `max` around the quote, so a long statement
 * costs no more than a short one.
 */
export function quoteContext(
  text: string,
  start: number,
  end: number,
  max: { before: number; after: number },
): QuoteContext {
  return {
    before: sentenceBefore(text, start, Math.max(0, max.before)),
    after: sentenceAfter(text, end, Math.max(0, max.after)),
  };
}

function sentenceBefore(text: string, start: number, max: number): string {
  if (max < 2) return "";
  const from = Math.max(0, start - 2 * max - 1);
  let window = text.slice(from, start);
  const lineBreak = window.lastIndexOf("\n");
  // The window starts at a sentence start only at a line break or at the start of the text.
  const whole = lineBreak >= 0 || from === 0;
  if (lineBreak >= 0) window = window.slice(lineBreak + 1);
  if (!window.trim()) return "";
  const list = sentences(window);
  const complete = whole ? list : list.slice(1);
  const last = complete.at(-1);
  if (last && last.length <= max) return last;
  return lastWords((list.at(-1) ?? "").trim(), max);
}

function sentenceAfter(text: string, end: number, max: number): string {
  if (max < 2) return "";
  const to = Math.min(text.length, end + 2 * max + 1);
  let window = text.slice(end, to);
  const lineBreak = window.indexOf("\n");
  // The window ends at a sentence end only at a line break or at the end of the text.
  const whole = lineBreak >= 0 || to === text.length;
  if (lineBreak >= 0) window = window.slice(0, lineBreak);
  if (!window.trim()) return "";
  const list = sentences(window);
  const complete = whole ? list : list.slice(0, -1);
  const first = complete[0];
  if (first && first.length <= max) return first;
  return firstWords((list[0] ?? "").trim(), max);
}
