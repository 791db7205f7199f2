/**
 * The operators' HTTP listener (METRICS_PORT, on 127.0.0.1 unless METRICS_HOST says otherwise):
 * GET /healthz (JSON; 200 when healthy, 503 when not) and GET /metrics (Prometheus text format).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HealthReport } from "./health.js";

export interface MetricsSources {
  health(): Promise<HealthReport>;
  /** The Prometheus exposition and its content type. */
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsServer {
  /** The URL it listens on, e.g. http://127.0.0.1:9464. */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(
  address: { host: string; port: number },
  sources: MetricsSources,
  onError: (error: unknown) => void,
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const route = `${request.method} ${new URL(request.url ?? "/", "http://x").pathname}`;
    const answer = async () => {
      if (route === "GET /healthz") {
        const report = await sources.health();
        response.writeHead(report.ok ? 200 : 503, { "content-type": "application/json" });
        response.end(`${JSON.stringify(report, null, 2)}\n`);
      } else if (route === "GET /metrics") {
        const { contentType, body } = await sources.metrics();
        response.writeHead(200, { "content-type": contentType });
        response.end(body);
      } else {
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("Not found: try /healthz or /metrics.\n");
      }
    };
    answer().catch((error: unknown) => {
      onError(error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(`error: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `Could not listen for /healthz and /metrics on ${address.host}:${address.port} (${error.code ?? error.message}): choose another METRICS_PORT, or unset it.`,
          { cause: error },
        ),
      ),
    );
    server.listen(address.port, address.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${address.host.includes(":") ? `[${address.host}]` : address.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
