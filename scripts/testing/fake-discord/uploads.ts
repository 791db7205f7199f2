/**
 * Uploads as Discord handles them: files arrive as multipart parts `files[n]` beside
 * `payload_json`, whose `attachments` array describes them by id `n` (filename, description).
 * When a message is edited, API v10 keeps only the attachments listed in `attachments` (old ones
 * by their id, new ones by `n`). An embed may show an upload as `attachment://<filename>`; Discord
 * swaps in the attachment's URL, and rejects a reference to a file the message does not have.
 * Pure.
 */
import type { APIAttachment, APIEmbed } from "discord-api-types/v10";
import { isRecord, type JsonRecord } from "./json.js";
import type { StoredFile } from "./payloads.js";
import { apiError, type RouteResponse } from "./rest.js";

/** What a member without Nitro may upload per file (the `attachment_size_limit` we announce). */
export const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

export interface Upload {
  readonly file: StoredFile;
  /** `attachments[].filename` when given, else the part's file name. */
  readonly filename: string;
  readonly description?: string;
}

/** The index `n` of a `files[n]` part (a lone `file` part is index 0); null for other fields. */
export function uploadIndex(field: string): number | null {
  if (field === "file") return 0;
  const match = /^files\[(\d+)\]$/.exec(field);
  return match ? Number(match[1]) : null;
}

function attachmentEntries(body: unknown): JsonRecord[] | undefined {
  if (!isRecord(body) || !("attachments" in body)) return undefined;
  const list = body["attachments"];
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/**
 * The uploads a request adds to the message. Creating: every `files[n]` part. Editing with an
 * `attachments` list: only the parts it names (v10).
 */
export function uploadsOf(
  body: unknown,
  files: readonly StoredFile[],
  mode: "create" | "edit",
): Upload[] {
  const entries = attachmentEntries(body);
  const uploads: Upload[] = [];
  for (const file of files) {
    const index = uploadIndex(file.field);
    if (index === null) continue;
    const entry = entries?.find((e) => String(e["id"]) === String(index));
    if (mode === "edit" && entries !== undefined && entry === undefined) continue;
    const filename = typeof entry?.["filename"] === "string" ? entry["filename"] : file.name;
    const description =
      typeof entry?.["description"] === "string" ? entry["description"] : undefined;
    uploads.push(description === undefined ? { file, filename } : { file, filename, description });
  }
  return uploads;
}

/** The existing attachments an edit keeps: those listed by id, or all when there is no list. */
export function keptAttachments(
  body: unknown,
  existing: readonly APIAttachment[],
): APIAttachment[] {
  const entries = attachmentEntries(body);
  if (entries === undefined) return [...existing];
  const ids = new Set(entries.map((e) => String(e["id"])));
  return existing.filter((a) => ids.has(a.id));
}

/** Width and height of a PNG (from its IHDR chunk), or null for anything else. */
export function pngSize(data: Buffer): { width: number; height: number } | null {
  const signature = "89504e470d0a1a0a";
  if (data.length < 24 || data.subarray(0, 8).toString("hex") !== signature) return null;
  if (data.subarray(12, 16).toString("ascii") !== "IHDR") return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

const EMBED_URLS: ReadonlyArray<readonly [string, string]> = [
  ["image", "url"],
  ["thumbnail", "url"],
  ["author", "icon_url"],
  ["footer", "icon_url"],
];

/**
 * Discord's checks on uploads: each file within the size limit (413, code 40005), at most ten
 * attachments, and every `attachment://name` in an embed naming one of the message's files.
 */
export function validateUploads(
  body: unknown,
  files: readonly StoredFile[],
  options: {
    mode: "create" | "edit";
    existing?: readonly APIAttachment[];
    prefix?: readonly string[];
  },
): RouteResponse | undefined {
  if (files.some((f) => f.data.length > ATTACHMENT_SIZE_LIMIT)) {
    return apiError(413, 40005, "Request entity too large");
  }
  const uploads = uploadsOf(body, files, options.mode);
  const kept = options.mode === "edit" ? keptAttachments(body, options.existing ?? []) : [];
  const prefix = options.prefix ?? [];
  if (uploads.length + kept.length > MAX_ATTACHMENTS) {
    return apiError(
      400,
      50035,
      "Invalid Form Body",
      nest([...prefix, "attachments"], {
        code: "BASE_TYPE_MAX_LENGTH",
        message: `Must be ${MAX_ATTACHMENTS} or fewer in length.`,
      }),
    );
  }
  const names = new Set([...uploads.map((u) => u.filename), ...kept.map((a) => a.filename)]);
  const embeds = isRecord(body) && Array.isArray(body["embeds"]) ? body["embeds"] : [];
  for (const [index, embed] of embeds.entries()) {
    for (const [part, key] of EMBED_URLS) {
      const holder = isRecord(embed) ? embed[part] : undefined;
      const url = isRecord(holder) ? holder[key] : undefined;
      if (typeof url !== "string" || !url.startsWith("attachment://")) continue;
      if (names.has(url.slice("attachment://".length))) continue;
      return apiError(
        400,
        50035,
        "Invalid Form Body",
        nest([...prefix, "embeds", String(index), part, key], {
          code: "URL_TYPE_INVALID_SCHEME",
          message: `Scheme "attachment" is not supported. Scheme must be one of ('http', 'https').`,
        }),
      );
    }
  }
  return undefined;
}

function nest(path: readonly string[], error: { code: string; message: string }): JsonRecord {
  const root: JsonRecord = {};
  let node = root;
  for (const key of path) {
    const child: JsonRecord = {};
    node[key] = child;
    node = child;
  }
  node["_errors"] = [error];
  return root;
}

/** Embeds with `attachment://name` replaced by the attachment's URL (and an image's size). */
export function resolveAttachmentUrls(
  embeds: readonly APIEmbed[],
  attachments: readonly APIAttachment[],
): APIEmbed[] {
  const byName = new Map(attachments.map((a) => [a.filename, a]));
  const resolve = (value: unknown, key: string): unknown => {
    if (!isRecord(value)) return value;
    const url = value[key];
    if (typeof url !== "string" || !url.startsWith("attachment://")) return value;
    const attachment = byName.get(url.slice("attachment://".length));
    if (attachment === undefined) return value;
    if (key !== "url")
      return { ...value, [key]: attachment.url, proxy_icon_url: attachment.proxy_url };
    const size =
      attachment.width != null && attachment.height != null
        ? { width: attachment.width, height: attachment.height }
        : {};
    return { ...value, url: attachment.url, proxy_url: attachment.proxy_url, ...size };
  };
  return embeds.map((embed) => {
    const next: JsonRecord = { ...(embed as JsonRecord) };
    for (const [part, key] of EMBED_URLS) if (part in next) next[part] = resolve(next[part], key);
    return next as APIEmbed;
  });
}
