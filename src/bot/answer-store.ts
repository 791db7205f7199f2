/** Answers shown and feedback given, kept in the database so buttons work after a restart (and on another machine). */
import type { AskOptions, AskResult, Passage } from "../retrieval/index.js";
import type { Db } from "./db.js";

export interface ShownPassage {
  docId: string;
  start: number;
  end: number;
  quote: string;
  date: string;
  /** Absent on pages recorded before schema version 3. */
  chunkId?: string;
  score?: number;
  relevance?: number;
  match?: Passage["match"];
}

/** How the question of a page was read and searched (for "Details"). */
export interface PageReading {
  mode: AskResult["mode"];
  period: AskResult["period"];
  filters: AskResult["filters"];
}

/** A page of an answer as shown, with how it was found. */
export interface ShownPage {
  passages: ShownPassage[];
  /** Null on pages recorded before schema version 3. */
  reading: PageReading | null;
  tookMs: number;
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

/** Ids come from button custom ids typed by anyone: only a positive 32-bit integer can be one. */
const isAnswerId = (id: number) => Number.isInteger(id) && id > 0 && id <= 2_147_483_647;

export class AnswerStore {
  constructor(private readonly db: Db) {}

  async create(
    question: string,
    options: AskOptions,
    where: { guildId: string | null; channelId: string | null; userId: string },
  ): Promise<number> {
    const row = await this.db.query
      .insertInto("answers")
      .values({
        question,
        options_json: JSON.stringify(options),
        guild_id: where.guildId,
        channel_id: where.channelId,
        user_id: where.userId,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A page of passages shown, with how many answer the question and how they were found. */
  async recordPage(
    answerId: number,
    offset: number,
    result: Pick<AskResult, "passages" | "tookMs" | "mode" | "period" | "filters">,
  ): Promise<void> {
    const shown: ShownPassage[] = result.passages.map((p) => ({
      docId: p.docId,
      start: p.start,
      end: p.end,
      quote: p.quote,
      date: p.date,
      chunkId: p.chunkId,
      score: p.score,
      relevance: p.relevance,
      match: p.match,
    }));
    const reading: PageReading = {
      mode: result.mode,
      period: result.period,
      filters: result.filters,
    };
    await this.db.query
      .insertInto("answer_pages")
      .values({
        answer_id: answerId,
        offset,
        passages_json: JSON.stringify(shown),
        results: result.passages.length,
        answers: result.passages.filter((p) => p.match !== "related").length,
        reading_json: JSON.stringify(reading),
        took_ms: result.tookMs,
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) =>
        oc.columns(["answer_id", "offset"]).doUpdateSet((eb) => ({
          passages_json: eb.ref("excluded.passages_json"),
          results: eb.ref("excluded.results"),
          answers: eb.ref("excluded.answers"),
          reading_json: eb.ref("excluded.reading_json"),
          took_ms: eb.ref("excluded.took_ms"),
          created_at: eb.ref("excluded.created_at"),
        })),
      )
      .execute();
  }

  async get(answerId: number): Promise<StoredAnswer | null> {
    if (!isAnswerId(answerId)) return null;
    const row = await this.db.query
      .selectFrom("answers")
      .selectAll()
      .where("id", "=", answerId)
      .executeTakeFirst();
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

  async page(answerId: number, offset: number): Promise<ShownPassage[] | null> {
    return (await this.shownPage(answerId, offset))?.passages ?? null;
  }

  /** A page as shown, with how its question was read and searched. */
  async shownPage(answerId: number, offset: number): Promise<ShownPage | null> {
    if (!isAnswerId(answerId) || !Number.isInteger(offset) || offset < 0 || offset > 10_000)
      return null;
    const row = await this.db.query
      .selectFrom("answer_pages")
      .select(["passages_json", "reading_json", "took_ms"])
      .where("answer_id", "=", answerId)
      .where("offset", "=", offset)
      .executeTakeFirst();
    if (!row) return null;
    return {
      passages: JSON.parse(row.passages_json) as ShownPassage[],
      reading: row.reading_json ? (JSON.parse(row.reading_json) as PageReading) : null,
      tookMs: row.took_ms,
    };
  }

  /** One vote per user and answer; voting again changes the vote. */
  async recordFeedback(answerId: number, userId: string, vote: 1 | -1): Promise<void> {
    await this.db.query
      .insertInto("feedback")
      .values({ answer_id: answerId, user_id: userId, vote, created_at: new Date().toISOString() })
      .onConflict((oc) =>
        oc.columns(["answer_id", "user_id"]).doUpdateSet((eb) => ({
          vote: eb.ref("excluded.vote"),
          created_at: eb.ref("excluded.created_at"),
        })),
      )
      .execute();
  }

  /** The votes on one answer, each with the question and every passage shown for it. */
  async feedback(
    answerId: number,
  ): Promise<Array<{ userId: string; vote: number; question: string; passages: ShownPassage[] }>> {
    const votes = await this.db.query
      .selectFrom("feedback as f")
      .innerJoin("answers as a", "a.id", "f.answer_id")
      .select(["f.user_id", "f.vote", "a.question"])
      .where("f.answer_id", "=", answerId)
      .orderBy("f.created_at")
      .execute();
    const pages = await this.db.query
      .selectFrom("answer_pages")
      .select("passages_json")
      .where("answer_id", "=", answerId)
      .orderBy("offset")
      .execute();
    const passages = pages.flatMap((p) => JSON.parse(p.passages_json) as ShownPassage[]);
    return votes.map((v) => ({ userId: v.user_id, vote: v.vote, question: v.question, passages }));
  }

  /**
   * Usage of one server since a moment: questions, how many had no passage that answers them
   * (related passages are not an answer), votes, slowest questions.
   */
  async stats(guildId: string, since: string): Promise<UsageStats> {
    const firstPages = this.db.query
      .selectFrom("answers as a")
      .innerJoin("answer_pages as p", (join) =>
        join.onRef("p.answer_id", "=", "a.id").on("p.offset", "=", 0),
      )
      .where("a.guild_id", "=", guildId)
      .where("a.created_at", ">=", since);
    // Counts and sums are cast to integer: PostgreSQL returns bigint, which its driver reads as text.
    const totals = await firstPages
      .select((eb) => [
        eb.cast<number>(eb.fn.countAll(), "integer").as("questions"),
        eb
          .cast<number>(
            eb.fn.coalesce(
              eb.fn.sum(
                // Pages recorded before answers were counted (schema 3) fall back to any result.
                eb
                  .case()
                  .when(eb.fn.coalesce("p.answers", "p.results"), "=", 0)
                  .then(1)
                  .else(0)
                  .end(),
              ),
              eb.lit(0),
            ),
            "integer",
          )
          .as("unanswered"),
      ])
      .executeTakeFirstOrThrow();
    const votes = await this.db.query
      .selectFrom("feedback as f")
      .innerJoin("answers as a", "a.id", "f.answer_id")
      .where("a.guild_id", "=", guildId)
      .where("a.created_at", ">=", since)
      .select((eb) => [
        eb
          .cast<number>(
            eb.fn.coalesce(
              eb.fn.sum(eb.case().when("f.vote", "=", 1).then(1).else(0).end()),
              eb.lit(0),
            ),
            "integer",
          )
          .as("up"),
        eb
          .cast<number>(
            eb.fn.coalesce(
              eb.fn.sum(eb.case().when("f.vote", "=", -1).then(1).else(0).end()),
              eb.lit(0),
            ),
            "integer",
          )
          .as("down"),
      ])
      .executeTakeFirstOrThrow();
    const slowest = await firstPages
      .select(["a.question", "p.took_ms as tookMs", "a.created_at as at"])
      .orderBy("p.took_ms", "desc")
      .limit(5)
      .execute();
    return {
      questions: totals.questions,
      unanswered: totals.unanswered,
      up: votes.up,
      down: votes.down,
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
