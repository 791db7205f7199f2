/**
 * Retries an interaction's message edits when the connection fails. @discordjs/rest retries 5xx
 * answers and ECONNRESET, but not a connection closed without an answer (undici's "other side
 * closed", "socket hang up"), so an answer that was found was lost and the member was told
 * something went wrong. Editing a message (PATCH /webhooks/:app/:token/messages/:id, which is
 * how `editReply` and follow-up edits reach Discord) sets the same content however often it is
 * sent, so it is safe to send again; creating a message or answering the callback is not, and is
 * left alone.
 *
 * This sits in the REST client's network layer (its `makeRequest` option) rather than around each
 * `editReply` call: every edit the bot makes, present and future, is covered without each command
 * having to remember a wrapper, and the rate-limit queue above it is untouched (a retry is part of
 * the one request the queue let through). The interaction token lives 15 minutes from the
 * interaction's creation; the creation time is read from the interaction id (a snowflake) in the
 * callback URL that precedes every edit, and no retry is started after the token has expired.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { SnowflakeUtil } from "discord.js";
import type { RESTOptions, ResponseLike } from "discord.js";

export type MakeRequest = RESTOptions["makeRequest"];

/** How long an interaction token can be used after the interaction was created. */
export const INTERACTION_TOKEN_MS = 15 * 60 * 1000;

/** Waits before each retry; three retries over about 4 s, well inside Discord's 15 s timeout. */
export const EDIT_RETRY_DELAYS_MS: readonly number[] = [250, 1000, 3000];

export interface EditRetryOptions {
  /** Waits before each retry, in ms; its length is the number of retries. */
  delaysMs?: readonly number[];
  now?: () => number;
  onRetry?: (event: { url: string; attempt: number; delayMs: number; error: unknown }) => void;
}

const CALLBACK = /\/interactions\/(\d+)\/([^/?]+)\/callback(?:\?|$)/;
const WEBHOOK_MESSAGE = /\/webhooks\/\d+\/([^/?]+)\/messages\/[^/?]+(?:\?|$)/;

/** Error codes and messages of a connection that failed or closed before an answer arrived. */
const CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const CONNECTION_MESSAGES = /socket hang up|other side closed|ECONNRESET/i;

/** True for a failed or dropped connection (the error or one of its causes), not an abort. */
export function isConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.name === "AbortError") return false;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    if (CONNECTION_MESSAGES.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** Wraps a `makeRequest` so that interaction message edits survive a dropped connection. */
export function retryInteractionEdits(
  base: MakeRequest,
  options: EditRetryOptions = {},
): MakeRequest {
  const delays = options.delaysMs ?? EDIT_RETRY_DELAYS_MS;
  const now = options.now ?? Date.now;
  /** Interaction token → when it expires; insertion order is creation order, so the oldest go first. */
  const expiries = new Map<string, number>();

  const remember = (url: string) => {
    const callback = CALLBACK.exec(url);
    if (!callback) return;
    const [, id = "", token = ""] = callback;
    const t = now();
    for (const [old, expiry] of expiries) {
      if (expiry > t) break;
      expiries.delete(old);
    }
    expiries.set(token, SnowflakeUtil.timestampFrom(id) + INTERACTION_TOKEN_MS);
  };

  return async (url, init): Promise<ResponseLike> => {
    const method = (init.method ?? "GET").toUpperCase();
    if (method === "POST") remember(url);
    const edit = method === "PATCH" ? WEBHOOK_MESSAGE.exec(url) : null;
    if (!edit) return base(url, init);
    const expiresAt = expiries.get(edit[1] ?? "") ?? Number.POSITIVE_INFINITY;
    for (let attempt = 0; ; attempt++) {
      try {
        return await base(url, init);
      } catch (error) {
        const delayMs = delays[attempt];
        const signal = (init.signal ?? undefined) as AbortSignal | undefined;
        if (
          delayMs === undefined ||
          !isConnectionError(error) ||
          signal?.aborted ||
          now() + delayMs >= expiresAt
        )
          throw error;
        options.onRetry?.({ url, attempt: attempt + 1, delayMs, error });
        // An abort meanwhile (the REST client's own timeout) ends the wait with an AbortError,
        // which the REST client handles as it does any timeout.
        await sleep(delayMs, undefined, signal ? { signal } : {});
      }
    }
  };
}
