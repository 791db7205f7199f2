/**
 * The message limits Discord enforces server-side, so that e2e tests catch a bot
 * that would be rejected in production (e.g. a 2001-character quote).
 * Violations produce Discord's real error shapes (50006 / 50035).
 */
import { MessageFlags, type APIAttachment } from "discord-api-types/v10";
import { isRecord, stringField, type JsonRecord } from "./json.js";
import type { StoredFile } from "./payloads.js";
import { apiError, type RouteResponse } from "./rest.js";
import { validateUploads } from "./uploads.js";

interface Violation {
  readonly path: readonly string[];
  readonly code: string;
  readonly message: string;
}

export interface ValidateOptions {
  /** Creating a message (not editing): an empty one is rejected. */
  readonly create: boolean;
  /** Uploaded files count as content. */
  readonly fileCount: number;
  /** Prefix for error paths, e.g. `['data']` for interaction callbacks. */
  readonly prefix?: readonly string[];
  /** The uploaded files (size, count and `attachment://` references are checked). */
  readonly files?: readonly StoredFile[];
  /** Set when editing: the message's attachments before the edit. */
  readonly editing?: readonly APIAttachment[];
}

export function validateMessage(
  body: unknown,
  options: ValidateOptions,
): RouteResponse | undefined {
  const message = isRecord(body) ? body : {};
  if (options.create && isEmpty(message, options.fileCount)) {
    return apiError(400, 50006, "Cannot send an empty message");
  }
  const uploads = validateUploads(body, options.files ?? [], {
    mode: options.editing === undefined ? "create" : "edit",
    existing: options.editing ?? [],
    prefix: options.prefix ?? [],
  });
  if (uploads !== undefined) return uploads;
  return toError(
    [...contentViolations(message), ...embedViolations(message), ...componentViolations(message)],
    options.prefix ?? [],
  );
}

export function validateChoices(body: unknown): RouteResponse | undefined {
  const choices = isRecord(body) && Array.isArray(body["choices"]) ? body["choices"] : [];
  const violations: Violation[] = [];
  if (choices.length > 25) violations.push(tooLong(["choices"], 25));
  for (const [index, choice] of choices.entries()) {
    const where = ["choices", String(index)];
    const name = isRecord(choice) ? stringField(choice, "name") : undefined;
    if (name === undefined || name.length < 1 || name.length > 100) {
      violations.push({
        path: [...where, "name"],
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 100 in length.",
      });
    }
    const value = isRecord(choice) ? choice["value"] : undefined;
    if (typeof value === "string" && value.length > 100)
      violations.push(tooLong([...where, "value"], 100));
  }
  return toError(violations, ["data"]);
}

function isEmpty(message: JsonRecord, fileCount: number): boolean {
  const content = stringField(message, "content") ?? "";
  const nonEmptyArray = (key: string): boolean => {
    const value = message[key];
    return Array.isArray(value) && value.length > 0;
  };
  return (
    content.trim() === "" &&
    fileCount === 0 &&
    !nonEmptyArray("embeds") &&
    !nonEmptyArray("components") &&
    !nonEmptyArray("sticker_ids") &&
    !nonEmptyArray("attachments") &&
    message["poll"] === undefined
  );
}

function contentViolations(message: JsonRecord): Violation[] {
  const content = stringField(message, "content");
  return content !== undefined && content.length > 2000 ? [tooLong(["content"], 2000)] : [];
}

function embedViolations(message: JsonRecord): Violation[] {
  const embeds = Array.isArray(message["embeds"]) ? message["embeds"] : [];
  const violations: Violation[] = [];
  if (embeds.length > 10) violations.push(tooLong(["embeds"], 10));
  let total = 0;
  for (const [index, embed] of embeds.entries()) {
    if (!isRecord(embed)) continue;
    const where = ["embeds", String(index)];
    const check = (value: unknown, path: string[], max: number): void => {
      if (typeof value !== "string") return;
      total += value.length;
      if (value.length > max) violations.push(tooLong([...where, ...path], max));
    };
    check(embed["title"], ["title"], 256);
    check(embed["description"], ["description"], 4096);
    if (isRecord(embed["footer"])) check(embed["footer"]["text"], ["footer", "text"], 2048);
    if (isRecord(embed["author"])) check(embed["author"]["name"], ["author", "name"], 256);
    const fields = Array.isArray(embed["fields"]) ? embed["fields"] : [];
    if (fields.length > 25) violations.push(tooLong([...where, "fields"], 25));
    for (const [fieldIndex, field] of fields.entries()) {
      if (!isRecord(field)) continue;
      const fieldPath = ["fields", String(fieldIndex)];
      for (const [key, max] of [
        ["name", 256],
        ["value", 1024],
      ] as const) {
        const value = field[key];
        if (typeof value !== "string" || value.length === 0) {
          violations.push({
            path: [...where, ...fieldPath, key],
            code: "BASE_TYPE_REQUIRED",
            message: "This field is required",
          });
        } else {
          check(value, [...fieldPath, key], max);
        }
      }
    }
  }
  if (total > 6000) {
    violations.push({
      path: ["embeds"],
      code: "MAX_EMBED_SIZE_EXCEEDED",
      message: "Embed size exceeds maximum size of 6000",
    });
  }
  return violations;
}

function componentViolations(message: JsonRecord): Violation[] {
  const flags = typeof message["flags"] === "number" ? message["flags"] : 0;
  // Components V2 layouts have different rules; only classic action rows are checked.
  if ((flags & MessageFlags.IsComponentsV2) !== 0) return [];
  const rows = Array.isArray(message["components"]) ? message["components"] : [];
  const violations: Violation[] = [];
  if (rows.length > 5) violations.push(tooLong(["components"], 5));
  for (const [rowIndex, row] of rows.entries()) {
    const children = isRecord(row) && Array.isArray(row["components"]) ? row["components"] : [];
    const where = ["components", String(rowIndex), "components"];
    if (children.length > 5) violations.push(tooLong(where, 5));
    for (const [index, child] of children.entries()) {
      if (!isRecord(child)) continue;
      const customId = stringField(child, "custom_id");
      if (customId !== undefined && customId.length > 100)
        violations.push(tooLong([...where, String(index), "custom_id"], 100));
      const label = stringField(child, "label");
      if (label !== undefined && label.length > 80)
        violations.push(tooLong([...where, String(index), "label"], 80));
    }
  }
  return violations;
}

/** Discord reports both over-long strings and over-long arrays this way. */
function tooLong(path: readonly string[], max: number): Violation {
  return { path, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${max} or fewer in length.` };
}

/** Builds Discord's nested `{ a: { b: { _errors: [...] } } }` error tree. */
function toError(
  violations: readonly Violation[],
  prefix: readonly string[],
): RouteResponse | undefined {
  if (violations.length === 0) return undefined;
  const errors: JsonRecord = {};
  for (const violation of violations) {
    let node = errors;
    for (const key of [...prefix, ...violation.path]) {
      const child = node[key];
      const next: JsonRecord = isRecord(child) ? child : {};
      node[key] = next;
      node = next;
    }
    const list = Array.isArray(node["_errors"]) ? node["_errors"] : [];
    node["_errors"] = [...list, { code: violation.code, message: violation.message }];
  }
  return apiError(400, 50035, "Invalid Form Body", errors);
}
