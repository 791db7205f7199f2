/** Reading a /config value typed as text into the setting's type. Pure. */
import { SettingError, type SettingKey } from "./settings.js";

const NONE = /^(none|all|everywhere|-|clear|empty)$/i;

function ids(text: string, kind: "channel" | "role"): string[] {
  if (NONE.test(text.trim())) return [];
  const pattern = kind === "channel" ? /<#(\d+)>|\b(\d{15,22})\b/g : /<@&(\d+)>|\b(\d{15,22})\b/g;
  const found = [...text.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? "");
  const leftover = text.replace(pattern, "").replace(/[\s,;]+/g, "");
  if (found.length === 0 || leftover) {
    throw new SettingError(
      kind === "channel"
        ? `Give channels as #mentions (type # and pick them), separated by spaces, or "none" for everywhere; got "${text}".`
        : `Give roles as @mentions (type @ and pick them), separated by spaces, or "none"; got "${text}".`,
    );
  }
  return [...new Set(found)];
}

/** The typed value as the setting's type; the store validates ranges. */
export function parseSettingValue(key: SettingKey, text: string): unknown {
  const value = text.trim();
  switch (key) {
    case "channels":
      return ids(value, "channel");
    case "reindexRoles":
      return ids(value, "role");
    case "disabledCommands":
      return NONE.test(value)
        ? []
        : [
            ...new Set(
              value
                .split(/[\s,;]+/)
                .filter(Boolean)
                .map((c) => c.replace(/^\//, "").toLowerCase()),
            ),
          ];
    case "visibility":
      return value.toLowerCase();
    case "results":
    case "cooldownSeconds":
    case "questionsPerMinute":
    case "minRelevance": {
      const number = Number(value.replace(",", "."));
      return Number.isFinite(number) && value !== "" ? number : value;
    }
  }
}

/** A setting's value as moderators read it. */
export function showSettingValue(key: SettingKey, value: unknown): string {
  if (key === "channels")
    return (value as string[]).length
      ? (value as string[]).map((id) => `<#${id}>`).join(" ")
      : "everywhere";
  if (key === "reindexRoles")
    return (value as string[]).length
      ? (value as string[]).map((id) => `<@&${id}>`).join(" ")
      : "Manage Server only";
  if (key === "disabledCommands")
    return (value as string[]).length ? (value as string[]).join(", ") : "none";
  if (key === "cooldownSeconds") return value === 0 ? "off" : `${String(value)} s`;
  return String(value);
}
