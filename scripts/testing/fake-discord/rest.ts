/**
 * HTTP plumbing for the fake REST API: body parsing (JSON and multipart with
 * `payload_json`), route matching, auth, failure injection and recording.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { EventLog } from "./events.js";
import { parseJson } from "./json.js";
import type { StoredFile } from "./payloads.js";

export const API_PREFIX = "/api/v10";

export interface RecordedRequest {
  readonly method: string;
  /** Decoded path including the prefix, e.g. `/api/v10/webhooks/1/abc/messages/@original`. */
  readonly path: string;
  /** Decoded path without `/api/v10`, e.g. `/webhooks/1/abc/messages/@original`. */
  readonly route: string;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body (or `payload_json` of a multipart body); undefined when empty. */
  readonly body: unknown;
  /** Uploaded files; only present for multipart requests. */
  readonly files?: readonly StoredFile[];
  readonly authorization: string | undefined;
  /** The status the fake answered with; 0 when it dropped the connection instead (`FailureSpec`). */
  readonly status: number;
  /** True when no route matched (the fake answered 404). */
  readonly unhandled: boolean;
}

export type ParsedRequest = Omit<RecordedRequest, "status" | "unhandled">;

export interface RouteResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteContext {
  readonly request: ParsedRequest;
  readonly params: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: string;
  /** Path pattern with `:name` placeholders, e.g. `/channels/:channelId/messages`. */
  readonly path: string;
  /** Requires `Authorization: Bot <token>` (interaction/webhook routes do not). */
  readonly auth: boolean;
  /** Synchronous, so the request is recorded before any waiter it wakes up runs. */
  readonly handle: (context: RouteContext) => RouteResponse;
}

interface FailureTarget {
  /** Route pattern (`:name` placeholders allowed, without `/api/v10`) or RegExp tested on the route. */
  readonly path: string | RegExp;
  readonly method?: string;
  /** How many matching requests fail (default 1). */
  readonly times?: number;
}

/** Answers with an error status. */
export interface StatusFailure extends FailureTarget {
  /** e.g. 500 or 429. */
  readonly status: number;
  /** For 429: the Retry-After in seconds (default 0.05). */
  readonly retryAfterSeconds?: number;
  /** For 429: a global rate limit (`X-RateLimit-Global`, scope "global") instead of a per-route one. */
  readonly global?: boolean;
}

/** Drops the connection instead of answering. */
export interface DropFailure extends FailureTarget {
  /**
   * "reset": a TCP reset (the client sees ECONNRESET); "close": the connection is closed without
   * an answer (undici: `SocketError: other side closed`, as from a proxy or load balancer).
   */
  readonly drop: "reset" | "close";
  /** True: the request takes effect and only the answer is lost. Default false. */
  readonly applied?: boolean;
}

export type FailureSpec = StatusFailure | DropFailure;

export function json(status: number, body?: unknown): RouteResponse {
  return body === undefined ? { status } : { status, body };
}

export function apiError(
  status: number,
  code: number,
  message: string,
  errors?: unknown,
): RouteResponse {
  return json(status, errors === undefined ? { message, code } : { message, code, errors });
}

/** Matches `/a/:b/c` against decoded path segments; returns params or undefined. */
export function matchPath(pattern: string, route: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = route.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = got[index] ?? "";
    if (segment.startsWith(":")) params[segment.slice(1)] = actual;
    else if (segment !== actual) return undefined;
  }
  return params;
}

export class RestApi {
  readonly requests = new EventLog<RecordedRequest>();
  readonly #routes: Route[] = [];
  readonly #failures: Array<{ spec: FailureSpec; remaining: number }> = [];
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
  }

  add(...routes: Route[]): void {
    this.#routes.push(...routes);
  }

  failNext(spec: FailureSpec): void {
    this.#failures.push({ spec, remaining: spec.times ?? 1 });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let request: ParsedRequest;
    try {
      request = await parseRequest(req);
    } catch (error) {
      write(res, apiError(400, 50109, `The request body contains invalid JSON: ${String(error)}`));
      return;
    }
    const injected = this.#takeFailure(request);
    if (injected !== undefined && "drop" in injected) {
      const unhandled = injected.applied === true && this.#respond(request).unhandled;
      this.requests.push({ ...request, status: 0, unhandled });
      if (injected.drop === "reset") req.socket.resetAndDestroy();
      else req.socket.destroy();
      return;
    }
    const { response, unhandled } = injected
      ? { response: injected, unhandled: false }
      : this.#respond(request);
    this.requests.push({ ...request, status: response.status, unhandled });
    write(res, response);
  }

  #respond(request: ParsedRequest): { response: RouteResponse; unhandled: boolean } {
    if (!request.path.startsWith(`${API_PREFIX}/`)) {
      return { response: apiError(404, 0, "404: Not Found"), unhandled: true };
    }
    for (const route of this.#routes) {
      if (route.method !== request.method) continue;
      const params = matchPath(route.path, request.route);
      if (params === undefined) continue;
      if (route.auth && request.authorization !== `Bot ${this.#token}`) {
        return { response: apiError(401, 0, "401: Unauthorized"), unhandled: false };
      }
      return { response: route.handle({ request, params }), unhandled: false };
    }
    return { response: apiError(404, 0, "404: Not Found"), unhandled: true };
  }

  #takeFailure(request: ParsedRequest): RouteResponse | DropFailure | undefined {
    const entry = this.#failures.find(({ spec, remaining }) => {
      if (remaining <= 0) return false;
      if (spec.method !== undefined && spec.method.toUpperCase() !== request.method) return false;
      return typeof spec.path === "string"
        ? matchPath(spec.path, request.route) !== undefined
        : spec.path.test(request.route);
    });
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if ("drop" in entry.spec) return entry.spec;
    const { status, retryAfterSeconds = 0.05, global = false } = entry.spec;
    if (status === 429) {
      return {
        status,
        headers: {
          "retry-after": String(retryAfterSeconds),
          "x-ratelimit-scope": global ? "global" : "user",
          ...(global ? { "x-ratelimit-global": "true" } : {}),
        },
        body: {
          message: "You are being rate limited.",
          retry_after: retryAfterSeconds,
          global,
          code: 0,
        },
      };
    }
    return apiError(status, 0, `${status}: injected failure`);
  }
}

async function parseRequest(req: IncomingMessage): Promise<ParsedRequest> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname.split("/").map(decodeURIComponent).join("/");
  const route = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path;
  const query = Object.fromEntries(url.searchParams);
  const method = (req.method ?? "GET").toUpperCase();
  const authorization = req.headers.authorization;
  const raw = await readBody(req);
  const contentType = req.headers["content-type"] ?? "";
  const base = { method, path, route, query, authorization };
  if (contentType.startsWith("multipart/form-data")) {
    return { ...base, ...(await parseMultipart(raw, contentType)) };
  }
  if (raw.length === 0) return { ...base, body: undefined };
  const text = raw.toString("utf8");
  if (!contentType.includes("json")) return { ...base, body: text };
  const body = parseJson(text);
  if (body === undefined) throw new Error("body is not JSON");
  return { ...base, body };
}

async function parseMultipart(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; files: StoredFile[] }> {
  const form = await new Request("http://localhost/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: raw,
  }).formData();
  let body: unknown;
  const files: StoredFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field === "payload_json") {
        body = parseJson(value);
        if (body === undefined) throw new Error("payload_json is not JSON");
      }
      continue;
    }
    files.push({
      field,
      name: value.name,
      contentType: value.type,
      data: Buffer.from(await value.arrayBuffer()),
    });
  }
  return { body, files };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function write(res: ServerResponse, response: RouteResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  headers["content-type"] = "application/json";
  res.writeHead(response.status, headers).end(JSON.stringify(response.body));
}
