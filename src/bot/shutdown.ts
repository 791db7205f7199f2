import type { Logger } from "pino";

/**
 * On the first SIGINT or SIGTERM: logs `what`, runs `stop`, then exits 0 ("stopped") or 1 (the
 * error logged). Returns whether shutting down has begun, for handlers that must not react to
 * what the shutdown itself causes.
 */
export function stopOnSignals(
  log: Logger,
  what: string,
  stop: (signal: NodeJS.Signals) => Promise<void>,
): () => boolean {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, what);
    stop(signal)
      .then(() => {
        log.info("stopped");
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, "error during shutdown");
        process.exit(1);
      });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  return () => stopping;
}
