/** Reading a question: the period it names, its intent, and what is left to search for. Pure. */
import { dateProblem } from "./corpus/metadata.js";
import { QueryError } from "./errors.js";
import { type AnswerType, answerType } from "./features.js";

export const MAX_QUESTION_CHARS = 1000;

export interface QuestionFilters {
  since: string | null;
  until: string | null;
}

/** A period written in the question: a preference, never a filter. */
export interface QuestionPeriod {
  since: string | null;
  until: string | null;
  /** The words it was read from ("in 2022", "since March 2020"). */
  phrase: string;
  /** The years it names, as index terms ("2022"): passages that mention them are preferred. */
  years: string[];
}

export interface ParsedQuestion {
  /** The question with the period phrase and time words removed: what gets searched. */
  searchText: string;
  /** The period written in the question ("in 2024", "since March 2022"), if any. */
  period: QuestionPeriod | null;
  /** "still", "now", "latest": the most recent answering passages first (unless a period is named). */
  wantsLatest: boolean;
  /** What kind of answer the question asks for (a count, a date, a person...). */
  answerType: AnswerType | null;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTH_PATTERN = `(${MONTHS.join("|")}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?`;
const YEAR = "((?:19|20)\\d{2})";

const LATEST =
  /\b(still|now|nowadays|latest|currently|current|most recent(ly)?|recent(ly)?|as of (now|today)|today|to date|so far|anymore|any more|these days|at present|presently|up to date|newest|last update)\b/i;
function monthIndex(name: string): number {
  const key = name.toLowerCase().replace(/\.$/, "").slice(0, 3);
  return MONTHS.findIndex((month) => month.startsWith(key));
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

interface DateRule {
  pattern: RegExp;
  apply: (match: RegExpExecArray) => QuestionFilters;
}

/** Range of a year, or of a month in a year. */
function period(yearText: string, monthText?: string): { first: string; last: string } {
  const year = Number(yearText);
  if (monthText) {
    const month = monthIndex(monthText);
    return { first: iso(year, month, 1), last: iso(year, month, lastDay(year, month)) };
  }
  return { first: iso(year, 0, 1), last: iso(year, 11, 31) };
}

const PERIOD = `(?:${MONTH_PATTERN}\\s+)?${YEAR}`;
const DATE_RULES: DateRule[] = [
  {
    pattern: new RegExp(`\\bbetween\\s+${PERIOD}\\s+and\\s+${PERIOD}\\b`, "i"),
    apply: (m) => ({ since: period(m[2]!, m[1]).first, until: period(m[4]!, m[3]).last }),
  },
  {
    pattern: new RegExp(`\\bfrom\\s+${PERIOD}\\s+(?:to|until|till|through)\\s+${PERIOD}\\b`, "i"),
    apply: (m) => ({ since: period(m[2]!, m[1]).first, until: period(m[4]!, m[3]).last }),
  },
  {
    pattern: /\b(?:on\s+)?(\d{4}-\d{2}-\d{2})\b/i,
    apply: (m) => ({ since: m[1]!, until: m[1]! }),
  },
  {
    pattern: new RegExp(`\\b(?:since|after|from)\\s+${PERIOD}\\b`, "i"),
    apply: (m) => ({ since: period(m[2]!, m[1]).first, until: null }),
  },
  {
    pattern: new RegExp(`\\b(?:before|until|till|prior to)\\s+${PERIOD}\\b`, "i"),
    apply: (m) => {
      const first = period(m[2]!, m[1]).first;
      const day = new Date(`${first}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() - 1);
      return { since: null, until: day.toISOString().slice(0, 10) };
    },
  },
  {
    pattern: new RegExp(`\\b(?:in|during|as of|for|by)\\s+${PERIOD}\\b`, "i"),
    apply: (m) => {
      const range = period(m[2]!, m[1]);
      return { since: range.first, until: range.last };
    },
  },
  {
    // A month and year or a bare year anywhere ("container volume 2023", "the 2020 ceasefire").
    pattern: new RegExp(`\\b${PERIOD}\\b`, "i"),
    apply: (m) => {
      const range = period(m[2]!, m[1]);
      return { since: range.first, until: range.last };
    },
  },
];

/**
 * The question with its white space collapsed. Text with no visible letter or digit (only
 * zero-width or other format characters, punctuation, symbols, or Hangul fillers, which display as
 * blanks) comes back empty: there is nothing to search for.
 */
export function visibleQuestion(text: string): string {
  const question = text.replace(/\s+/g, " ").trim();
  return /[\p{L}\p{N}]/u.test(question.replace(/[\u115F\u1160\u3164\uFFA0]/g, "")) ? question : "";
}

export function validateQuestion(raw: string): string {
  const question = visibleQuestion(raw);
  if (!question) {
    throw new QueryError('The question is empty: ask something like "how many are still missing?"');
  }
  if (question.length > MAX_QUESTION_CHARS) {
    throw new QueryError(
      `The question is ${question.length} characters long; keep it under ${MAX_QUESTION_CHARS} characters.`,
    );
  }
  return question;
}

export function parseQuestion(raw: string): ParsedQuestion {
  const question = validateQuestion(raw);
  let searchText = question;
  let period: QuestionPeriod | null = null;
  for (const rule of DATE_RULES) {
    const match = rule.pattern.exec(searchText);
    if (!match) continue;
    const candidate = rule.apply(match);
    const valid = [candidate.since, candidate.until].every(
      (d) => d === null || dateProblem(d) === null,
    );
    if (!valid) continue;
    const phrase = match[0].trim();
    period = { ...candidate, phrase, years: [...new Set(phrase.match(/\d{4}/g) ?? [])] };
    searchText = (
      searchText.slice(0, match.index) +
      " " +
      searchText.slice(match.index + match[0].length)
    )
      .replace(/\s+/g, " ")
      .replace(/\s+([?.!,;:])/g, "$1")
      .trim();
    break;
  }
  // "still", "so far", "to date" say when, not what: they are not searched for.
  const withoutTime = searchText
    .replace(new RegExp(LATEST.source, "gi"), " ")
    .replace(/\s+/g, " ")
    .trim();
  return {
    searchText: withoutTime || searchText || question,
    period,
    // A period named in the question says which time is meant; "still" then means "then".
    wantsLatest: period === null && LATEST.test(question),
    answerType: answerType(question),
  };
}

/** Checks --since/--until values; the message names the option and the value. */
export function checkDateOption(name: string, value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  const problem = dateProblem(value.trim());
  if (problem) throw new QueryError(`${name}: ${problem}; use YYYY-MM-DD, for example 2024-03-01.`);
  return value.trim();
}
