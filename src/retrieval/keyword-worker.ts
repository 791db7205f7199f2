/**
 * The keyword search thread: answers BM25 searches over one generation's SQLite keyword index,
 * so that SQLite's part of a question runs while the main thread embeds the question, searches
 * the graph and reads candidates (and a bot's event loop never waits on SQLite).
 */
import { parentPort, workerData } from "node:worker_threads";
import { type FilterSpec, type LabelTables, labelFilter } from "./label-filter.js";
import { LexicalIndex } from "./lexical-index.js";

export interface KeywordWorkerData {
  file: string;
  chunks: number;
  tables: LabelTables;
}

export interface KeywordRequest {
  id: number;
  terms: string[];
  limit: number;
  filter: FilterSpec | null;
}

export type KeywordReply =
  | { kind: "ready" }
  | { kind: "failed"; message: string }
  | { kind: "hits"; id: number; labels: Int32Array; scores: Float64Array }
  | { kind: "error"; id: number; message: string };

if (parentPort) {
  const port = parentPort;
  const { file, chunks, tables } = workerData as KeywordWorkerData;
  const post = (reply: KeywordReply) => port.postMessage(reply);
  let index: LexicalIndex | null = null;
  try {
    index = LexicalIndex.open(file, chunks);
    post({ kind: "ready" });
  } catch (error) {
    post({ kind: "failed", message: (error as Error).message });
  }
  port.on("message", (request: KeywordRequest) => {
    try {
      if (!index) throw new Error("the keyword index is not open");
      const filter = request.filter ? labelFilter(tables, request.filter) : undefined;
      const hits = index.search(request.terms, request.limit, filter);
      const labels = Int32Array.from(hits, (h) => h.label);
      const scores = Float64Array.from(hits, (h) => h.score);
      port.postMessage({ kind: "hits", id: request.id, labels, scores } satisfies KeywordReply, [
        labels.buffer,
        scores.buffer,
      ]);
    } catch (error) {
      post({ kind: "error", id: request.id, message: (error as Error).message });
    }
  });
  port.on("close", () => index?.close());
}
