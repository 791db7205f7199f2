/** Screenshots of a local HTML page with a headless Chromium, offline, in a throwaway profile. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

/** Where Debian, Ubuntu and Google install a Chromium that can take screenshots headless. */
export const CHROMIUM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

export function findChromium(): string | null {
  return CHROMIUM_PATHS.find((file) => existsSync(file)) ?? null;
}

/** Screenshot pixels per CSS pixel: sharp on high-density screens. */
export const SCREENSHOT_SCALE = 2;

const run = promisify(execFile);

/** Chromium, headless, offline, with a profile of its own that is removed afterwards. */
async function headless(chromium: string, args: string[]): Promise<string> {
  const profile = await mkdtemp(path.join(os.tmpdir(), "verbatim-chromium-"));
  try {
    const { stdout } = await run(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
        `--user-data-dir=${profile}`,
        // Lets the page's fonts load and its script run before the DOM or the pixels are taken.
        "--virtual-time-budget=3000",
        ...args,
      ],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    throw new Error(`Chromium (${chromium}) could not render the page: ${reason}`, {
      cause: error,
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * A PNG of `htmlFile` laid out `width` CSS pixels wide, cropped to the size the page says its
 * content has: the page records it in `data-width` and `data-height` attributes of its body,
 * which a first run reads (without them, the whole window is taken).
 */
export async function screenshot(
  chromium: string,
  htmlFile: string,
  pngFile: string,
  width: number,
): Promise<void> {
  const url = pathToFileURL(path.resolve(htmlFile)).href;
  const dom = await headless(chromium, [`--window-size=${width},2000`, "--dump-dom", url]);
  const measured = (name: string, fallback: number, max: number) => {
    const value = Number(new RegExp(`data-${name}="(\\d+)"`).exec(dom)?.[1] ?? Number.NaN);
    return Number.isFinite(value) ? Math.min(Math.max(value, 100), max) : fallback;
  };
  await headless(chromium, [
    `--window-size=${measured("width", width, width)},${measured("height", 2000, 8000)}`,
    `--force-device-scale-factor=${SCREENSHOT_SCALE}`,
    `--screenshot=${path.resolve(pngFile)}`,
    url,
  ]);
}
