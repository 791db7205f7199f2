import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  futureDateWarnings,
  recogniseSource,
  recogniseSpeaker,
} from "../../src/retrieval/corpus/metadata.js";
import { cleanText, parseCorpusFile } from "../../src/retrieval/corpus/parse.js";
import { latestToday, readCorpus } from "../../src/retrieval/corpus/read.js";
import { tempDir } from "../helpers.js";

const SEED_FILE = "000_907870b53d1c0730.txt";
const seed = readFileSync(path.resolve("corpus", SEED_FILE), "utf8");

describe("seed format", () => {
  const { statements, problems } = parseCorpusFile(SEED_FILE, seed);
  const statement = statements[0]!;

  it("reads the date, dateline, speaker and source of the seed statement", () => {
    expect(problems).toEqual([]);
    expect(statement.docId).toBe(SEED_FILE);
    expect(statement.date).toBe("2025-07-01");
    expect(statement.dateline).toBe("BAKU, Azerbaijan, July 1.");
    expect(statement.speaker).toBe("Tofig Musayev");
    expect(statement.source).toBe("Trend");
    expect(
      statement.text.startsWith("Permanent Representative of the Republic of Azerbaijan"),
    ).toBe(true);
  });

  it("keeps the body verbatim", () => {
    expect(statement.text).toContain("Nearly 4,000 Azerbaijani citizens are still missing.");
    expect(seed).toContain(statement.text);
  });

  it("keeps a dateline apart in either order of day and month, with or without the year", () => {
    const read = (body: string) => {
      const [statement] = parseCorpusFile("d.txt", ` date 2024-05-15 ${body}`).statements;
      return [statement!.dateline, statement!.text.slice(0, 12)];
    };
    expect(read("HALVARD, 15 May 2024 – The North Quay opened.")).toEqual([
      "HALVARD, 15 May 2024 –",
      "The North Qu",
    ]);
    expect(read("MARROWBY, Feb. 8, 2017 — Trams ran.")).toEqual([
      "MARROWBY, Feb. 8, 2017 —",
      "Trams ran.",
    ]);
    // Not a dateline: a sentence that merely opens with capitals and a date.
    expect(read("NATO, in May 2024, met.")).toEqual([null, "NATO, in May"]);
  });

  it("rejects an impossible date with file and line", () => {
    const outcome = parseCorpusFile("bad.txt", " date 2025-02-30 BAKU, Azerbaijan, Feb. 1. Text.");
    expect(outcome.statements).toEqual([]);
    expect(outcome.problems[0]!.message).toBe(
      'bad.txt:1: date "2025-02-30" is not a real calendar date after "date"',
    );
  });

  it("rejects a file with no date at all", () => {
    const outcome = parseCorpusFile("nodate.txt", "Just some words.");
    expect(outcome.problems[0]!.message).toBe(
      'nodate.txt:1: no date: start the file with "date YYYY-MM-DD" or with YAML front matter that has date: YYYY-MM-DD',
    );
  });

  it("rejects an empty file and a file with no body", () => {
    expect(parseCorpusFile("empty.txt", "  \n").problems[0]!.message).toBe(
      "empty.txt: the file is empty",
    );
    expect(parseCorpusFile("bare.txt", " date 2024-01-01 ").problems[0]!.reason).toBe(
      "the statement has no text after its metadata",
    );
  });
});

describe("front matter format", () => {
  const good = [
    "---",
    "title: Statement on demining",
    "date: 2024-03-05",
    "speaker: Jane Doe",
    "source: Ministry",
    "url: https://example.org/a",
    "---",
    "Nine hundred mines were cleared this year.",
  ].join("\n");

  it("reads every field and the body", () => {
    const { statements, problems } = parseCorpusFile("a/b.md", good);
    expect(problems).toEqual([]);
    expect(statements[0]).toMatchObject({
      docId: "a/b.md",
      title: "Statement on demining",
      date: "2024-03-05",
      speaker: "Jane Doe",
      source: "Ministry",
      url: "https://example.org/a",
      text: "Nine hundred mines were cleared this year.",
    });
  });

  it("names the line of broken YAML", () => {
    const broken = "---\ntitle: [unclosed\ndate: 2024-03-05\n---\nBody.";
    const problem = parseCorpusFile("broken.md", broken).problems[0]!;
    expect(problem.file).toBe("broken.md");
    expect(problem.line).toBe(3);
    expect(problem.reason).toMatch(/^front matter is not valid YAML/);
  });

  it("reports a missing or malformed date on the date line", () => {
    expect(parseCorpusFile("x.md", "---\ntitle: T\n---\nBody.").problems[0]!.message).toBe(
      "x.md:1: front matter: no date given",
    );
    expect(
      parseCorpusFile("y.md", "---\ntitle: T\ndate: 5 March 2024\n---\nBody.").problems[0]!.message,
    ).toBe(
      'y.md:3: front matter: date "5 March 2024" is not in YYYY-MM-DD form: write it as 2024-03-05',
    );
  });

  it.each([
    ["March 3, 2024", "write it as 2024-03-03"],
    ["Mar. 3rd 2024", "write it as 2024-03-03"],
    ["3 March 2024", "write it as 2024-03-03"],
    ["03/03/2024", "write it as 2024-03-03"],
    ["25/12/2024", "write it as 2024-12-25"],
    ["2024/3/3", "write it as 2024-03-03"],
    [
      "04/03/2024",
      "write it as 2024-04-03 (if the month comes first) or 2024-03-04 (if the day comes first)",
    ],
  ])("suggests the YYYY-MM-DD form of %s", (written, advice) => {
    const jsonl = JSON.stringify({ id: "a", date: written, text: "Body." });
    expect(parseCorpusFile("d.jsonl", jsonl).problems[0]!.reason).toBe(
      `date "${written}" is not in YYYY-MM-DD form: ${advice}`,
    );
  });

  it("suggests nothing for what is not a date, or not a real one", () => {
    for (const value of ["soon", "31/31/2024", "March 32, 2024", "2024-03-03T10:00"]) {
      const jsonl = JSON.stringify({ id: "a", date: value, text: "Body." });
      expect(parseCorpusFile("d.jsonl", jsonl).problems[0]!.reason).toBe(
        `date "${value}" is not in YYYY-MM-DD form`,
      );
    }
  });

  it('reads a written date after the seed format\'s "date"', () => {
    const { problems } = parseCorpusFile("s.txt", " date March 3, 2024 BAKU, Azerbaijan. Text.");
    expect(problems[0]!.message).toBe(
      's.txt:1: date "March 3, 2024" is not in YYYY-MM-DD form: write it as 2024-03-03 after "date"',
    );
  });

  it("refuses an impossible date instead of rolling it over", () => {
    expect(parseCorpusFile("z.md", "---\ndate: 2026-02-30\n---\nBody.").problems[0]!.message).toBe(
      'z.md:2: front matter: date "2026-02-30" is not a real calendar date',
    );
  });

  it("rejects a url that is not a web address", () => {
    const text = good.replace("https://example.org/a", "javascript:alert(1)");
    expect(parseCorpusFile("u.md", text).problems[0]!.reason).toBe(
      '"url" must start with http:// or https://, got "javascript:alert(1)"',
    );
  });
});

describe("JSONL format", () => {
  const line = (record: object) => JSON.stringify(record);

  it("gives each record a docId of path#id and reports bad lines by number", () => {
    const text = [
      line({ id: "a", date: "2023-01-02", title: "A", speaker: "S", text: "First statement." }),
      "{not json",
      line({ id: "a", date: "2023-01-03", text: "Duplicate." }),
      line({ id: "c", date: "2023-13-01", text: "Bad date." }),
      line({ date: "2023-01-04", text: "No id." }),
      "",
      line({ id: 7, date: "2023-01-05", text: "Numeric id." }),
    ].join("\n");
    const { statements, problems } = parseCorpusFile("set.jsonl", text);
    expect(statements.map((s) => s.docId)).toEqual(["set.jsonl#a", "set.jsonl#7"]);
    expect(problems.map((p) => [p.line, p.reason.split(" (")[0]])).toEqual([
      [2, "not valid JSON"],
      [3, 'duplicate id "a"'],
      [4, 'date "2023-13-01" is not a real calendar date'],
      [5, '"id" is missing: each record needs a unique "id"'],
    ]);
  });

  it("says when a trailing comma is what breaks a line", () => {
    const text = [
      '{"id": "a", "date": "2023-01-02", "text": "One.",}',
      '{"id": "b", "date": "2023-01-02", "text": "Two."},',
      '{"id": "c", "date": "2023-01-02", "text": "Three.", }, ',
      '{"id": "d", "date": "2023-01-02" "text": "Four.",}',
    ].join("\n");
    expect(parseCorpusFile("c.jsonl", text).problems.map((p) => p.message)).toEqual([
      "c.jsonl:1: not valid JSON (a trailing comma): remove the comma after the last field",
      "c.jsonl:2: not valid JSON (a comma at the end of the line): remove it; a .jsonl file has one record a line, with nothing between them",
      "c.jsonl:3: not valid JSON (a trailing comma): remove the comma after the last field",
      expect.stringMatching(/^c\.jsonl:4: not valid JSON \(Expected ','/),
    ]);
  });

  it("reports a record without text", () => {
    const { problems } = parseCorpusFile("t.jsonl", line({ id: "x", date: "2023-01-02" }));
    expect(problems[0]!.message).toBe('t.jsonl:1: "text" is missing or not a string');
  });
});

describe("reading a corpus folder", () => {
  it("indexes the good files and reports each bad one without stopping", async () => {
    const dir = await tempDir("verbatim-corpus-");
    await mkdir(path.join(dir, "sub"));
    await mkdir(path.join(dir, ".git"));
    await writeFile(path.join(dir, "sub", "good.txt"), " date 2024-05-06 Some statement text.");
    await writeFile(
      path.join(dir, "latin1.txt"),
      Buffer.from([0x20, 0x64, 0x61, 0x74, 0x65, 0x0a, 0xe9, 0xff]),
    );
    await writeFile(path.join(dir, "notes.pdf"), "x");
    // A Word file is a zip archive: not UTF-8, but that is not what is wrong with it.
    await writeFile(path.join(dir, "speech.docx"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff]));
    await writeFile(path.join(dir, "all.json"), "[]");
    await writeFile(path.join(dir, "README"), "notes");
    await writeFile(path.join(dir, "table.csv"), "a,b");
    await writeFile(path.join(dir, ".git", "config"), "ignored");
    const result = await readCorpus(dir);
    expect(result.statements.map((s) => s.docId)).toEqual(["sub/good.txt"]);
    expect(result.skipped.map((p) => p.message)).toEqual([
      'README: a file without a type (no extension): use .txt, .md, .markdown, .jsonl (see README, "Corpus formats")',
      "all.json: an unsupported file type (.json): write one statement a line in a .jsonl file",
      "latin1.txt:2: not valid UTF-8 text: save it as UTF-8",
      "notes.pdf: an unsupported file type (.pdf): save it as .txt or .md",
      "speech.docx: an unsupported file type (.docx): save it as .txt or .md",
      'table.csv: an unsupported file type (.csv): use .txt, .md, .markdown, .jsonl (see README, "Corpus formats")',
    ]);
  });

  it("says what to do when the folder does not exist", async () => {
    await expect(readCorpus("/nonexistent/corpus")).rejects.toThrow(
      'Corpus folder "/nonexistent/corpus" does not exist: create it and add statements, or pass --corpus DIR (or set CORPUS_DIR).',
    );
  });
});

describe("recogniseSource", () => {
  it.each([
    ["BAKU, July 1. Azerbaijan is firm, Trend reports, citing the ministry.", "Trend"],
    ["Ferries resumed service, the Associated Press reports.", "Associated Press"],
    ["Ferries resumed service, the Associated Press reported on Monday.", "Associated Press"],
    ["Ferries resumed service. The BBC reported that 12 boats sailed.", "BBC"],
    ["Reuters reported that 12 boats sailed on Monday.", "Reuters"],
    ["Twelve boats sailed, Anadolu Agency reported, citing the port.", "Anadolu Agency"],
  ])("%s", (body, source) => {
    expect(recogniseSource(body)).toBe(source);
  });

  it.each([
    "He reported that 12 boats sailed.",
    "Officials reported 12 cases on Monday.",
    "The Ministry reported 12 cases on Monday.",
    "Minister Lena Ortiz reported 12 cases on Monday.",
    "Twelve boats sailed, the reports say.",
  ])("finds no outlet in: %s", (body) => {
    expect(recogniseSource(body)).toBeNull();
  });

  it("does not take the speaker for an outlet", () => {
    const body = "Lena Ortiz said ferries resumed. Ortiz reported 12 boats.";
    expect(recogniseSource(body, "Lena Ortiz")).toBeNull();
  });

  it("is read into the seed format's statements", () => {
    const { statements } = parseCorpusFile(
      "r.txt",
      " date 2024-03-03 GENEVA, Switzerland, March 3. Ferries resumed service, the Associated Press reported.",
    );
    expect(statements[0]!.source).toBe("Associated Press");
  });
});

describe("recogniseSpeaker", () => {
  it.each([
    [
      "GENEVA, May 10. Commissioner Anna Kovalska of the Commission on Missing Persons made the following statement:",
      "Anna Kovalska",
    ],
    [
      "BAKU. Minister of Foreign Affairs Jeyhun Bayramov said on Monday that talks would go on. Bayramov added.",
      "Jeyhun Bayramov",
    ],
    // Capitalised words of an organisation are not a person.
    ["The Commission on Missing Persons made a statement today.", null],
  ])("%j → %s", (body, speaker) => {
    expect(recogniseSpeaker(body)).toBe(speaker);
  });
});

describe("control characters", () => {
  it("are removed, line endings made \\n, and page breaks made spaces; tabs and Unicode text stay", () => {
    expect(cleanText("a\u0000b\u0007c\u001b[31md\u007f\u0080\u009f")).toBe("abc[31md");
    expect(cleanText("one\r\ntwo\rthree\u000bfour\u000cfive\u0085six")).toBe(
      "one\ntwo\nthree four five six",
    );
    expect(cleanText("tab\there \u200d\u00e9\u4e2d\u2028")).toBe(
      "tab\there \u200d\u00e9\u4e2d\u2028",
    );
  });

  it("never reach a statement, in any format, and the date and metadata still read", () => {
    const text = parseCorpusFile(
      "nul.txt",
      "\u0000 date 2024-05-06 GENEVA, Switzerland, May 6. The\u0000 envoy\u0008 said 40 schools reopened.",
    );
    expect(text.problems).toEqual([]);
    expect(text.statements[0]).toMatchObject({
      date: "2024-05-06",
      dateline: "GENEVA, Switzerland, May 6.",
      text: "The envoy said 40 schools reopened.",
    });
    const md = parseCorpusFile(
      "nul.md",
      "---\ntitle: Bud\u0000get\ndate: 2024-02-01\n---\nHealth\u0001 spending rose.",
    );
    expect(md.statements[0]).toMatchObject({ title: "Budget", text: "Health spending rose." });
    const jsonl = parseCorpusFile(
      "nul.jsonl",
      JSON.stringify({
        id: 1,
        date: "2024-02-01",
        speaker: "Omar\u0000 Haddad",
        text: "Ten\u0000 wells\r\nwere dug.",
      }),
    );
    expect(jsonl.problems).toEqual([]);
    expect(jsonl.statements[0]).toMatchObject({
      speaker: "Omar Haddad",
      text: "Ten wells\nwere dug.",
    });
  });
});

describe("statements dated in the future", () => {
  it("are named with their date, and today's date where it is latest on Earth is not the future", () => {
    const statements = [
      { docId: "a.txt", date: "2024-05-06" },
      { docId: "b.jsonl#7", date: "2099-01-01" },
      { docId: "c.txt", date: "2026-03-02" },
    ];
    expect(futureDateWarnings(statements, "2026-03-01")).toEqual([
      "b.jsonl#7: dated 2099-01-01, after today (2026-03-01); indexed anyway, check the date",
      "c.txt: dated 2026-03-02, after today (2026-03-01); indexed anyway, check the date",
    ]);
    // 23:00 UTC on 1 March is already 2 March in Kiribati (UTC+14).
    expect(latestToday(Date.UTC(2026, 2, 1, 23, 0))).toBe("2026-03-02");
  });

  it("are indexed, and reported by readCorpus", async () => {
    const dir = await tempDir("verbatim-corpus-");
    await writeFile(
      path.join(dir, "typo.txt"),
      " date 2099-07-01 The envoy said 40 schools reopened.",
    );
    const result = await readCorpus(dir, { today: "2026-03-01" });
    expect(result.statements.map((s) => s.docId)).toEqual(["typo.txt"]);
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([
      "typo.txt: dated 2099-07-01, after today (2026-03-01); indexed anyway, check the date",
    ]);
  });
});
