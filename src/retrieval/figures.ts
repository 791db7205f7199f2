/**
 * Reading the figures a sentence states: "nearly 4,000", "3.9 million", "twelve thousand", "61%",
 * "61 per cent", "$4.2 billion", "120 million euros", "between 300 and 400", "5,000 hectares",
 * each with its qualifier, unit and offsets. Years, dates, ages, ordinals, decades, times and
 * reference numbers ("resolution 1325") are not figures. Pure; which figure answers a question is
 * decided in figure-choice.ts.
 */
import { processTerm } from "./terms.js";

/** A qualifier normalised: "some", "around" and "an estimated" are all "about". */
export type Qualifier =
  "about" | "nearly" | "more than" | "at least" | "fewer than" | "up to" | "between";

export type FigureUnit =
  | { kind: "count"; noun: string | null }
  | { kind: "percent" }
  | { kind: "percentage points" }
  | { kind: "money"; currency: string }
  | { kind: "area"; measure: string };

export interface Figure {
  /** The number; the middle of a range. */
  value: number;
  /** Bounds of a range ("between 300 and 400"), else null. */
  range: [number, number] | null;
  /** The figure as written, qualifier and unit sign included: "Nearly 4,000", "$4.2 billion". */
  text: string;
  qualifier: Qualifier | null;
  unit: FigureUnit;
  /** Offsets of `text` in the sentence. */
  start: number;
  end: number;
  /** An earlier value given for comparison ("down from 12,400", "compared with 300"). */
  comparison: boolean;
  /** Tokens of the figure itself and of its count noun (for figure-choice.ts). */
  firstToken: number;
  lastToken: number;
  nounToken: number | null;
}

export interface Token {
  text: string;
  /** Lower case. */
  lower: string;
  start: number;
  end: number;
  kind: "number" | "word" | "symbol";
}

const TOKEN = /\d+(?:[,\u00a0\u202f]\d{3})*(?:\.\d+)?|\p{L}+(?:['’-]\p{L}+)*|\S/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const kind = /^\d/.test(raw) ? "number" : /^\p{L}/u.test(raw) ? "word" : "symbol";
    tokens.push({
      text: raw,
      lower: raw.toLowerCase(),
      start: match.index,
      end: match.index + raw.length,
      kind,
    });
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Words and tables

const SMALL: Record<string, number> = Object.fromEntries(
  "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
    .split(" ")
    .map((word, value) => [word, value]),
);
const TENS: Record<string, number> = Object.fromEntries(
  "twenty thirty forty fifty sixty seventy eighty ninety"
    .split(" ")
    .map((w, i) => [w, 20 + 10 * i]),
);
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
};
/** Scale words written after digits: "3.9 million", "$4.2bn". "m" and "k" only for money. */
const DIGIT_SCALES: Record<string, number> = {
  thousand: 1e3,
  million: 1e6,
  millions: 1e6,
  mn: 1e6,
  billion: 1e9,
  billions: 1e9,
  bn: 1e9,
  trillion: 1e12,
};
const MONEY_SCALES: Record<string, number> = { m: 1e6, k: 1e3 };

const CURRENCY_SIGNS: Record<string, string> = {
  $: "USD",
  "€": "EUR",
  "£": "GBP",
  "¥": "JPY",
  "₼": "AZN",
  "₽": "RUB",
  "₴": "UAH",
  "₹": "INR",
};
const CURRENCY_CODES = new Set(
  "USD EUR GBP JPY AZN RUB UAH INR CHF CNY CAD AUD TRY SEK NOK DKK PLN AMD GEL KZT".split(" "),
);
const CURRENCY_WORDS: Record<string, string> = {
  dollar: "USD",
  dollars: "USD",
  euro: "EUR",
  euros: "EUR",
  pound: "GBP",
  pounds: "GBP",
  sterling: "GBP",
  manat: "AZN",
  manats: "AZN",
  franc: "CHF",
  francs: "CHF",
  yen: "JPY",
  rouble: "RUB",
  roubles: "RUB",
  ruble: "RUB",
  rubles: "RUB",
  hryvnia: "UAH",
  hryvnias: "UAH",
  lira: "TRY",
  yuan: "CNY",
  rupee: "INR",
  rupees: "INR",
};
const AREA_WORDS: Record<string, string> = {
  hectare: "hectares",
  hectares: "hectares",
  ha: "hectares",
  acre: "acres",
  acres: "acres",
  km2: "km²",
  "km²": "km²",
};

/** Qualifiers as written before a figure, longest first. */
const QUALIFIERS: Array<[string, Qualifier]> = (
  [
    ["no fewer than", "at least"],
    ["no less than", "at least"],
    ["not less than", "at least"],
    ["a minimum of", "at least"],
    ["at least", "at least"],
    ["more than", "more than"],
    ["in excess of", "more than"],
    ["upwards of", "more than"],
    ["just over", "more than"],
    ["well over", "more than"],
    ["over", "more than"],
    ["above", "more than"],
    ["fewer than", "fewer than"],
    ["less than", "fewer than"],
    ["under", "fewer than"],
    ["below", "fewer than"],
    ["up to", "up to"],
    ["as many as", "up to"],
    ["as much as", "up to"],
    ["no more than", "up to"],
    ["at most", "up to"],
    ["a maximum of", "up to"],
    ["close to", "nearly"],
    ["just under", "nearly"],
    ["just below", "nearly"],
    ["just shy of", "nearly"],
    ["almost", "nearly"],
    ["nearly", "nearly"],
    ["an estimated", "about"],
    ["estimated", "about"],
    ["approximately", "about"],
    ["approx", "about"],
    ["roughly", "about"],
    ["around", "about"],
    ["about", "about"],
    ["circa", "about"],
    ["some", "about"],
  ] as Array<[string, Qualifier]>
).sort((a, b) => b[0].length - a[0].length);

const MONTHS = new Set(
  "january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split(
    " ",
  ),
);
/** Words after which a number is a label, not a quantity: "resolution 1325", "article 5". */
const REFERENCE_WORDS = new Set(
  "resolution resolutions article articles paragraph paragraphs section sections chapter item items no nos page pages phase annex rule protocol table figure point session room line route highway level grade category class code decree vol volume part box step stage round version act case file report district zone sector unit block building floor platform gate track exit road street".split(
    " ",
  ),
);
const AGE_PEOPLE = new Set(
  "children child minors minor persons people those women men boys girls adults youths young aged"
    .split(" ")
    .concat(["anyone", "everyone"]),
);
const IRREGULAR_PLURALS = new Set(
  "people children women men police personnel staff cattle livestock feet teeth data media crew".split(
    " ",
  ),
);

/** Whether a word looks like a plural noun: what a count above one is a count of. */
export function isPluralNoun(word: string): boolean {
  const w = word.toLowerCase();
  if (IRREGULAR_PLURALS.has(w)) return true;
  if (processTerm(w) === null) return false; // a stop word
  return w.length > 3 && /s$/.test(w) && !/(ss|us|is|ous|'s|’s)$/.test(w);
}

// ---------------------------------------------------------------------------------------------
// Reading

interface NumberRead {
  value: number;
  first: number;
  last: number;
  /** A scale word was read ("million"), so "m"/"k" checks are not needed. */
  scaled: boolean;
  words: boolean;
}

function wordValue(word: string): number | null {
  if (word in SMALL) return SMALL[word]!;
  if (word in TENS) return TENS[word]!;
  const [tens, unit] = word.split("-");
  if (tens && unit && tens in TENS && unit in SMALL && SMALL[unit]! < 10)
    return TENS[tens]! + SMALL[unit]!;
  return null;
}

function digitsValue(text: string): number | null {
  const plain = text.replace(/[,\u00a0\u202f]/g, "");
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}

/** "twelve thousand two hundred", "two hundred and fifty", "a dozen", "half a million", "forty-two". */
function readWords(tokens: Token[], i: number): NumberRead | null {
  const at = (k: number) => tokens[k]?.lower ?? "";
  if (at(i) === "half" && at(i + 1) === "a" && at(i + 2) in SCALES) {
    return { value: SCALES[at(i + 2)]! / 2, first: i, last: i + 2, scaled: true, words: true };
  }
  let total = 0;
  let current = 0;
  let j = i;
  let last = -1;
  let scaled = false;
  /** What the previous word was, for which words may follow: "twenty five", not "two three". */
  let previous: "start" | "unit" | "tens" | "scale" | "and" = "start";
  if ((at(j) === "a" || at(j) === "an") && (at(j + 1) in SCALES || at(j + 1) === "dozen")) {
    current = 1;
    previous = "unit";
    j++;
  }
  for (; j < tokens.length; j++) {
    const word = at(j);
    const value = tokens[j]!.kind === "word" ? wordValue(word) : null;
    if (value !== null) {
      const follows =
        previous === "start" ||
        previous === "scale" ||
        previous === "and" ||
        (previous === "tens" && value < 10);
      if (!follows) break;
      current += value;
      previous = value >= 20 && value % 10 === 0 ? "tens" : "unit";
    } else if ((word in SCALES || word === "dozen") && previous !== "start" && previous !== "and") {
      const scale = word === "dozen" ? 12 : SCALES[word]!;
      if (scale < 1000) current = (current || 1) * scale;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      previous = "scale";
      scaled = true;
    } else if (word === "and" && previous === "scale" && wordValue(at(j + 1)) !== null) {
      previous = "and";
      continue;
    } else {
      break;
    }
    last = j;
  }
  if (last < i) return null;
  // "one" alone is a pronoun more often than a figure ("one of the", "no one").
  if (last === i && tokens[i]!.lower === "one") return null;
  return { value: total + current, first: i, last, scaled, words: true };
}

/** "4,000", "3.9 million", "4.2bn". */
function readDigits(tokens: Token[], i: number): NumberRead | null {
  const value = digitsValue(tokens[i]!.text);
  if (value === null) return null;
  const next = tokens[i + 1];
  if (next && next.kind === "word" && next.lower in DIGIT_SCALES) {
    return {
      value: value * DIGIT_SCALES[next.lower]!,
      first: i,
      last: i + 1,
      scaled: true,
      words: false,
    };
  }
  return { value, first: i, last: i, scaled: false, words: false };
}

const isTight = (a: Token | undefined, b: Token | undefined) => !!a && !!b && a.end === b.start;

/** Why a number is not a figure, or null when it is one. */
function notAFigure(tokens: Token[], read: NumberRead, excluded: Array<[number, number]>): boolean {
  const first = tokens[read.first]!;
  const last = tokens[read.last]!;
  if (excluded.some(([s, e]) => first.start < e && s < last.end)) return true;
  const after = tokens[read.last + 1];
  const before = tokens[read.first - 1];
  const before2 = tokens[read.first - 2];
  if (!read.words) {
    // Ordinals and decades: "3rd", "21st", "1990s".
    if (after && isTight(last, after) && /^(st|nd|rd|th|s)$/.test(after.lower)) return true;
    // Times: "10:30", "3 p.m.".
    if (after?.text === ":" && isTight(last, after) && tokens[read.last + 2]?.kind === "number")
      return true;
    if (before?.text === ":" && isTight(before, first) && before2?.kind === "number") return true;
    if (after && /^(a\.?m|p\.?m)$/.test(after.lower.replace(/\.$/, ""))) return true;
    // Years: four digits from 1800 to 2100, with no separator and no unit or scale.
    if (!read.scaled && /^\d{4}$/.test(first.text)) {
      const year = Number(first.text);
      if (year >= 1800 && year <= 2100 && !unitFollows(tokens, read.last)) return true;
    }
    // "2023-24", "2019/20": the second part of a year range.
    if (
      before &&
      /^[-–/]$/.test(before.text) &&
      isTight(before, first) &&
      before2 &&
      isTight(before2, before) &&
      /^\d{4}$/.test(before2.text)
    )
      return true;
  }
  // Ratios: "one in five", "1 in 4" (not "300 in 2020", "400 in 12 villages").
  const small = (t: Token | undefined) => {
    const value = !t ? null : t.kind === "number" ? digitsValue(t.text) : wordValue(t.lower);
    return value !== null && value >= 1 && value <= 10 ? value : null;
  };
  const other = tokens[read.last + 2];
  const notYear = (t: Token | undefined) => !!t && !/^\d{4}$/.test(t.text);
  if (before?.lower === "in" && (small(before2) ?? Infinity) < read.value) return true;
  if (after?.lower === "in" && read.value <= 10 && notYear(other)) {
    const next = other?.kind === "number" ? digitsValue(other.text) : wordValue(other?.lower ?? "");
    if (next !== null && next > read.value) return true;
  }
  // Days of a month: "1 July", "July 1", "1st of July".
  if (
    after &&
    after.kind === "word" &&
    MONTHS.has(after.lower.replace(/\.$/, "")) &&
    read.value <= 31
  )
    return isMonthName(after);
  if (after?.lower === "of" && MONTHS.has(tokens[read.last + 2]?.lower ?? "") && read.value <= 31)
    return true;
  if (before && MONTHS.has(before.lower) && isMonthName(before) && read.value <= 31) return true;
  // Labels: "resolution 1325", "article 5", "No. 12".
  const label = before?.text === "." ? before2 : before;
  if (label && REFERENCE_WORDS.has(label.lower) && !(label.lower === "no" && before?.text !== "."))
    return !read.words || label.lower !== "no";
  if (before?.text === "#") return true;
  return isAge(tokens, read);
}

function isMonthName(token: Token): boolean {
  // "may" lower case is the verb.
  return token.lower !== "may" || token.text === "May";
}

function unitFollows(tokens: Token[], last: number): boolean {
  const next = tokens[last + 1];
  if (!next) return false;
  if (next.text === "%" || next.lower in DIGIT_SCALES) return true;
  if (next.lower === "per" && tokens[last + 2]?.lower === "cent") return true;
  return next.lower === "percent" || next.lower in CURRENCY_WORDS || next.lower in AREA_WORDS;
}

/** "aged 65", "65-year-old", "65 years old", "children under 18", "over the age of 70". */
function isAge(tokens: Token[], read: NumberRead): boolean {
  const words = (from: number, count: number) =>
    tokens
      .slice(Math.max(0, from), Math.max(0, from + count))
      .map((t) => t.lower)
      .join(" ");
  const before = words(read.first - 4, 4);
  if (/\b(aged|ages?|age of|aged between|aged over|aged under|aged from)$/.test(before))
    return true;
  if (/\b(aged|ages?)( between| from| over| under| of)? \d+ (and|to|-|–)$/.test(before))
    return true;
  const after = words(read.last + 1, 4);
  if (/^(- ?)?(year|years|yr|yrs)[- ]?old|^(years|yrs) of age|^(- ?)?years?-olds?\b/.test(after))
    return true;
  if (read.value < 120) {
    const qualifier = /\b(under|over|below|above)( the age of)?$/.exec(before);
    if (qualifier) {
      const subject = tokens[read.first - 1 - qualifier[0].trim().split(" ").length];
      const hasNoun = countNoun(tokens, read.last) !== null;
      if (subject && AGE_PEOPLE.has(subject.lower) && !hasNoun) return true;
    }
  }
  return false;
}

/** The plural noun a count is a count of: "4,000 Azerbaijani citizens" → citizens. */
function countNoun(tokens: Token[], last: number): number | null {
  let words = 0;
  for (let j = last + 1; j < tokens.length && words < 3; j++) {
    const token = tokens[j]!;
    if (token.kind !== "word" || wordValue(token.lower) !== null) return null;
    if (isPluralNoun(token.lower)) return j;
    if (processTerm(token.lower) === null) return null;
    words++;
  }
  return null;
}

/** Dates and codes written as one run of characters: "2024-07-01", "01/07/2024", "A/79/875". */
function excludedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const patterns = [
    /\b\d{4}-\d{1,2}-\d{1,2}\b/g,
    /\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/g,
    /\b[A-Z]{1,5}\/[\w./-]+/g,
    /\b[A-Z]{1,4}-?\d+\b/g,
  ];
  for (const pattern of patterns)
    for (const m of text.matchAll(pattern)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

function qualifierBefore(
  tokens: Token[],
  first: number,
): { qualifier: Qualifier; first: number } | null {
  const words: string[] = [];
  for (let j = first - 1; j >= 0 && j >= first - 4 && tokens[j]!.kind === "word"; j--)
    words.unshift(tokens[j]!.lower);
  const joined = words.join(" ");
  for (const [phrase, qualifier] of QUALIFIERS) {
    if (joined === phrase || joined.endsWith(` ${phrase}`))
      return { qualifier, first: first - phrase.split(" ").length };
  }
  return null;
}

interface Core {
  read: NumberRead;
  unit: FigureUnit;
  /** First and last token of the number with its currency sign/code and unit words. */
  first: number;
  last: number;
}

/** The number with the unit written around it. */
function withUnit(tokens: Token[], read: NumberRead): Core {
  let first = read.first;
  let last = read.last;
  let value = read.value;
  let currency: string | null = null;
  const before = tokens[first - 1];
  if (before && before.text in CURRENCY_SIGNS) {
    currency = CURRENCY_SIGNS[before.text]!;
    first--;
    const prefix = tokens[first - 1];
    if (prefix && isTight(prefix, before) && /^(us|a|c|nz|hk)$/.test(prefix.lower)) {
      if (prefix.lower !== "us") currency = `${prefix.text.toUpperCase()}D`;
      first--;
    }
  } else if (before && CURRENCY_CODES.has(before.text)) {
    currency = before.text;
    first--;
  }
  let next = tokens[last + 1];
  if (
    currency &&
    !read.scaled &&
    next &&
    next.lower in MONEY_SCALES &&
    isTight(tokens[last], next)
  ) {
    value *= MONEY_SCALES[next.lower]!;
    last++;
    next = tokens[last + 1];
  }
  if (!currency && next) {
    if (next.text === "%") return { read, unit: { kind: "percent" }, first, last: last + 1 };
    const after2 = tokens[last + 2]?.lower;
    if (next.lower === "per" && after2 === "cent")
      return { read, unit: { kind: "percent" }, first, last: last + 2 };
    if (next.lower === "percent" || next.lower === "pct")
      return { read, unit: { kind: "percent" }, first, last: last + 1 };
    if (next.lower === "percentage" && /^points?$/.test(after2 ?? ""))
      return { read, unit: { kind: "percentage points" }, first, last: last + 2 };
    if (next.lower === "us" && after2 && after2 in CURRENCY_WORDS) {
      currency = CURRENCY_WORDS[after2]!;
      last += 2;
    } else if (next.lower in CURRENCY_WORDS) {
      currency = CURRENCY_WORDS[next.lower]!;
      last++;
    } else if (CURRENCY_CODES.has(next.text)) {
      currency = next.text;
      last++;
    } else if (next.lower in AREA_WORDS) {
      return {
        read,
        unit: { kind: "area", measure: AREA_WORDS[next.lower]! },
        first,
        last: last + 1,
      };
    } else if (
      /^(square|sq)$/.test(next.lower) &&
      /^(kilometres|kilometers|km|miles)$/.test(after2 ?? "")
    ) {
      const measure = after2 === "miles" ? "square miles" : "km²";
      return { read, unit: { kind: "area", measure }, first, last: last + 2 };
    } else if (next.lower === "km" && tokens[last + 2]?.text === "²") {
      return { read, unit: { kind: "area", measure: "km²" }, first, last: last + 2 };
    }
  }
  if (currency) return { read: { ...read, value }, unit: { kind: "money", currency }, first, last };
  return { read, unit: { kind: "count", noun: null }, first, last };
}

/** Every figure of the text, in order, with the tokens figure-choice.ts reads around them. */
export function readFigures(text: string): { tokens: Token[]; figures: Figure[] } {
  const tokens = tokenize(text);
  const excluded = excludedSpans(text);
  const cores: Array<Core | null> = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const read =
      token.kind === "number"
        ? readDigits(tokens, i)
        : token.kind === "word"
          ? readWords(tokens, i)
          : null;
    if (!read) continue;
    i = read.last;
    if (notAFigure(tokens, read, excluded)) {
      cores.push(null);
      continue;
    }
    const core = withUnit(tokens, read);
    i = Math.max(i, core.last);
    cores.push(core);
  }
  const figures: Figure[] = [];
  const real = cores.filter((c): c is Core => c !== null);
  for (let n = 0; n < real.length; n++) {
    const core = real[n]!;
    const partner = real[n + 1];
    const range = partner ? rangeWith(tokens, text, core, partner) : null;
    if (range) {
      figures.push(range);
      n++;
      continue;
    }
    figures.push(figureOf(tokens, text, core, core.unit, core.read.value, null));
  }
  return { tokens, figures };
}

function figureOf(
  tokens: Token[],
  text: string,
  core: Core,
  unit: FigureUnit,
  value: number,
  range: [number, number] | null,
  rangeQualifier: { first: number } | null = null,
  lastToken = core.last,
): Figure {
  const qualified = rangeQualifier ? null : qualifierBefore(tokens, core.first);
  const first = rangeQualifier?.first ?? qualified?.first ?? core.first;
  let noun: number | null = null;
  let finalUnit = unit;
  if (unit.kind === "count") {
    noun = countNoun(tokens, lastToken);
    finalUnit = { kind: "count", noun: noun === null ? null : tokens[noun]!.lower };
  }
  const before = tokens[first - 1]?.lower;
  const before2 = tokens[first - 2]?.lower;
  const comparison =
    before === "from" ||
    before === "against" ||
    before === "versus" ||
    before === "vs" ||
    ((before === "with" || before === "to") && before2 === "compared");
  const start = tokens[first]!.start;
  const end = tokens[lastToken]!.end;
  return {
    value,
    range,
    text: text.slice(start, end),
    qualifier: range ? "between" : (qualified?.qualifier ?? null),
    unit: finalUnit,
    start,
    end,
    comparison,
    firstToken: first,
    lastToken,
    nounToken: noun,
  };
}

/** "between 300 and 400 people", "300 to 400", "300–400", "$3-4 billion"; not "from 300 to 400". */
function rangeWith(tokens: Token[], text: string, a: Core, b: Core): Figure | null {
  const link = tokens.slice(a.last + 1, b.first).map((t) => t.lower);
  const before = tokens[a.first - 1]?.lower;
  const between = before === "between" && link.length === 1 && link[0] === "and";
  const dash = link.length === 1 && /^(to|-|–|—)$/.test(link[0]!) && before !== "from";
  if (!between && !dash) return null;
  if (a.unit.kind !== "count" && b.unit.kind !== "count" && a.unit.kind !== b.unit.kind)
    return null;
  let low = a.read.value;
  const high = b.read.value;
  // "3 to 4 million", "$3-4 billion": the first number takes the second one's scale.
  if (!a.read.scaled && b.read.scaled && low * 1000 <= high) {
    const scale = [1e12, 1e9, 1e6, 1e3].find((s) => low * s <= high && low * s * 1000 > high);
    if (scale) low *= scale;
  }
  if (low > high) return null;
  const unit = a.unit.kind === "count" ? b.unit : a.unit;
  const first = between ? a.first - 1 : a.first;
  return figureOf(tokens, text, a, unit, (low + high) / 2, [low, high], { first }, b.last);
}
