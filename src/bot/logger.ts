/**
 * The bot's log: pino JSON lines on standard output (for journald, Docker, a log shipper), and the
 * same lines made readable (pino-pretty) when standard output is a terminal.
 */
import { type Logger, pino } from "pino";
import pretty from "pino-pretty";
import type { Config } from "../config.js";

export function createLogger(level: Config["logLevel"], base: Record<string, unknown>): Logger {
  const options = { level, base: { app: "verbatim", ...base } };
  if (!process.stdout.isTTY) return pino(options);
  return pino(options, pretty({ colorize: true, translateTime: "SYS:HH:MM:ss", sync: true }));
}
