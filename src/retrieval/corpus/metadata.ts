/** Pure helpers that read dates, datelines, speakers and sources out of statement text. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Returns the reason a date string is unusable, or null when it is a real calendar date
 * in YYYY-MM-DD form between 1800 and 2100.
 */
export function dateProblem(value: string): string | null {
  const match = ISO_DATE.exec(value);
  if (!match) {
    const written = readWrittenDate(value);
    const fix = written && written.text === value.trim() ? `: ${isoAdvice(written.iso)}` : "";
    return `date "${value}" is not in YYYY-MM-DD form${fix}`;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!realDate(year, month, day)) return `date "${value}" is not a real calendar date`;
  if (year < 1800 || year > 2100) return `date "${value}" is outside the years 1800 to 2100`;
  return null;
}

function realDate(year: number, month: number, day: number): boolean {
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return (
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() === month - 1 &&
    parsed.getUTCDate() === day
  );
}

const MONTH_NUMBERS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH_NAME =
  "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
/** "March 3, 2024", "Mar. 3 2024". */
const MONTH_DAY_YEAR = new RegExp(`^${MONTH_NAME}\\s+${DAY},?\\s+(\\d{4})\\b`, "i");
/** "3 March 2024", "3rd March, 2024". */
const DAY_MONTH_YEAR = new RegExp(`^${DAY}\\s+${MONTH_NAME},?\\s+(\\d{4})\\b`, "i");
/** "03/03/2024", "3.3.2024", "03-03-2024": month and day in either order. */
const NUMERIC_EITHER_ORDER = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/;
/** "2024/03/03", "2024.3.3", "2024-3-3". */
const NUMERIC_YEAR_FIRST = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\b/;

const iso = (year: number, month: number, day: number): string | null =>
  realDate(year, month, day)
    ? `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`
    : null;

/**
 * A date written the way people write them, at the start of `text`, with its YYYY-MM-DD form:
 * one form, or two for a numeric date that reads both ways ("04/03/2024": April 3 or 4 March,
 * month-first reading first). Null when the text does not start with such a date.
 */
export function readWrittenDate(text: string): { text: string; iso: string[] } | null {
  const start = text.trimStart();
  const month = (name: string) => MONTH_NUMBERS[name.slice(0, 3).toLowerCase()] ?? 0;
  const found = (match: RegExpExecArray, forms: Array<string | null>) => {
    const unique = [...new Set(forms.filter((f): f is string => f !== null))];
    return unique.length ? { text: match[0], iso: unique } : null;
  };
  let match = MONTH_DAY_YEAR.exec(start);
  if (match) return found(match, [iso(Number(match[3]), month(match[1]!), Number(match[2]))]);
  match = DAY_MONTH_YEAR.exec(start);
  if (match) return found(match, [iso(Number(match[3]), month(match[2]!), Number(match[1]))]);
  match = NUMERIC_YEAR_FIRST.exec(start);
  if (match) return found(match, [iso(Number(match[1]), Number(match[2]), Number(match[3]))]);
  match = NUMERIC_EITHER_ORDER.exec(start);
  if (match) {
    const [a, b, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return found(match, [iso(year, a, b), iso(year, b, a)]);
  }
  return null;
}

/** "write it as 2024-03-03", or both readings of a date that reads two ways. */
export function isoAdvice(forms: readonly string[]): string {
  if (forms.length === 1) return `write it as ${forms[0]}`;
  return `write it as ${forms[0]} (if the month comes first) or ${forms[1]} (if the day comes first)`;
}

/**
 * Statements dated after `today` (YYYY-MM-DD), each as one line naming the statement and its date.
 * They are indexed (the date may be right: an embargoed text), but a typo such as 2099 for 2009
 * would sort the statement first in every "latest" answer, so the maintainer is told.
 */
export function futureDateWarnings(
  statements: ReadonlyArray<{ docId: string; date: string }>,
  today: string,
): string[] {
  return statements
    .filter((s) => s.date > today)
    .map(
      (s) => `${s.docId}: dated ${s.date}, after today (${today}); indexed anyway, check the date`,
    );
}

/** Normalises a date value from YAML or JSON (a string or a Date) into YYYY-MM-DD, or explains why not. */
export function normaliseDate(value: unknown): { date: string } | { problem: string } {
  if (value === undefined || value === null || value === "") return { problem: "no date given" };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { problem: "date is not a real calendar date" };
    const iso = value.toISOString().slice(0, 10);
    const problem = dateProblem(iso);
    return problem ? { problem } : { date: iso };
  }
  if (typeof value !== "string")
    return { problem: `date must be text in YYYY-MM-DD form, got ${JSON.stringify(value)}` };
  const text = value.trim();
  const problem = dateProblem(text);
  return problem ? { problem } : { date: text };
}

const MONTH =
  "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
/**
 * "BAKU, Azerbaijan, July 1." or "NEW YORK, Nov. 3 -" or "HALVARD, 15 May 2024 –": an upper-case
 * place, optional region, month and day (either order), optional year.
 */
const DATELINE = new RegExp(
  `^([A-Z][A-Z .'\u2019-]*[A-Z](?:, [A-Z][\\w .'\u2019-]*?)*, (?:${MONTH} \\d{1,2}(?:, \\d{4})?|\\d{1,2} ${MONTH}(?:,? \\d{4})?))(?:\\.|\\s+[-\u2013\u2014])\\s+`,
);

/** Splits a leading dateline off a body. `rest` starts where the statement proper starts. */
export function splitDateline(body: string): { dateline: string | null; offset: number } {
  const match = DATELINE.exec(body);
  if (!match || !match[1]) return { dateline: null, offset: 0 };
  const dateline = body.slice(0, match[0].trimEnd().length);
  return { dateline, offset: match[0].length };
}

const TITLE_WORDS = new Set(
  "President Vice Prime Minister Deputy Representative Ambassador Secretary Spokesperson Spokesman Spokeswoman Director Chair Chairman Chairperson Commissioner Envoy Governor Mayor Senator Head Chief Adviser Advisor Counsellor Counselor Delegate Rapporteur Coordinator Officer Speaker King Queen General Colonel Dr Prof Mr Mrs Ms".split(
    " ",
  ),
);
const SPEECH_VERB =
  "(?:made|delivered|gave|said|stated|told|noted|addressed|stressed|emphasized|emphasised|declared|announced|spoke|remarked|underlined|highlighted|added)";
const NAME_WORD = "[A-Z][a-z\u00C0-\u017F'\u2019-]+";
const NAME_BEFORE_VERB = new RegExp(
  `((?:${NAME_WORD}\\s+){0,6}?)(${NAME_WORD}(?:\\s+${NAME_WORD})?)\\s+${SPEECH_VERB}\\b`,
  "g",
);

/**
 * A two-word name, then the body the person speaks for ("Anna Kovalska of the Commission on
 * Missing Persons made", "Helena Brandt, Director of the Water Authority, said").
 */
const NAME_THEN_BODY = new RegExp(
  `()(${NAME_WORD}\\s+${NAME_WORD})(?:,| of\\b| from\\b| at\\b)[^.:;\\n]{0,120}?\\s${SPEECH_VERB}\\b`,
  "g",
);
/** Words that, right before capitalised words, make them part of a name of something else. */
const INSIDE_A_NAME = new Set(["of", "on", "for", "the", "and", "to", "in"]);

/**
 * Recognises the speaker where it can be done reliably: a two-word name right before a speech
 * verb in the opening (or before the body they speak for), preceded by a title ("Permanent
 * Representative ... Tofig Musayev made") or whose surname is used again later in the text
 * ("..., Musayev said").
 */
export function recogniseSpeaker(body: string): string | null {
  const opening = body.slice(0, 600);
  const matches = [...opening.matchAll(NAME_BEFORE_VERB), ...opening.matchAll(NAME_THEN_BODY)].sort(
    (a, b) => (a.index ?? 0) - (b.index ?? 0),
  );
  for (const match of matches) {
    const before = (match[1] ?? "").trim().split(/\s+/);
    const words = (match[2] ?? "").split(/\s+/);
    // The name is the last two capitalised words; a single word needs the word before it.
    const name = words.length === 2 ? words : [before.at(-1) ?? "", ...words];
    const first = name[0] ?? "";
    const surname = name[1] ?? "";
    if (!first || !surname || TITLE_WORDS.has(first) || TITLE_WORDS.has(surname)) continue;
    const start = match.index ?? 0;
    // "the Commission on Missing Persons made": capitalised words of an organisation's name.
    const wordBefore = opening.slice(0, start + (match[1] ?? "").length).match(/(\w+)\s*$/)?.[1];
    if (words.length === 2 && wordBefore && INSIDE_A_NAME.has(wordBefore)) continue;
    const lead = opening.slice(Math.max(0, start - 80), start).split(/\W+/);
    const titled = [...lead, ...before].some((word) => TITLE_WORDS.has(word));
    const rest = body.slice(start + match[0].length);
    const surnameAgain = new RegExp(`\\b${surname}\\b`).test(rest);
    if (titled || surnameAgain) return `${first} ${surname}`;
  }
  return null;
}

/** Up to four capitalised words: "Trend", "Associated Press", "Anadolu Agency". */
const OUTLET = "[A-Z][\\w.&'\u2019-]*(?: [A-Z][\\w.&'\u2019-]*){0,3}";
const REPORTS_VERB = "\\s+report(?:s|ed)\\b";
/**
 * Where an outlet is named as the one reporting: after a comma ("..., Trend reports, citing ...",
 * "..., the Associated Press reported"), after "the" ("the BBC reported"), or opening a sentence
 * ("Reuters reported that ...").
 */
const REPORTS = [
  new RegExp(`,\\s+(?:the\\s+)?(${OUTLET})${REPORTS_VERB}`, "g"),
  new RegExp(`\\b[Tt]he\\s+(${OUTLET})${REPORTS_VERB}`, "g"),
  new RegExp(`(?:^|[.!?:]\\s+)(${OUTLET})${REPORTS_VERB}`, "g"),
];
/** Capitalised words that report without being an outlet: pronouns, officials, institutions. */
const NOT_AN_OUTLET = new Set(
  "He She It They We I You This That These Those There Officials Authorities Police Witnesses Sources Residents Media Observers Ministry Government Committee Commission Council Department Office Army Court Report Reports Survey Study".split(
    " ",
  ),
);

/**
 * The outlet a statement names as reporting it, in its opening; never a person (a title, or the
 * statement's speaker, "Ortiz reported") or a pronoun or institution that starts a sentence.
 */
export function recogniseSource(body: string, speaker: string | null = null): string | null {
  const opening = body.slice(0, 600);
  const speakerNames = new Set(speaker ? [speaker, ...speaker.split(/\s+/)] : []);
  const candidates = REPORTS.flatMap((pattern) =>
    [...opening.matchAll(pattern)].map((match) => ({
      at: (match.index ?? 0) + match[0].indexOf(match[1]!),
      name: match[1]!.replace(/^The\s+/, ""),
    })),
  ).sort((a, b) => a.at - b.at);
  for (const { name } of candidates) {
    const words = name.split(" ");
    if (words.some((word) => TITLE_WORDS.has(word)) || speakerNames.has(name)) continue;
    if (words.length === 1 && NOT_AN_OUTLET.has(name)) continue;
    if (speakerNames.has(words.at(-1)!)) continue;
    return name;
  }
  return null;
}
