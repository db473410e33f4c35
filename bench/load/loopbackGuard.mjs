/**
 * Preloaded into every process of the bot under load (NODE_OPTIONS=--import):
 * any TCP connection to a host other than this machine is refused and
 * reported on standard error, so the benchmark never sends traffic off the
 * loopback interface. Plain JavaScript, so it also loads into `node dist/main.js`
 * (the same guard as tests/fakes/loopbackOnly.ts, which needs tsx).
 */
import net from "node:net";

const MARKER = "LOOPBACK-ONLY: blocked";
const LOCAL = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);
const connect = net.Socket.prototype.connect;

function hostOf(args) {
  const [first, second] = Array.isArray(args[0]) ? args[0] : args;
  if (typeof first === "object" && first !== null) return first.path ? undefined : (first.host ?? "localhost");
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) return typeof second === "string" ? second : "localhost";
  return undefined;
}

net.Socket.prototype.connect = function (...args) {
  const host = hostOf(args);
  if (host !== undefined && !LOCAL.has(host)) {
    process.stderr.write(`${MARKER} a connection to ${host}\n`);
    process.nextTick(() => this.destroy(new Error(`${MARKER} a connection to ${host}`)));
    return this;
  }
  return connect.apply(this, args);
};
