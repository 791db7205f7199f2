/** Runs `npm start` as a real process (TypeScript through tsx, the network block loaded first). */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { expect, vi } from "vitest";
import type { FakeDiscord } from "../../scripts/testing/fake-discord/index.js";
import { testModelEnv } from "../setup/global.js";

export const BOT_NODE_ARGS = [
  "--import",
  "tsx",
  "--import",
  path.resolve("test/setup/no-network.mjs"),
  "src/bot/main.ts",
];

export interface BotProcess {
  child: ChildProcess;
  /** Everything the process wrote to standard output so far (pino JSON lines). */
  output(): string;
  /** Waits until the output contains `text`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited in 10 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function startBotProcess(
  fake: FakeDiscord,
  env: NodeJS.ProcessEnv,
  args: string[] = BOT_NODE_ARGS,
): BotProcess {
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_BASE: fake.apiBase,
      ...testModelEnv(),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    async waitFor(text, timeoutMs = 30_000) {
      await vi.waitFor(
        () => {
          if (child.exitCode !== null)
            throw new Error(`the bot exited (${child.exitCode}):\n${out}`);
          expect(out).toMatch(text);
        },
        { timeout: timeoutMs, interval: 100 },
      );
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
