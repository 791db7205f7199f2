/** Answers shown and feedback given, kept in SQLite so buttons work after a restart. */
import type { AskOptions, Passage } from "../retrieval/types.js";
import type { Db } from "./db.js";

export interface ShownPassage {
  docId: string;
  start: number;
  end: number;
  quote: string;
  date: string;
}

export interface StoredAnswer {
  id: number;
  question: string;
  options: AskOptions;
  guildId: string | null;
  channelId: string | null;
  userId: string;
  createdAt: string;
}

export class AnswerStore {
  constructor(private readonly db: Db) {}

  create(
    question: string,
    options: AskOptions,
    where: { guildId: string | null; channelId: string | null; userId: string },
  ): number {
    const result = this.db
      .prepare(
        "INSERT INTO answers (question, options_json, guild_id, channel_id, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(
        question,
        JSON.stringify(options),
        where.guildId,
        where.channelId,
        where.userId,
        new Date().toISOString(),
      );
    return Number(result.lastInsertRowid);
  }

  recordPage(answerId: number, offset: number, passages: Passage[], tookMs: number): void {
    const shown: ShownPassage[] = passages.map((p) => ({
      docId: p.docId,
      start: p.start,
      end: p.end,
      quote: p.quote,
      date: p.date,
    }));
    this.db
      .prepare(
        "INSERT OR REPLACE INTO answer_pages (answer_id, offset, passages_json, results, took_ms, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(
        answerId,
        offset,
        JSON.stringify(shown),
        passages.length,
        tookMs,
        new Date().toISOString(),
      );
  }

  get(answerId: number): StoredAnswer | null {
    const row = this.db.prepare("SELECT * FROM answers WHERE id = ?").get(answerId) as
      | {
          id: number;
          question: string;
          options_json: string;
          guild_id: string | null;
          channel_id: string | null;
          user_id: string;
          created_at: string;
        }
      | undefined;
    if (!row) return null;
    return {
      id: row.id,
      question: row.question,
      options: JSON.parse(row.options_json) as AskOptions,
      guildId: row.guild_id,
      channelId: row.channel_id,
      userId: row.user_id,
      createdAt: row.created_at,
    };
  }

  page(answerId: number, offset: number): ShownPassage[] | null {
    const row = this.db
      .prepare("SELECT passages_json FROM answer_pages WHERE answer_id = ? AND offset = ?")
      .get(answerId, offset) as { passages_json: string } | undefined;
    return row ? (JSON.parse(row.passages_json) as ShownPassage[]) : null;
  }

  /** One vote per user and answer; voting again changes the vote. */
  recordFeedback(answerId: number, userId: string, vote: 1 | -1): void {
    this.db
      .prepare(
        "INSERT INTO feedback (answer_id, user_id, vote, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at",
      )
      .run(answerId, userId, vote, new Date().toISOString());
  }

  feedback(
    answerId: number,
  ): Array<{ userId: string; vote: number; question: string; passages: ShownPassage[] }> {
    const rows = this.db
      .prepare(
        `SELECT f.user_id, f.vote, a.question,
                (SELECT json_group_array(json(p.passages_json)) FROM answer_pages p WHERE p.answer_id = a.id) AS pages
         FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE f.answer_id = ?`,
      )
      .all(answerId) as Array<{ user_id: string; vote: number; question: string; pages: string }>;
    return rows.map((r) => ({
      userId: r.user_id,
      vote: r.vote,
      question: r.question,
      passages: (JSON.parse(r.pages) as ShownPassage[][]).flat(),
    }));
  }

  /** Usage of one server since a moment: questions, share unanswered, votes, slowest questions. */
  stats(guildId: string, since: string): UsageStats {
    const totals = this.db
      .prepare(
        `SELECT COUNT(*) AS questions,
                SUM(CASE WHEN p.results = 0 THEN 1 ELSE 0 END) AS unanswered
         FROM answers a JOIN answer_pages p ON p.answer_id = a.id AND p.offset = 0
         WHERE a.guild_id = ? AND a.created_at >= ?`,
      )
      .get(guildId, since) as { questions: number; unanswered: number | null };
    const votes = this.db
      .prepare(
        `SELECT SUM(CASE WHEN f.vote = 1 THEN 1 ELSE 0 END) AS up, SUM(CASE WHEN f.vote = -1 THEN 1 ELSE 0 END) AS down
         FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE a.guild_id = ? AND a.created_at >= ?`,
      )
      .get(guildId, since) as { up: number | null; down: number | null };
    const slowest = this.db
      .prepare(
        `SELECT a.question, p.took_ms AS tookMs, a.created_at AS at
         FROM answers a JOIN answer_pages p ON p.answer_id = a.id AND p.offset = 0
         WHERE a.guild_id = ? AND a.created_at >= ? ORDER BY p.took_ms DESC LIMIT 5`,
      )
      .all(guildId, since) as Array<{ question: string; tookMs: number; at: string }>;
    return {
      questions: totals.questions,
      unanswered: totals.unanswered ?? 0,
      up: votes.up ?? 0,
      down: votes.down ?? 0,
      slowest,
    };
  }
}

export interface UsageStats {
  questions: number;
  unanswered: number;
  up: number;
  down: number;
  slowest: Array<{ question: string; tookMs: number; at: string }>;
}
