/** The bot's database on SQLite and on PostgreSQL: the same migrations, queries and refusals. */
import { rm } from "node:fs/promises";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { AnswerStore } from "../../src/bot/answer-store.js";
import {
  type Db,
  DatabaseUnavailableError,
  DatabaseVersionError,
  SCHEMA_VERSION,
  openDatabase,
} from "../../src/bot/db.js";
import { SettingsStore } from "../../src/bot/settings.js";
import type { Passage } from "../../src/retrieval/types.js";
import { tempDir } from "../helpers.js";
import { createTestDatabase, describeWithPostgres } from "../setup/postgres.js";

const opened: Db[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
});

async function open(location: Parameters<typeof openDatabase>[0]): Promise<Db> {
  const db = await openDatabase(location);
  opened.push(db);
  return db;
}

const passage = (quote: string, match: Passage["match"] = "answer"): Passage =>
  ({ docId: "a.txt", start: 0, end: quote.length, quote, date: "2024-01-01", match }) as Passage;

/** A page of results as the engine returns it. */
const page = (passages: Passage[], tookMs: number) => ({
  passages,
  tookMs,
  mode: "keyword" as const,
  period: null,
  filters: { since: null, until: null, speaker: null },
});

/** The same behaviour, whichever database holds it. */
function behavesLikeTheBotDatabase(fresh: () => Promise<Db>): void {
  it("keeps answers, their pages and votes, and counts them per server", async () => {
    const answers = new AnswerStore(await fresh());
    const where = { guildId: "g1", channelId: "c1", userId: "u1" };
    const first = await answers.create("how many?", { k: 3 }, where);
    await answers.recordPage(first, 0, page([passage("Four.")], 12.5));
    await answers.recordPage(first, 3, page([passage("Five.")], 30));
    // Paging the same offset again replaces it.
    await answers.recordPage(first, 3, page([passage("Six.")], 31));
    const unanswered = await answers.create("who won?", { k: 3 }, where);
    await answers.recordPage(unanswered, 0, page([], 80));
    // Related passages alone are no answer.
    const relatedOnly = await answers.create("who lost?", { k: 3 }, where);
    await answers.recordPage(relatedOnly, 0, page([passage("Close.", "related")], 5));
    await answers.create("elsewhere", { k: 3 }, { ...where, guildId: "g2" });

    expect(await answers.get(first)).toMatchObject({ question: "how many?", options: { k: 3 } });
    expect(await answers.get(999_999)).toBeNull();
    expect(await answers.get(Number("not-a-number"))).toBeNull();
    expect(await answers.get(2 ** 40)).toBeNull();
    expect((await answers.page(first, 3))?.map((p) => p.quote)).toEqual(["Six."]);
    expect(await answers.page(first, 6)).toBeNull();

    await answers.recordFeedback(first, "u2", 1);
    await answers.recordFeedback(first, "u2", -1);
    await answers.recordFeedback(first, "u3", 1);
    expect(await answers.feedback(first)).toEqual([
      {
        userId: "u2",
        vote: -1,
        question: "how many?",
        passages: [
          expect.objectContaining({ quote: "Four." }),
          expect.objectContaining({ quote: "Six." }),
        ],
      },
      expect.objectContaining({ userId: "u3", vote: 1 }),
    ]);
    expect(await answers.stats("g1", "2000-01-01")).toEqual({
      questions: 3,
      unanswered: 2,
      up: 1,
      down: 1,
      slowest: [
        { question: "who won?", tookMs: 80, at: expect.any(String) },
        { question: "how many?", tookMs: 12.5, at: expect.any(String) },
        { question: "who lost?", tookMs: 5, at: expect.any(String) },
      ],
    });
    expect(await answers.shownPage(first, 0)).toEqual({
      passages: [expect.objectContaining({ quote: "Four.", match: "answer" })],
      reading: {
        mode: "keyword",
        period: null,
        filters: { since: null, until: null, speaker: null },
      },
      tookMs: 12.5,
    });
    expect(await answers.stats("g3", "2000-01-01")).toEqual({
      questions: 0,
      unanswered: 0,
      up: 0,
      down: 0,
      slowest: [],
    });
  });

  it("keeps settings and their history, newest first", async () => {
    const settings = new SettingsStore(await fresh());
    await settings.set("g1", "u1", "results", 5);
    await settings.set("g1", "u1", "channels", ["123456789012345678"]);
    expect(await settings.get("g1")).toMatchObject({
      results: 5,
      channels: ["123456789012345678"],
    });
    expect((await settings.get("g2")).results).toBe(3);
    await settings.reset("g1", "u2", "all");
    expect((await settings.get("g1")).results).toBe(3);
    expect((await settings.history("g1")).map((h) => [h.userId, h.key, h.old, h.new])).toEqual([
      ["u2", "results", 5, 3],
      ["u2", "channels", ["123456789012345678"], []],
      ["u1", "channels", [], ["123456789012345678"]],
      ["u1", "results", 3, 5],
    ]);
  });
}

describe("the bot database on SQLite", () => {
  behavesLikeTheBotDatabase(async () => open({ dataDir: ":memory:" }));

  it("opens a database written by the first release (raw SQL, user_version 2) and keeps its data", async () => {
    const dataDir = await tempDir("verbatim-db-");
    const old = new Sqlite(path.join(dataDir, "verbatim.sqlite"));
    old.exec(FIRST_RELEASE_SCHEMA);
    old.pragma("user_version = 2");
    old
      .prepare("INSERT INTO guild_settings (guild_id, key, value_json) VALUES (?, ?, ?)")
      .run("g1", "results", "7");
    old
      .prepare(
        "INSERT INTO answers (question, options_json, guild_id, channel_id, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run("old question", "{}", "g1", "c1", "u1", new Date().toISOString());
    old
      .prepare(
        "INSERT INTO answer_pages (answer_id, offset, passages_json, results, took_ms, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(
        1,
        0,
        JSON.stringify([{ docId: "a.txt", start: 0, end: 5, quote: "Four.", date: "2024-01-01" }]),
        1,
        9,
        new Date().toISOString(),
      );
    old.close();

    const db = await open({ dataDir });
    expect((await new SettingsStore(db).get("g1")).results).toBe(7);
    const answers = new AnswerStore(db);
    expect(await answers.get(1)).toMatchObject({ question: "old question" });
    // A page from before answers were counted: any passage counts as an answer; no reading.
    expect((await answers.stats("g1", "2000-01-01")).unanswered).toBe(0);
    expect(await answers.shownPage(1, 0)).toMatchObject({ reading: null, tookMs: 9 });
    expect(
      await answers.create("new question", {}, { guildId: "g1", channelId: null, userId: "u" }),
    ).toBe(2);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses a database from a newer Verbatim, saying what to do", async () => {
    const dataDir = await tempDir("verbatim-db-");
    const file = path.join(dataDir, "verbatim.sqlite");
    const newer = new Sqlite(file);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    await expect(openDatabase({ dataDir })).rejects.toThrow(
      new DatabaseVersionError(
        `The database ${file} has schema version ${SCHEMA_VERSION + 1}, newer than this Verbatim's ${SCHEMA_VERSION}: upgrade Verbatim, or move the file away to start afresh.`,
      ),
    );
  });
});

describeWithPostgres("the bot database", () => {
  behavesLikeTheBotDatabase(async () =>
    open({ dataDir: "unused", url: await createTestDatabase() }),
  );

  it("migrates once when two processes start together, and records the version", async () => {
    const url = await createTestDatabase();
    const [a, b] = await Promise.all([
      open({ dataDir: "unused", url }),
      open({ dataDir: "unused", url }),
    ]);
    const rows = await sql<{ version: number }>`select version from verbatim_schema`.execute(
      a.query,
    );
    expect(rows.rows).toEqual([{ version: SCHEMA_VERSION }]);
    // Both see one table of answers.
    const id = await new AnswerStore(a).create(
      "q",
      {},
      { guildId: "g", channelId: null, userId: "u" },
    );
    expect(await new AnswerStore(b).get(id)).toMatchObject({ question: "q" });
  });

  it("refuses a database from a newer Verbatim, naming the URL without its password", async () => {
    const url = await createTestDatabase();
    const db = await open({ dataDir: "unused", url });
    await sql`update verbatim_schema set version = ${SCHEMA_VERSION + 5}`.execute(db.query);
    const withPassword = url.replace("postgres@", "postgres:hunter2@");
    const error = await openDatabase({ dataDir: "unused", url: withPassword }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseVersionError);
    expect((error as Error).message).toBe(
      `The database ${withPassword.replace("hunter2", "***")} has schema version ${SCHEMA_VERSION + 5}, newer than this Verbatim's ${SCHEMA_VERSION}: upgrade Verbatim, or point DATABASE_URL at another database.`,
    );
  });
});

describe("an unreachable DATABASE_URL", () => {
  it("is one plain error naming the server (not the password) and what to check", async () => {
    const error = await openDatabase({
      dataDir: "unused",
      url: "postgres://verbatim:hunter2@127.0.0.1:1/verbatim",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(
      /^Could not open the database postgres:\/\/verbatim:\*\*\*@127\.0\.0\.1:1\/verbatim: .*ECONNREFUSED.*\. Check DATABASE_URL and that the server is running\.$/,
    );
    expect((error as Error).message).not.toContain("hunter2");
  });
});

/** The schema as the first release wrote it (raw SQLite), to prove such files keep working. */
const FIRST_RELEASE_SCHEMA = `
CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, question TEXT NOT NULL, options_json TEXT NOT NULL,
  guild_id TEXT, channel_id TEXT, user_id TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE answer_pages (answer_id INTEGER NOT NULL REFERENCES answers(id), offset INTEGER NOT NULL,
  passages_json TEXT NOT NULL, results INTEGER NOT NULL, took_ms REAL NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY (answer_id, offset));
CREATE TABLE feedback (answer_id INTEGER NOT NULL REFERENCES answers(id), user_id TEXT NOT NULL,
  vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), created_at TEXT NOT NULL, PRIMARY KEY (answer_id, user_id));
CREATE TABLE guild_settings (guild_id TEXT NOT NULL, key TEXT NOT NULL, value_json TEXT NOT NULL,
  PRIMARY KEY (guild_id, key));
CREATE TABLE settings_history (id INTEGER PRIMARY KEY AUTOINCREMENT, guild_id TEXT NOT NULL, user_id TEXT NOT NULL,
  key TEXT NOT NULL, old_json TEXT, new_json TEXT, created_at TEXT NOT NULL);
CREATE INDEX answers_guild_time ON answers (guild_id, created_at);`;
