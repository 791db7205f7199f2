/** Checks the evaluation data itself (not retrieval quality: that is `npm run eval`). */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { QUESTION_KINDS, loadQuestions, readEvalCorpus } from "./eval-data.js";
import type { EvalStatement } from "./eval-data.js";
import { REPEATED_FACTS } from "./facts.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.join(here, "corpus");
const questionsFile = path.join(here, "questions.jsonl");
const repoSeed = path.join(here, "..", "..", "corpus", "000_907870b53d1c0730.txt");

const statements = readEvalCorpus(corpusDir);
const byId = new Map(statements.map((s) => [s.docId, s]));
const questions = loadQuestions(questionsFile);

function statementOf(docId: string): EvalStatement {
  const statement = byId.get(docId);
  if (!statement) throw new Error(`no statement with docId ${docId} in ${corpusDir}`);
  return statement;
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

describe("eval corpus", () => {
  it("has the seed unchanged plus at least 14 statements of our own in all three formats", () => {
    const seed = statementOf("000_seed.txt");
    if (fs.existsSync(repoSeed)) {
      expect(fs.readFileSync(path.join(corpusDir, "000_seed.txt"), "utf8")).toBe(
        fs.readFileSync(repoSeed, "utf8"),
      );
    }
    expect(seed.date).toBe("2025-07-01");
    const own = statements.filter((s) => s.docId !== "000_seed.txt");
    expect(own.length).toBeGreaterThanOrEqual(14);
    const count = (format: EvalStatement["format"]) =>
      own.filter((s) => s.format === format).length;
    expect(count("seed-txt")).toBeGreaterThanOrEqual(3);
    expect(count("front-matter")).toBeGreaterThanOrEqual(3);
    expect(count("jsonl")).toBeGreaterThanOrEqual(3);
    const frontMatterExts = new Set(
      own.filter((s) => s.format === "front-matter").map((s) => path.extname(s.docId)),
    );
    expect([...frontMatterExts].sort()).toEqual([".md", ".txt"]);
  });

  it("gives every statement a date in 2019-2026, a body of 150-600 words and a speaker", () => {
    const years = new Set<string>();
    for (const s of statements) {
      expect(s.date >= "2019-01-01" && s.date <= "2026-12-31", `${s.docId} date ${s.date}`).toBe(
        true,
      );
      years.add(s.date.slice(0, 4));
      const n = words(s.body);
      expect(n >= 150 && n <= 600, `${s.docId} has ${n} words`).toBe(true);
      if (s.format === "seed-txt") {
        // The seed's convention: "<Title> <Full Name> made (a) statement ..." then "..., <Surname> said."
        const intro = /\b([A-Z][a-z]+) ([A-Z][a-z]+) made (?:a )?statement\b/.exec(s.body);
        expect(intro, `${s.docId}: no "<Name> made a statement" introduction`).not.toBeNull();
        expect(s.body, s.docId).toContain(`${intro?.[2] ?? ""} said.`);
      } else {
        expect(s.speaker, `${s.docId} speaker`).not.toBeNull();
      }
    }
    expect([...years].sort()).toEqual([
      "2019",
      "2020",
      "2021",
      "2022",
      "2023",
      "2024",
      "2025",
      "2026",
    ]);
  });

  it("has several speakers", () => {
    const named = new Set(statements.map((s) => s.speaker).filter((s) => s !== null));
    expect(named.size).toBeGreaterThanOrEqual(5);
  });

  it("states at least 3 facts at 2-4 different dates with different values", () => {
    expect(REPEATED_FACTS.length).toBeGreaterThanOrEqual(3);
    for (const fact of REPEATED_FACTS) {
      const dates = new Set<string>();
      for (const mention of fact.mentions) {
        const statement = statementOf(mention.docId);
        expect(statement.body, `${fact.name} in ${mention.docId}`).toContain(mention.text);
        dates.add(statement.date);
      }
      expect(dates.size, fact.name).toBe(fact.mentions.length);
      expect(fact.mentions.length >= 2 && fact.mentions.length <= 4, fact.name).toBe(true);
      const values = new Set(fact.mentions.map((m) => /\d[\d,.]*/.exec(m.text)?.[0]));
      expect(values.size, `${fact.name} values`).toBe(fact.mentions.length);
    }
  });
});

describe("eval questions", () => {
  it("have unique ids and at least 6 questions of each kind", () => {
    const ids = questions.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(questions.length).toBeGreaterThanOrEqual(48);
    for (const kind of QUESTION_KINDS) {
      expect(questions.filter((q) => q.kind === kind).length, kind).toBeGreaterThanOrEqual(6);
    }
  });

  it("have gold quotes that are exact substrings of their statement bodies", () => {
    for (const q of questions) {
      if (q.kind === "negative") {
        expect(q.gold, q.id).toEqual([]);
        continue;
      }
      expect(q.gold.length, `${q.id} has no gold`).toBeGreaterThan(0);
      for (const gold of q.gold) {
        const body = statementOf(gold.docId).body;
        expect(
          body.includes(gold.quote),
          `${q.id}: quote not in ${gold.docId}: ${gold.quote}`,
        ).toBe(true);
        expect(gold.quote, `${q.id}: quote spans a line break`).not.toMatch(/\n/);
        expect(gold.quote.trim(), `${q.id}: quote has outer whitespace`).toBe(gold.quote);
      }
    }
  });

  it("have gold statements inside their filters and the years they name", () => {
    for (const q of questions) {
      const since = q.filters?.since;
      const until = q.filters?.until;
      const speaker = q.filters?.speaker;
      const year =
        q.kind === "date-filter" && !q.filters ? /\b(20\d\d)\b/.exec(q.question)?.[1] : undefined;
      if (q.kind === "date-filter") {
        expect(
          since !== undefined || until !== undefined || year !== undefined,
          `${q.id} has no date`,
        ).toBe(true);
      }
      if (q.kind === "speaker") {
        const names = new Set(statements.map((s) => s.speaker?.split(" ").at(-1)).filter(Boolean));
        for (const s of statements) {
          const m = /\b([A-Z][a-z]+) made (?:a )?statement\b/.exec(s.body);
          if (m?.[1]) names.add(m[1]);
        }
        names.add("Musayev");
        const named = [...names].some((n) => n !== undefined && q.question.includes(n));
        expect(named || speaker !== undefined, `${q.id} names no speaker`).toBe(true);
      }
      for (const gold of q.gold) {
        const s = statementOf(gold.docId);
        if (since) expect(s.date >= since, `${q.id}: ${gold.docId} before ${since}`).toBe(true);
        if (until) expect(s.date <= until, `${q.id}: ${gold.docId} after ${until}`).toBe(true);
        if (year)
          expect(s.date.startsWith(year), `${q.id}: ${gold.docId} not in ${year}`).toBe(true);
        if (speaker) {
          const surname = speaker.split(" ").at(-1) ?? speaker;
          const spoken = s.speaker ?? s.body.slice(0, 400);
          expect(spoken.includes(surname), `${q.id}: ${gold.docId} not by ${speaker}`).toBe(true);
        }
      }
    }
  });

  it("point latest questions at the most recent statement of the fact", () => {
    const latest = questions.filter((q) => q.kind === "latest");
    for (const q of latest) {
      const facts = REPEATED_FACTS.filter((fact) =>
        fact.mentions.some((m) =>
          q.gold.some((g) => g.docId === m.docId && g.quote.includes(m.text)),
        ),
      );
      expect(facts.length, `${q.id} quotes none of REPEATED_FACTS`).toBeGreaterThan(0);
      for (const fact of facts) {
        const newest = [...fact.mentions].sort((a, b) =>
          statementOf(a.docId).date.localeCompare(statementOf(b.docId).date),
        )[fact.mentions.length - 1];
        expect(
          q.gold.map((g) => g.docId),
          `${q.id} (${fact.name})`,
        ).toEqual([newest?.docId]);
      }
    }
  });
});
