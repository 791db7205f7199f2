/**
 * Tests never leave this machine: any connection to a host other than loopback fails at once
 * with an error that names the host, as it would for a real user without internet.
 */
import net from "node:net";

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3})$/i;

export class BlockedNetworkError extends Error {
  override name = "BlockedNetworkError";
}

type ConnectArgs = Parameters<net.Socket["connect"]>;
const originalConnect = net.Socket.prototype.connect;

function targetHost(args: unknown[]): string | null {
  // net.connect() passes its normalised arguments as one array.
  if (Array.isArray(args[0])) return targetHost(args[0] as unknown[]);
  const first = args[0];
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: string; path?: string };
    if (options.path) return null; // a Unix socket
    return options.host ?? "localhost";
  }
  if (typeof first === "number") return typeof args[1] === "string" ? args[1] : "localhost";
  return null; // a pipe path
}

net.Socket.prototype.connect = function connect(this: net.Socket, ...args: ConnectArgs) {
  const host = targetHost(args);
  if (host !== null && !LOOPBACK.test(host)) {
    const error = new BlockedNetworkError(`Network access to ${host} is blocked in tests.`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return originalConnect.apply(this, args);
} as typeof net.Socket.prototype.connect;
