/**
 * A tiny append-only log whose contents can be awaited.
 *
 * Every wait first checks what is already recorded (so there is no race between
 * "the bot answered" and "the test started waiting"), then re-checks after each
 * new entry, and rejects after `timeoutMs` with a descriptive error.
 */

export const DEFAULT_TIMEOUT_MS = 5_000;

/** Builds the tail of a timeout error message; only called on failure. */
export type Describe = () => string;

interface Waiter<T> {
  readonly check: (items: readonly T[]) => boolean;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class EventLog<T> {
  readonly #items: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();
  #closed = false;

  get items(): readonly T[] {
    return this.#items;
  }

  push(item: T): void {
    this.#items.push(item);
    for (const waiter of [...this.#waiters]) {
      if (waiter.check(this.#items)) this.#settle(waiter);
    }
  }

  /** Resolves with the first non-undefined result of `select` over the log. */
  waitUntil<R>(
    select: (items: readonly T[]) => R | undefined,
    timeoutMs: number,
    describe: Describe,
  ): Promise<R> {
    const now = select(this.#items);
    if (now !== undefined) return Promise.resolve(now);
    if (this.#closed) return Promise.reject(new Error(`FakeDiscord is closed; ${describe()}`));
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms ${describe()}`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        check: (items) => {
          const result = select(items);
          if (result === undefined) return false;
          resolve(result);
          return true;
        },
        reject,
        timer,
      };
      this.#waiters.add(waiter);
    });
  }

  /** First entry at index >= `fromIndex` matching `predicate`. */
  waitFor(
    predicate: (item: T) => boolean,
    timeoutMs: number,
    describe: Describe,
    fromIndex = 0,
  ): Promise<T> {
    return this.waitUntil((items) => items.slice(fromIndex).find(predicate), timeoutMs, describe);
  }

  /** The entry at `index`, once it exists. */
  waitForIndex(index: number, timeoutMs: number, describe: Describe): Promise<T> {
    return this.waitUntil((items) => items[index], timeoutMs, describe);
  }

  /** The first `count` entries, once there are that many. */
  waitForCount(count: number, timeoutMs: number, describe: Describe): Promise<T[]> {
    return this.waitUntil(
      (items) => (items.length >= count ? items.slice(0, count) : undefined),
      timeoutMs,
      describe,
    );
  }

  /** Rejects every pending wait; later waits fail fast unless already satisfied. */
  close(): void {
    this.#closed = true;
    for (const waiter of [...this.#waiters]) {
      this.#settle(waiter);
      waiter.reject(new Error("FakeDiscord was closed while a test was still waiting"));
    }
  }

  #settle(waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
  }
}
