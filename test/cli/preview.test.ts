/**
 * `npm run preview` as a real process: the bot's own answer to a question, written as an HTML
 * page and, where Chromium is installed, a PNG screenshot of it.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium } from "../../src/cli/chromium.js";
import { testModelEnv } from "../setup/global.js";
import { tempDir } from "../helpers.js";

const run = promisify(execFile);
const SEED = "000_907870b53d1c0730.txt";
const QUESTION = "how many are still missing?";
const CHROMIUM = findChromium();

let root: string;

function preview(args: string[]) {
  const noNetwork = path.resolve("test/setup/no-network.mjs");
  return run(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      noNetwork,
      "src/cli/preview.ts",
      "--index",
      path.join(root, "index"),
      "--corpus",
      path.join(root, "corpus"),
      ...args,
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: path.join(root, "data"),
        ...testModelEnv(),
      },
      timeout: 120_000,
    },
  );
}

beforeAll(async () => {
  root = await tempDir("verbatim-preview-");
  await mkdir(path.join(root, "corpus"));
  await copyFile(path.resolve("corpus", SEED), path.join(root, "corpus", SEED));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Width and height of a PNG, from its header. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("npm run preview", () => {
  it("writes the answer as an HTML page, and says how to get a PNG without Chromium", async () => {
    const out = path.join(root, "no-chromium");
    const { stdout, stderr } = await preview([
      "--out",
      out,
      "--chromium",
      path.join(root, "no-such-chromium"),
      QUESTION,
    ]);
    expect(stdout).toBe(`${path.join(out, "answer.html")}\n`);
    expect(stderr).toContain(
      `No Chromium at ${path.join(root, "no-such-chromium")}: wrote the HTML only. For a PNG screenshot, install it (Debian/Ubuntu: apt-get install chromium)`,
    );
    const html = await readFile(path.join(out, "answer.html"), "utf8");
    expect(html).toContain("<strong>Nearly 4,000 Azerbaijani citizens are still missing.</strong>");
    expect(html).toContain('<span class="timestamp">July 1, 2025</span>');
    expect(html).toContain("— Tofig Musayev");
  });

  it("refuses a file name that is a path, in one line", async () => {
    const failure = await preview(["--name", "../x", QUESTION]).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(
      /--name must be a plain file name.*"\.\.\/x"/,
    );
  });

  it.skipIf(!CHROMIUM)(
    `takes a PNG screenshot of the message and nothing else${CHROMIUM ? "" : " (SKIPPED: no Chromium installed; apt-get install chromium)"}`,
    async () => {
      const out = path.join(root, "with-chromium");
      const { stdout } = await preview(["--out", out, "--name", "seed", QUESTION]);
      expect(stdout).toBe(`${path.join(out, "seed.html")}\n${path.join(out, "seed.png")}\n`);
      const { width, height } = pngSize(await readFile(path.join(out, "seed.png")));
      // At twice the pixels: an embed of at most 520 CSS pixels beside the avatar, one answer
      // and two rows of buttons; not the whole 880 by 2000 pixel window the page is laid out in.
      expect(width).toBeGreaterThan(500 * 2);
      expect(width).toBeLessThan(720 * 2);
      expect(height).toBeGreaterThan(200 * 2);
      expect(height).toBeLessThan(700 * 2);
    },
  );
});
