/** A whole statement, page by page, with navigation buttons that survive restarts. */
import { createHash } from "node:crypto";
import type { Retriever, Statement } from "../retrieval/index.js";
import { NO_MENTIONS } from "./build-answer.js";
import { statementEmbed, statementPages } from "./format.js";
import { pagerRows } from "./pager.js";

/** A short stable reference to a statement: docIds can be longer than a custom_id allows. */
export function refOf(docId: string): string {
  return createHash("sha1").update(docId).digest("hex").slice(0, 16);
}

export function findStatement(retriever: Retriever, idOrRef: string): Statement | null {
  const direct = retriever.statement(idOrRef);
  if (direct) return direct;
  const match = retriever
    .statements()
    .find((s) => refOf(s.docId) === idOrRef || s.docId.toLowerCase() === idOrRef.toLowerCase());
  return match ? retriever.statement(match.docId) : null;
}

export function statementMessage(statement: Statement, page: number) {
  const pages = statementPages(statement);
  const current = Math.min(Math.max(page, 0), pages.length - 1);
  const ref = refOf(statement.docId);
  const components = pagerRows((p) => `stmt:${ref}:${p}`, current, pages.length);
  return {
    embeds: [statementEmbed(statement, current, pages)],
    components,
    allowedMentions: NO_MENTIONS,
  };
}

export const STALE =
  "This button belongs to an answer that is no longer available (the statements were re-indexed or the answer expired). Ask again with /ask.";
