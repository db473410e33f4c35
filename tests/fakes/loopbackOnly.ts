/**
 * Preloaded into the bot's process by end-to-end tests (`--import`): any TCP
 * connection to a host other than this machine is refused and reported on
 * standard error, so a test can prove the bot needs no network beyond the
 * API roots it was given.
 */
import net from "node:net";

export const BLOCKED_MARKER = "LOOPBACK-ONLY: blocked";

const LOCAL = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);
const connect = net.Socket.prototype.connect;

/** The host a `socket.connect(...)` call is for; undefined for a Unix socket or pipe. */
function hostOf(args: unknown[]): string | undefined {
  // net.connect() passes its normalised arguments as one array.
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: string; path?: string };
    // Node treats a truthy `path` as a Unix socket; http passes `path: null`.
    return options.path ? undefined : (options.host ?? "localhost");
  }
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) return typeof second === "string" ? second : "localhost";
  return undefined;
}

net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && !LOCAL.has(host)) {
    process.stderr.write(`${BLOCKED_MARKER} a connection to ${host}\n`);
    process.nextTick(() => this.destroy(new Error(`${BLOCKED_MARKER} a connection to ${host}`)));
    return this;
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
