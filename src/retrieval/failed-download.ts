/**
 * A model download that failed is remembered for an hour in a small file in the model cache, so
 * that every command on a server without internet does not try the network again (and say so
 * again): commands run with keyword search meanwhile, and `npm run model:download` tries at once.
 */
import { readFile, rm, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";

/** How long a failed download is remembered before the network is tried again. */
export const DOWNLOAD_RETRY_MS = 60 * 60 * 1000;
export const FAILED_DOWNLOAD_FILE = "verbatim-download-failed.json";

export interface FailedDownload {
  model: string;
  /** ISO time of the failure. */
  at: string;
  /** Why, in a few words: the innermost cause ("getaddrinfo ENOTFOUND huggingface.co"). */
  reason: string;
}

/** The failure recorded for `model` while it is still to be believed at `now`, else null. Pure. */
export function rememberedFailure(
  recorded: unknown,
  model: string,
  now: number,
): FailedDownload | null {
  if (typeof recorded !== "object" || recorded === null) return null;
  const { model: m, at, reason } = recorded as Record<string, unknown>;
  if (m !== model || typeof at !== "string" || typeof reason !== "string") return null;
  const time = Date.parse(at);
  // A time in the future (a clock set back) is not believed either.
  if (!Number.isFinite(time) || time > now || now - time >= DOWNLOAD_RETRY_MS) return null;
  return { model, at, reason };
}

/** The innermost cause of an error, on one line and short: what actually went wrong. */
export function shortReason(error: unknown, max = 80): string {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error && current.cause; depth++) {
    current = current.cause;
  }
  const text = (current instanceof Error ? current.message : String(current))
    .split("\n")[0]!
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What the user is told, once, when the download fails: why, and how to do without internet. */
export function downloadFailedLine(failure: FailedDownload, cacheDir: string): string {
  return `keyword search only: ${failure.model} not downloaded (${failure.reason}), next try in 1 h; offline server: npm run model:download elsewhere, copy ${cacheDir} here.`;
}

/** The same for a log, while the failure is remembered (the network is not tried). */
export function rememberedFailureLine(failure: FailedDownload, cacheDir: string): string {
  const retry = new Date(Date.parse(failure.at) + DOWNLOAD_RETRY_MS).toISOString();
  return `keyword search only: ${failure.model} not downloaded at ${failure.at} (${failure.reason}), next try after ${retry} or now with npm run model:download; offline server: npm run model:download elsewhere, copy ${cacheDir} here.`;
}

const fileIn = (cacheDir: string) => path.join(cacheDir, FAILED_DOWNLOAD_FILE);

export async function readFailedDownload(cacheDir: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(fileIn(cacheDir), "utf8"));
  } catch {
    return null; // none, or unreadable: either way nothing is remembered
  }
}

/** Best effort: a cache folder that cannot be written only means the network is tried again. */
export async function recordFailedDownload(
  cacheDir: string,
  failure: FailedDownload,
): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(fileIn(cacheDir), `${JSON.stringify(failure, null, 1)}\n`);
  } catch {
    // Nothing to remember it by; the next command tries again.
  }
}

export async function forgetFailedDownload(cacheDir: string): Promise<void> {
  await rm(fileIn(cacheDir), { force: true }).catch(() => undefined);
}
