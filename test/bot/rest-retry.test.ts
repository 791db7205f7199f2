import { SnowflakeUtil } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  INTERACTION_TOKEN_MS,
  type MakeRequest,
  isConnectionError,
  retryInteractionEdits,
} from "../../src/bot/rest-retry.js";

const API = "https://discord.test/api/v10";
const CREATED = Date.UTC(2026, 0, 1, 12, 0, 0);
const ID = SnowflakeUtil.generate({ timestamp: CREATED }).toString();
const CALLBACK = `${API}/interactions/${ID}/tok/callback?with_response=true`;
const EDIT = `${API}/webhooks/1100000000000000001/tok/messages/@original`;

function socketClosed(): Error {
  return Object.assign(new Error("other side closed"), {
    name: "SocketError",
    code: "UND_ERR_SOCKET",
  });
}

const OK = { status: 200 } as Awaited<ReturnType<MakeRequest>>;

/** A network layer whose answers are scripted: an Error is thrown, anything else returned. */
function scripted(outcomes: Array<Error | "ok">) {
  const calls: string[] = [];
  const base: MakeRequest = async (url, init) => {
    calls.push(`${init.method} ${url}`);
    const next = outcomes.shift() ?? "ok";
    if (next instanceof Error) throw next;
    return OK;
  };
  return { base, calls };
}

describe("retryInteractionEdits", () => {
  it("sends an edit again after a dropped connection, up to the number of delays", async () => {
    const { base, calls } = scripted([socketClosed(), socketClosed(), "ok"]);
    const retries: number[] = [];
    const request = retryInteractionEdits(base, {
      delaysMs: [1, 1, 1],
      onRetry: (e) => retries.push(e.attempt),
    });
    await expect(request(EDIT, { method: "PATCH" })).resolves.toBe(OK);
    expect(calls).toHaveLength(3);
    expect(retries).toEqual([1, 2]);

    const failing = scripted([socketClosed(), socketClosed(), socketClosed()]);
    const bounded = retryInteractionEdits(failing.base, { delaysMs: [1, 1] });
    await expect(bounded(EDIT, { method: "PATCH" })).rejects.toThrow("other side closed");
    expect(failing.calls).toHaveLength(3);
  });

  it("never sends again what is not an edit, nor after an error that is not the connection's", async () => {
    const post = scripted([socketClosed()]);
    await expect(
      retryInteractionEdits(post.base, { delaysMs: [1] })(CALLBACK, { method: "POST" }),
    ).rejects.toThrow("other side closed");
    expect(post.calls).toHaveLength(1);

    const other = scripted([new TypeError("Invalid URL")]);
    await expect(
      retryInteractionEdits(other.base, { delaysMs: [1] })(EDIT, { method: "PATCH" }),
    ).rejects.toThrow("Invalid URL");
    expect(other.calls).toHaveLength(1);
  });

  it("does not retry once the interaction token has expired", async () => {
    let now = CREATED + 1000;
    const { base, calls } = scripted(["ok", socketClosed(), "ok", socketClosed()]);
    const request = retryInteractionEdits(base, { delaysMs: [100], now: () => now });
    await request(CALLBACK, { method: "POST" });
    await expect(request(EDIT, { method: "PATCH" })).resolves.toBe(OK);
    expect(calls).toHaveLength(3);
    now = CREATED + INTERACTION_TOKEN_MS - 50;
    await expect(request(EDIT, { method: "PATCH" })).rejects.toThrow("other side closed");
    expect(calls).toHaveLength(4);
  });

  it("stops waiting when the REST client aborts the request", async () => {
    const { base, calls } = scripted([socketClosed()]);
    const controller = new AbortController();
    const request = retryInteractionEdits(base, { delaysMs: [60_000] });
    const pending = request(EDIT, { method: "PATCH", signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(calls).toHaveLength(1);
  });
});

describe("isConnectionError", () => {
  it("recognises dropped connections by code, message or cause, and not aborts", () => {
    expect(isConnectionError(socketClosed())).toBe(true);
    expect(isConnectionError(Object.assign(new Error("read"), { code: "ECONNRESET" }))).toBe(true);
    expect(isConnectionError(new Error("socket hang up"))).toBe(true);
    expect(isConnectionError(new TypeError("fetch failed", { cause: socketClosed() }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error("x"), { name: "AbortError" }))).toBe(false);
    expect(isConnectionError(new Error("Unknown Message"))).toBe(false);
    expect(isConnectionError("ECONNRESET")).toBe(false);
  });
});
