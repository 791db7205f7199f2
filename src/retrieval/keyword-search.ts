/**
 * BM25 keyword search for the engine, in a worker thread (`keyword-worker.ts`) with the SQLite
 * index also open here: until the worker is ready (it takes a moment to start), or if it fails
 * or dies, searches run here instead, so a question is always answered.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type FilterSpec, type LabelTables, labelFilter } from "./label-filter.js";
import type { KeywordReply, KeywordRequest, KeywordWorkerData } from "./keyword-worker.js";
import type { LexicalHit, LexicalIndex } from "./lexical-index.js";

interface Pending {
  request: KeywordRequest;
  resolve: (hits: LexicalHit[]) => void;
  reject: (error: Error) => void;
}

/**
 * The worker: the module next to this one, compiled by tsx when the sources are TypeScript
 * (tsx's scoped `require`: Node 20 applies no `--import` loader to a worker's own modules).
 */
function newWorker(data: KeywordWorkerData): Worker {
  const typescript = import.meta.url.endsWith(".ts");
  const entry = fileURLToPath(
    new URL(`./keyword-worker.${typescript ? "ts" : "js"}`, import.meta.url),
  );
  if (!typescript) return new Worker(entry, { workerData: data });
  const tsx = createRequire(import.meta.url).resolve("tsx/cjs/api");
  const code = `require(${JSON.stringify(tsx)}).require(${JSON.stringify(entry)}, ${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, workerData: data });
}

export class KeywordSearch {
  private worker: Worker | null = null;
  private ready = false;
  private closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private settle: (threaded: boolean) => void = () => undefined;
  /** Resolves once the worker is ready (true) or will not be used (false). */
  readonly started: Promise<boolean>;

  /**
   * `inline` is the open keyword index, used here until the worker is ready and whenever it is
   * not; `chunks` is how many it holds. With `thread: false` every search runs here.
   * `onLost` hears why the worker failed to start or stopped (searches go on here).
   */
  constructor(
    private readonly inline: LexicalIndex,
    chunks: number,
    private readonly tables: LabelTables,
    thread = true,
    private readonly onLost: (reason: string) => void = () => undefined,
  ) {
    this.started = new Promise((resolve) => (this.settle = resolve));
    if (thread) this.startWorker({ file: inline.file, chunks, tables });
    else this.settle(false);
  }

  /** Whether searches currently run in the worker thread. */
  get threaded(): boolean {
    return this.ready && this.worker !== null;
  }

  /** Chunks holding any of `terms`, best BM25 first; with `filter`, only those it allows. */
  search(terms: string[], limit: number, filter: FilterSpec | null): Promise<LexicalHit[]> {
    if (this.closed) return Promise.reject(new Error("The keyword index was closed."));
    const request: KeywordRequest = { id: this.nextId++, terms, limit, filter };
    if (!this.threaded) return Promise.resolve().then(() => this.here(request));
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker!.ref();
      this.pending.set(request.id, { request, resolve, reject });
      this.worker!.postMessage(request);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.settle(false);
    void worker?.terminate();
    for (const { reject } of this.pending.values())
      reject(new Error("The keyword index was closed."));
    this.pending.clear();
    this.inline.close();
  }

  private here(request: KeywordRequest): LexicalHit[] {
    const filter = request.filter ? labelFilter(this.tables, request.filter) : undefined;
    return this.inline.search(request.terms, request.limit, filter);
  }

  private startWorker(data: KeywordWorkerData): void {
    let worker: Worker;
    try {
      worker = newWorker(data);
    } catch (error) {
      this.settle(false); // searches run here
      this.onLost(`the keyword search thread could not start: ${(error as Error).message}`);
      return;
    }
    this.worker = worker;
    worker.on("message", (reply: KeywordReply) => this.received(worker, reply));
    worker.on("error", (error) => this.lost(worker, `it failed: ${error.message}`));
    worker.on("exit", (code) => this.lost(worker, `it exited (status ${code})`));
    // A starting worker keeps the process alive (someone may await `started`); once ready, only
    // a search in flight does (see `search`).
  }

  /** A worker that failed to start or died: what it held is answered here, and from now on. */
  private lost(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.onLost(`keyword searches run on the main thread from now on: ${reason}`);
    this.worker = null;
    this.ready = false;
    this.settle(false);
    void worker.terminate();
    const held = [...this.pending.values()];
    this.pending.clear();
    for (const p of held) {
      try {
        p.resolve(this.here(p.request));
      } catch (error) {
        p.reject(error as Error);
      }
    }
  }

  private received(worker: Worker, reply: KeywordReply): void {
    if (reply.kind === "ready") {
      this.ready = this.worker === worker;
      if (this.pending.size === 0) worker.unref();
      this.settle(this.ready);
      return;
    }
    if (reply.kind === "failed") {
      this.lost(worker, `it could not open the keyword index: ${reply.message}`);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.kind === "error") {
      pending.reject(new Error(reply.message));
      return;
    }
    const hits: LexicalHit[] = [];
    for (let i = 0; i < reply.labels.length; i++)
      hits.push({ label: reply.labels[i]!, score: reply.scores[i]! });
    pending.resolve(hits);
  }
}
