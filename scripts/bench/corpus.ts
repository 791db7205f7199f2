/**
 * Deterministic (seeded) statement-like text for the benchmarks: dated statements by named
 * speakers about a few dozen recurring topics, with figures, places and dates, written as JSONL
 * corpus files in the project's corpus format, plus questions of the kinds users ask.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { chunkStatement } from "../../src/retrieval/chunk.js";
import { hashString, seededRandom } from "../model-writer.js";
import { BUILTIN_WORDS } from "../wordlist.js";

type Random = () => number;

const FIRST =
  `Irena Marko Lena Tomas Amina Jonas Sofia Karim Elena Piotr Nadia Rafael Ingrid Omar Leila
  Viktor Hana Dario Selma Anton Mira Yusuf Clara Emil Zara Bruno Alma Teodor Nora Farid Vesna Lukas`.split(
    /\s+/,
  );
const LAST =
  `Kovalska Demir Aldaner Marenko Lindqvist Ferrante Keller Dragan Haddad Berg Novak Petrov
  Rahimi Solberg Varga Costa Mendes Okafor Larsen Ivanova Hadzic Morel Brandt Kaya Nilsen Ortiz
  Santos Weber Popescu Horvat Sandoval Quist Tamm Duarte Abadi Ruiz`.split(/\s+/);
const ROLES = [
  "Foreign Minister",
  "Permanent Representative",
  "Minister of Health",
  "Minister of Finance",
  "Special Envoy",
  "Director of the Mine Action Agency",
  "Chair of the State Commission on Missing Persons",
  "President",
  "Prime Minister",
  "Spokesperson of the Ministry of Foreign Affairs",
];
const PLACES =
  `Tarvel Serran Geneva Brussels Vienna Korvan Ostrava Belmar Lindau Sarvik Meridor Kalen
  Dunmore Varna Castel Riva Norden Palma Aster Velin Morava Tiros Halden Brena Solta Ilmar`.split(
    /\s+/,
  );
const COUNTRY = ["Valdoria", "the Republic of Valdoria", "Serrania", "Norland", "Ostavia"];
const VENUES = [
  "the Human Rights Council",
  "the General Assembly",
  "the Security Council",
  "the OSCE Permanent Council",
  "a donor conference",
  "a press conference",
  "the First Committee",
  "parliament",
];
const SOURCES = ["Valdoria Press Agency", "Trend", "Norland Daily", "Ostavia News", "UN News"];
const MONTHS = `January February March April May June July August September October November
  December`.split(/\s+/);

interface Topic {
  name: string;
  subjects: string[];
  /** `#` is replaced by a figure, `@` by a place. */
  facts: string[];
  views: string[];
}

const TOPICS: Topic[] = [
  {
    name: "missing persons",
    subjects: ["the State Commission on Missing Persons", "forensic teams", "the Red Cross"],
    facts: [
      "had identified the remains of # missing persons",
      "had collected blood samples from # relatives of the missing",
      "opened a genetic reference laboratory in @",
      "exhumed # graves near @",
      "still had # files open in the national register",
    ],
    views: [
      "the families of the disappeared have the right to know the truth",
      "archival information on burial sites must be shared without delay",
      "no family should wait decades for news of a loved one",
    ],
  },
  {
    name: "demining",
    subjects: ["demining teams", "the Mine Action Agency", "international deminers"],
    facts: [
      "cleared # hectares of land around @",
      "destroyed # anti-personnel mines",
      "recorded # mine incidents since the ceasefire",
      "trained # new deminers in @",
      "surveyed # kilometres of roads near @",
    ],
    views: [
      "landmines continue to kill and maim civilians long after the fighting ends",
      "mine clearance is the first condition for the return of displaced people",
      "every cleared field is a field that can be farmed again",
    ],
  },
  {
    name: "refugees",
    subjects: ["the government", "the refugee agency", "local authorities"],
    facts: [
      "resettled # displaced families in @",
      "built # new homes for returnees in @",
      "registered # refugees crossing the border near @",
      "opened # temporary shelters in @",
    ],
    views: [
      "the right of return is not negotiable",
      "host communities deserve support as much as the displaced",
      "durable solutions need housing, jobs and schools together",
    ],
  },
  {
    name: "budget",
    subjects: ["the Ministry of Finance", "parliament", "the cabinet"],
    facts: [
      "raised health spending to # per cent of the budget",
      "approved a budget deficit of # per cent of GDP",
      "introduced a temporary levy expected to raise # million",
      "cut fuel subsidies by # per cent",
    ],
    views: [
      "fiscal discipline protects the most vulnerable from inflation",
      "public investment must go where it creates jobs",
      "the budget reflects the priorities of a country in recovery",
    ],
  },
  {
    name: "floods",
    subjects: ["emergency services", "the civil protection agency", "volunteers"],
    facts: [
      "evacuated # residents from flooded villages near @",
      "distributed # tonnes of food aid in @",
      "repaired # kilometres of embankments along the river near @",
      "reported # homes damaged by the floods in @",
    ],
    views: [
      "climate change makes such disasters more frequent",
      "early warning systems saved many lives",
      "reconstruction must build back better",
    ],
  },
  {
    name: "health",
    subjects: ["the Ministry of Health", "hospitals", "the vaccination campaign"],
    facts: [
      "vaccinated # children against measles in @",
      "opened # rural clinics",
      "trained # nurses and midwives",
      "reduced maternal deaths by # per cent",
    ],
    views: [
      "health care is a right, not a privilege",
      "primary care is the backbone of the health system",
      "no region should be left without a doctor",
    ],
  },
  {
    name: "elections",
    subjects: ["the Central Election Commission", "observers", "the parliament"],
    facts: [
      "registered # candidates for the elections",
      "reported a turnout of # per cent",
      "deployed # observers to polling stations in @",
      "counted # postal votes",
    ],
    views: [
      "free and fair elections are the foundation of democracy",
      "every citizen must be able to vote in safety",
      "the results reflect the will of the people",
    ],
  },
  {
    name: "trade",
    subjects: ["exporters", "the customs service", "the trade ministry"],
    facts: [
      "increased exports by # per cent",
      "opened a new railway corridor through @",
      "signed # trade agreements",
      "processed # tonnes of grain at the port of @",
    ],
    views: [
      "connectivity brings prosperity to the whole region",
      "open markets benefit small producers most",
      "the corridor will shorten delivery times to Europe",
    ],
  },
];

export interface BenchRecord {
  id: string;
  title: string;
  date: string;
  speaker: string;
  source: string;
  url: string;
  text: string;
}

export interface BenchQuestion {
  id: string;
  question: string;
}

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function figure(random: Random): string {
  const magnitude = pick(random, [10, 100, 1000, 10000]);
  const n = Math.max(2, Math.round(random() * magnitude * 9));
  return n.toLocaleString("en-US");
}

function fill(template: string, random: Random): string {
  return template.replace(/#/g, () => figure(random)).replace(/@/g, () => pick(random, PLACES));
}

/** Less frequent words from the built-in list, for the long tail of a real vocabulary. */
const TAIL = BUILTIN_WORDS.filter((w) => /^[a-z]{5,}$/.test(w));

function tailClause(random: Random): string {
  const words = Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(random, TAIL));
  return `on ${words.slice(0, 2).join(" and ")}, including ${words.slice(2).join(", ")}`;
}

function sentence(random: Random, topic: Topic, surname: string, year: number): string {
  const said = pick(random, [
    "said",
    "noted",
    "stressed",
    "recalled",
    "announced",
    "told reporters",
  ]);
  switch (Math.floor(random() * 6)) {
    case 0:
    case 1:
      return `${surname} ${said} that ${pick(random, topic.subjects)} ${fill(pick(random, topic.facts), random)} in ${pick(random, MONTHS)} ${year}.`;
    case 2:
      return `"${capital(pick(random, topic.views))}, and ${pick(random, topic.views)}," ${surname} said.`;
    case 3:
      return `According to ${pick(random, topic.subjects)}, ${fill(pick(random, topic.facts), random).replace(/^had /, "")} since ${year - 1 - Math.floor(random() * 5)}.`;
    case 4:
      return `${capital(pick(random, topic.subjects))} will report to ${pick(random, VENUES)} ${tailClause(random)}.`;
    default:
      return `${capital(said === "told reporters" ? "said" : said)} the ${pick(random, ROLES).toLowerCase()}: ${pick(random, topic.views)} in ${pick(random, COUNTRY)}.`;
  }
}

function statement(random: Random, index: number): BenchRecord {
  const first = pick(random, FIRST);
  const surname = pick(random, LAST);
  const role = pick(random, ROLES);
  const topic = pick(random, TOPICS);
  const year = 2005 + Math.floor(random() * 21);
  const month = Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const venue = pick(random, VENUES);
  const source = pick(random, SOURCES);
  const date = `${year}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const place = pick(random, PLACES);
  const lead = `${place.toUpperCase()}, ${MONTHS[month]} ${day}. ${role} ${first} ${surname} made a statement at ${venue} on ${topic.name}, ${source} reports.`;
  const paragraphs = [lead];
  const length = 4 + Math.floor(random() * 12);
  let paragraph: string[] = [];
  for (let i = 0; i < length; i++) {
    const second = random() < 0.25 ? pick(random, TOPICS) : topic;
    paragraph.push(sentence(random, second, surname, year));
    if (paragraph.length >= 1 + Math.floor(random() * 3)) {
      paragraphs.push(paragraph.join(" "));
      paragraph = [];
    }
  }
  if (paragraph.length) paragraphs.push(paragraph.join(" "));
  return {
    id: `s${index}`,
    title: `${capital(topic.name)}: statement at ${venue}`,
    date,
    speaker: `${first} ${surname}`,
    source,
    url: `https://example.org/statements/${year}/${index}`,
    text: paragraphs.join("\n\n"),
  };
}

/**
 * Statements, in a fixed order, until their chunks reach `chunks` (so each size is a prefix of the
 * next), with the number of chunks each one makes.
 */
export function generateRecords(
  chunks: number,
  seed = "verbatim bench corpus v1",
): { records: BenchRecord[]; chunkCounts: number[] } {
  const random = seededRandom(hashString(seed));
  const out: BenchRecord[] = [];
  const chunkCounts: number[] = [];
  let total = 0;
  while (total < chunks) {
    const record = statement(random, out.length);
    const count = chunkStatement({
      docId: record.id,
      date: record.date,
      title: record.title,
      speaker: record.speaker,
      source: record.source,
      url: record.url,
      dateline: null,
      text: record.text,
    }).length;
    total += count;
    chunkCounts.push(count);
    out.push(record);
  }
  return { records: out, chunkCounts };
}

/** Writes records as JSONL files of at most `perFile` statements each. */
export async function writeCorpus(dir: string, records: BenchRecord[], perFile = 2000) {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < records.length; i += perFile) {
    const name = `statements-${String(i / perFile).padStart(3, "0")}.jsonl`;
    const lines = records.slice(i, i + perFile).map((r) => JSON.stringify(r));
    await writeFile(path.join(dir, name), lines.join("\n") + "\n");
  }
}

/** Questions a user would ask of such a corpus: facts, figures, dates, speakers, and off-topic ones. */
export function generateQuestions(count: number, seed = "verbatim bench questions v1") {
  const random = seededRandom(hashString(seed));
  const out: BenchQuestion[] = [];
  for (let i = 0; i < count; i++) {
    const topic = pick(random, TOPICS);
    const fact = pick(random, topic.facts).replace(/#/g, "").replace(/@/g, pick(random, PLACES));
    const words = fact.replace(/^had /, "").replace(/\s+/g, " ").trim();
    const year = 2005 + Math.floor(random() * 21);
    const surname = pick(random, LAST);
    const templates = [
      `how many ${words.split(" ").slice(1, 4).join(" ")}?`,
      `did ${pick(random, topic.subjects)} ${words}?`,
      `what did ${surname} say about ${topic.name}?`,
      `what did ${surname} say about ${topic.name} in ${year}?`,
      `is ${pick(random, topic.subjects)} still working in ${pick(random, PLACES)}?`,
      `${pick(random, topic.views)}`,
      `when was the ${topic.name} report presented to ${pick(random, VENUES)}?`,
      `what was said about ${topic.name} since ${pick(random, MONTHS)} ${year}?`,
      `who spoke about ${pick(random, TAIL)} and ${pick(random, TAIL)}?`,
      `what is the recipe for ${pick(random, ["lemon cake", "pizza dough", "green tea"])}?`,
    ];
    out.push({ id: `q${i + 1}`, question: pick(random, templates) });
  }
  return out;
}
