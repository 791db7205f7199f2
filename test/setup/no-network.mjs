/**
 * Tests never leave this machine: any connection to a host other than loopback fails at once
 * with an error that names the host, as it would for a real user without internet.
 * Plain JavaScript so child processes can load it with `node --import` before any TypeScript loader.
 */
import { appendFileSync } from "node:fs";
import net from "node:net";
import process from "node:process";

/** A test that counts the attempts sets this: each blocked host is appended to the file, a line each. */
const attemptsFile = process.env.VERBATIM_TEST_NETWORK_LOG;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3})$/i;

export class BlockedNetworkError extends Error {
  name = "BlockedNetworkError";
}

/** The host a Socket#connect call targets, or null for a Unix socket or pipe. */
function targetHost(args) {
  // net.connect() passes its normalised arguments as one array.
  if (Array.isArray(args[0])) return targetHost(args[0]);
  const first = args[0];
  if (typeof first === "object" && first !== null) {
    if (first.path) return null;
    return first.host ?? "localhost";
  }
  if (typeof first === "number") return typeof args[1] === "string" ? args[1] : "localhost";
  return null;
}

const originalConnect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function connect(...args) {
  const host = targetHost(args);
  if (host !== null && !LOOPBACK.test(host)) {
    const error = new BlockedNetworkError(`Network access to ${host} is blocked in tests.`);
    if (attemptsFile) appendFileSync(attemptsFile, `${host}\n`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return originalConnect.apply(this, args);
};
