/**
 * What kind of information a sentence holds (a figure, a date, a person...) and what kind a
 * question asks for, so the quote can be the sentence that holds the answer. Pure; sentence
 * features are computed once at index time and stored as a bit mask per sentence.
 */

export const Feature = {
  /** A quantity: a number that is not a year or a day of a date, or a spelled-out amount. */
  figure: 1 << 0,
  percent: 1 << 1,
  money: 1 << 2,
  /** A year (1800 to 2100) or a month name: when something happened. */
  date: 1 << 3,
  /** A person: a title or honorific before a name, or a two-word proper name inside the sentence. */
  person: 1 << 4,
  /** A place: a capitalised name after "in", "at", "near", "from"... */
  place: 1 << 5,
  /** A question ("...?"): in an interview it is the question, not the answer. */
  question: 1 << 6,
  /** Announces what follows ("...made the following statement:"), saying nothing itself. */
  introduction: 1 << 7,
  /** Direct speech: the sentence holds a quotation or lies inside one ("...," she said). */
  speech: 1 << 8,
  /**
   * Continues the sentence before, in the same paragraph: opens with a word pointing back
   * ("These include...", "It was..."); see `continuesBefore`.
   */
  continues: 1 << 9,
} as const;

/** What a question asks for, as the features a sentence answering it would have. */
export type AnswerType =
  "count" | "amount" | "percent" | "money" | "date" | "person" | "place" | "speech";

const MONTH_NAMES =
  "January|February|March|April|May|June|July|August|September|October|November|December";
const MONTH = new RegExp(
  `\\b(?:${MONTH_NAMES}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.)`,
);
const YEAR = /\b(?:1[89]\d\d|20\d\d|2100)s?\b/;
const PERCENT = /\d\s*(?:%|per\s?cent\b|percent\b)|\b(?:percent|per cent|percentage)\b/i;
const MONEY =
  /[$€£¥₹₽]\s?\d|\b\d[\d,.]*\s*(?:million|billion|thousand|bn|m|k)?\s*(?:dollars?|euros?|pounds?|yen|francs?|rupees?|roubles?|rubles?|manats?|pesos?|yuan|usd|eur|gbp|chf|azn)\b|\b(?:USD|EUR|GBP|CHF|AZN|US\$)\s?\d/i;
const NUMBER_WORDS =
  /\b(?:dozens?|hundreds?|thousands?|millions?|billions?|trillions?|half|third|quarter|twice|double|doubled|tripled?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b/i;
const NUMBER_WORD_ALL = new RegExp(NUMBER_WORDS.source, "gi");
/** A spelled number followed by these measures time or repetition. */
const DURATION_AFTER = /^\s+(?:years?|months?|weeks?|days?|hours?|decades?|centuries|times)\b/i;
/**
 * Words opening a sentence that points back at the one before. Not "he" or "she": in a report a
 * new sentence about the speaker ("He stressed the need for...") moves on to another point.
 */
const CONTINUES =
  /^["“'‘(]?(?:This|These|That|Those|It|Its|They|Their|Them|Such|Both|Neither|Either)\b/;
const ONE_AFTER = /^\s+(?:of|another|day|by)\b/i;
const ONE_BEFORE = /\b(?:no|any|every|some|the)\s+$/i;
const TITLES =
  "(?:Mr|Mrs|Ms|Dr|Prof|President|Minister|Ambassador|Secretary|Director|Chair(?:man|woman|person)?|Commissioner|Mayor|Governor|Senator|General|Colonel|Captain|King|Queen|Prince|Princess|Sir|Lord|Lady|Judge|Spokes(?:man|woman|person)|Representative|Envoy|Chief|Inspector|Superintendent|Bishop|Pope|Saint|St)";
const PERSON_TITLE = new RegExp(`\\b${TITLES}\\.?\\s+[A-Z][\\p{L}'’-]+`, "u");
/** Two or three capitalised words in a row, not at the start of the sentence. */
const PROPER_NAME_ALL =
  /(?<=[a-z,;:()]\s)[A-Z][a-z\p{Ll}'’-]+(?:\s[A-Z]\.)?\s[A-Z][a-z\p{Ll}'’-]+/gu;
const PLACE_ALL =
  /\b(?:in|at|near|from|to|across|throughout|outside|inside|around|into)\s+(?:the\s+)?([A-Z][\p{L}'’-]+)/gu;
const INTRODUCTION =
  /(?:following (?:statement|remarks|address|message)|as follows|said|stated|declared|added|noted|wrote)\s*:\s*$|:\s*$/i;

/**
 * Whether the text states a figure: a number that is not a year or a day of a date, or a spelled
 * amount that is not a duration ("four years") or a pronoun ("one of the", "no one").
 */
export function hasFigure(text: string): boolean {
  for (const match of text.matchAll(/\d[\d,.\u202f]*/g)) {
    const digits = match[0].replace(/[^\d.]/g, "");
    const value = Number(digits);
    const isYear = /^\d{4}$/.test(digits) && value >= 1800 && value <= 2100;
    if (isYear) continue;
    // "July 1", "1 July": a day of a date, not a quantity.
    const around = text.slice(Math.max(0, match.index - 10), match.index + match[0].length + 10);
    if (/^\d{1,2}$/.test(digits) && MONTH.test(around)) continue;
    return true;
  }
  for (const match of text.matchAll(NUMBER_WORD_ALL)) {
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 12);
    // "four years", "two weeks", "three times": how long or how often, not how many.
    if (DURATION_AFTER.test(after)) continue;
    // "one of the", "no one", "the one": not a quantity.
    if (match[0].toLowerCase() === "one") {
      const before = text.slice(Math.max(0, match.index - 6), match.index);
      if (ONE_AFTER.test(after) || ONE_BEFORE.test(before)) continue;
    }
    return true;
  }
  return false;
}

/** The last word of a capitalised name that is an organisation, a place or a thing, not a person. */
const NOT_PERSON =
  /^(?:Authority|Agency|Association|Bank|Board|Bureau|Centre|Center|Church|City|Coast|Commission|Committee|Company|Corporation|Council|County|Court|Department|District|Forest|Foundation|Fund|Government|Group|Hall|Harbour|Harbor|Hills?|Hospital|House|Institute|Island|Islands|Lake|Line|Ministry|Mountains?|Nations|Office|Organisation|Organization|Park|Parliament|Party|Port|Programme|Program|Quay|Region|Republic|River|Road|School|Service|Society|Square|State|States|Station|Street|Terminal|Trust|Union|University|Valley|Way|Day|Week|Year|Act|Plan|Strategy|Report|Project|Scheme|Games|Cup|Museum|Airport|Bridge|Dam|Reservoir|Kingdom|Sea|Ocean|Bay|Avenue|Shire|Province|Territory|Team|Unit|Force|Police|Army|Navy)$/;
/** After "in", "at"...: a time or an institution, not a place. */
const NOT_PLACE = new RegExp(
  `^(?:${MONTH_NAMES}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Christmas|Easter|Parliament|Government|Congress)$`,
);

/** A two- or three-word capitalised name inside the sentence that is not an organisation or place. */
function hasPersonName(text: string): boolean {
  for (const match of text.matchAll(PROPER_NAME_ALL)) {
    const last = match[0].split(/\s+/).at(-1)!;
    if (!NOT_PERSON.test(last)) return true;
  }
  return false;
}

/** A capitalised name after "in", "at", "from"..., other than a month, a day or an institution. */
function hasPlace(text: string): boolean {
  for (const match of text.matchAll(PLACE_ALL)) if (!NOT_PLACE.test(match[1]!)) return true;
  return false;
}

/**
 * Whether a sentence points back at the one before it, within a paragraph ("These include...",
 * "It was..."): it finishes what that one says. `before` is the statement text before it.
 */
export function continuesBefore(sentence: string, before: string): boolean {
  return CONTINUES.test(sentence.trimStart()) && !/\n\s*$/.test(before) && /\S/.test(before);
}

/** The features of one sentence, as a bit mask of `Feature`. */
export function sentenceFeatures(text: string): number {
  let flags = 0;
  if (hasFigure(text)) flags |= Feature.figure;
  if (PERCENT.test(text)) flags |= Feature.percent | Feature.figure;
  if (MONEY.test(text)) flags |= Feature.money | Feature.figure;
  if (YEAR.test(text) || MONTH.test(text) || /\b\d{4}-\d{2}-\d{2}\b/.test(text))
    flags |= Feature.date;
  if (PERSON_TITLE.test(text) || hasPersonName(text)) flags |= Feature.person;
  if (hasPlace(text)) flags |= Feature.place;
  const trimmed = text.trim();
  if (/\?["'”’)]*$/.test(trimmed)) flags |= Feature.question;
  if (INTRODUCTION.test(trimmed) && /:\s*$/.test(trimmed)) flags |= Feature.introduction;
  return flags;
}

/** "what did X say", "what has X told": X is the first group. */
const SAID_BY =
  /\bwhat (?:did|does|do|has|have|had|will|would) (.+?) (?:say|said|tell|told|warn|warned|claim|claimed|think|argue|argued|write|wrote)\b/i;
/** "according to X, ...": X is the first group. */
const ACCORDING_TO = /\baccording to (.+?)(?:[,?]|$)/i;

const ANSWER_TYPES: Array<[AnswerType, RegExp]> = [
  [
    "percent",
    /\b(?:what|which) (?:percentage|percent|share|proportion|fraction|rate)\b|\bhow (?:many|much) per ?cent\b|\bper ?cent(?:age)? of\b|\bwhat (?:portion|part) of\b/i,
  ],
  [
    "money",
    /\bhow much (?:money|funding|did .* (?:cost|spend|pay|raise|receive|invest|allocate)|does .* cost|will .* cost|is .* worth|was .* worth)|\bwhat (?:is|was|will be) the (?:cost|price|budget|value|fee)\b|\bhow much (?:was|is|were|are|will) (?:spent|paid|raised|invested|allocated|budgeted|pledged|given)\b/i,
  ],
  ["count", /\bhow many\b|\bwhat (?:number|total|count)\b|\bthe number of\b/i],
  [
    "amount",
    /\bhow (?:much|large|big|high|long|far|often|deep|tall|wide|old|fast|heavy)\b|\bwhat (?:amount|size|level|volume|rate|figure)\b/i,
  ],
  // "what has the recovery cost", "budget for 2025": money, once counts and amounts are ruled out.
  [
    "money",
    /\b(?:cost|costs|spent|spend|budget|budgets|paid|price|prices|worth|funding|fee|fees)\b/i,
  ],
  // "what is the population of...", "what was unemployment in 2016": a measured quantity.
  [
    "amount",
    /\bwhat (?:is|was|are|were|will be|has been)\b(?:\s+(?:the|its|their|[\p{L}'’-]+['’]s?))?(?:\s+[\p{L}-]+)?\s+(?:population|unemployment|inflation|turnout|ridership|growth|exports|imports|revenues?|income|output|production|capacity|deficit|debt|wages?|salary|salaries|attendance|toll|traffic|emissions|enrol?lment|throughput|volume|leakage|demand|supply|surplus|sales|profits?|losses|yield|height|depth|length|width|area|distance|speed|weight|temperature|score|majority|margin)\b/iu,
  ],
  // "missing persons stats", "latest ridership figures": a figure of some kind.
  ["amount", /\b(?:stats?|statistics|figures?|numbers?|totals?|tally|count)\b/i],
  [
    "date",
    /^(?:when|since when|until when)\b|\b(?:when|what year|which year|what date|what month|which month|what time|how long ago|in what year|in which year|by when)\b/i,
  ],
  [
    "person",
    /^(?:who|whom|whose)\b|\b(?:who|whom|whose)\b|\b(?:which|what) (?:person|official|minister|leader|member|people|man|woman|councillor|councilor|mayor|director|president|chair(?:man|woman|person)?|spokes(?:man|woman|person)|executive|manager|officer|judge|candidate|politician|commissioner|governor|senator|author|architect|engineer|scientist|player|coach|captain)s?\b/i,
  ],
  [
    "place",
    /^where\b|\bwhere\b|\b(?:which|what) (?:city|country|town|region|place|location|area|village|province|state|site|port|district)\b/i,
  ],
  // "what did X say about Y", "according to X": X's own words.
  [
    "speech",
    new RegExp(
      `${SAID_BY.source}|${ACCORDING_TO.source}|\\bhow did .+? (?:describe|respond|react)\\b|\\bwhat was .+? (?:reaction|response|view|message)\\b`,
      "i",
    ),
  ],
];

/** What the question asks for, by its wording; null for questions of another kind ("why", "what happened"). */
export function answerType(question: string): AnswerType | null {
  for (const [type, pattern] of ANSWER_TYPES) if (pattern.test(question)) return type;
  return null;
}

/** Whose words a "what did X say (about Y)" question asks for: X as written, or null. */
export function speechSubject(question: string): string | null {
  return (SAID_BY.exec(question) ?? ACCORDING_TO.exec(question))?.[1] ?? null;
}

/** The sentence features that hold an answer of the given type. */
export function featuresFor(type: AnswerType | null): number {
  switch (type) {
    case "count":
    case "amount":
      return Feature.figure;
    case "percent":
      return Feature.percent;
    case "money":
      return Feature.money;
    case "date":
      return Feature.date;
    case "person":
      return Feature.person;
    case "place":
      return Feature.place;
    case "speech":
      return Feature.speech;
    case null:
      return 0;
  }
}

/** Opening and closing quotation marks; a straight double quote does either. */
const QUOTE_MARKS = /["“”«»„]|\n/g;

/**
 * Whether a quotation is still open at the end of `text`. A paragraph break ends any quotation:
 * a quotation running over paragraphs opens again at the next one.
 */
export function quotationOpenAfter(text: string, openAtStart = false): boolean {
  let open = openAtStart;
  for (const [mark] of text.matchAll(QUOTE_MARKS)) {
    if (mark === "\n" || mark === "”" || mark === "»") open = false;
    else if (mark === "“" || mark === "«" || mark === "„") open = true;
    else open = !open;
  }
  return open;
}

/**
 * Which sentences of `text` (spans, in order) are direct speech: those holding a quotation mark
 * and those inside a quotation that spans sentences ("We are ready. We have been for years," she
 * said). `from` is where reading starts and whether a quotation is open there (by default the
 * start of the text, outside any quotation).
 */
export function directSpeech(
  text: string,
  sentences: ReadonlyArray<readonly [number, number]>,
  from: { at: number; open: boolean } = { at: 0, open: false },
): boolean[] {
  let { at, open } = from;
  return sentences.map(([start, end]) => {
    open = quotationOpenAfter(text.slice(at, start), open);
    const sentence = text.slice(start, end);
    const speech = open || /["“”«»„]/.test(sentence);
    open = quotationOpenAfter(sentence, open);
    at = end;
    return speech;
  });
}
