/** The service files in deploy/: valid for systemd, and pointing at real entry points and settings. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const UNITS = [
  "deploy/verbatim.service",
  "deploy/verbatim-index.service",
  "deploy/verbatim-index.timer",
];
const hasSystemd = existsSync("/usr/bin/systemd-analyze") || existsSync("/bin/systemd-analyze");

describe("deploy/", () => {
  it.skipIf(!hasSystemd)(
    `passes systemd-analyze verify without a warning${hasSystemd ? "" : " (SKIPPED: systemd-analyze is not installed)"}`,
    async () => {
      const { stdout, stderr } = await run("systemd-analyze", ["verify", "--man=no", ...UNITS]);
      expect(stdout + stderr).toBe("");
    },
  );

  it("starts the build's entry points, with variables Verbatim reads", async () => {
    const config = await readFile("src/config.ts", "utf8");
    for (const unit of UNITS.slice(0, 2)) {
      const text = await readFile(unit, "utf8");
      const exec = /^ExecStart=\/usr\/bin\/node (\S+)$/m.exec(text)?.[1];
      // dist/X.js is what npm run build makes of src/X.ts.
      const source = exec?.replace(/^dist\/(.*)\.js$/, "src/$1.ts");
      expect(source && existsSync(source), `${unit}: ExecStart ${exec}`).toBe(true);
      for (const [, name] of text.matchAll(/^Environment=(\w+)=/gm))
        if (name !== "NODE_ENV") expect(config, `${unit}: ${name}`).toContain(`${name}:`);
    }
    const env = await readFile("deploy/verbatim.env.example", "utf8");
    for (const [, name] of env.matchAll(/^#? ?([A-Z_]+)=/gm))
      expect(config, `verbatim.env.example: ${name}`).toContain(`${name}:`);
  });
});
