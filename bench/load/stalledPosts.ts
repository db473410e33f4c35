/**
 * Memory under stalled unauthenticated posts (issue 22, item 1): 300
 * connections to one route, each declaring `Content-Length: 1048576`, with
 * no secret (Telegram's webhook) or a bad signature (Discord's interactions),
 * sending all but the last byte and then nothing. Reports the server's RSS
 * before, its peak while the posts stall, how many were answered at once,
 * and how long the server took to close the last stalled connection.
 * Loopback only; bounded (300 connections, 90 s per route).
 *
 *   npx tsx bench/load/stalledPosts.ts [SRC_DIR]   (default: this tree's src/)
 */
import { fork, type ChildProcess } from "node:child_process";
import { connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";

const CONNECTIONS = 300;
const DECLARED = 1024 * 1024;
const BOUND_MS = 90_000;
/** The same bytes for every post: the client's memory is not what is measured. */
const BODY = Buffer.alloc(DECLARED - 1, 0x20);
const srcDir = process.argv[2] ?? fileURLToPath(new URL("../../src", import.meta.url));

interface Memory {
  rss: number;
  peak: number;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(new URL("./stalledServer.ts", import.meta.url)), [srcDir], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function memory(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve(message as Memory));
    child.send("memory");
  });
}

/** One stalled post: resolves once the server answered it or took every byte sent; `closed` when the server ends the connection. */
function stalledPost(port: number, path: string, headers: string): { sent: Promise<void>; status: () => string; closed: Promise<number>; socket: Socket } {
  const socket = connect(port, "127.0.0.1");
  const opened = Date.now();
  let status = "none";
  socket.once("data", (chunk) => (status = /^HTTP\/1\.1 (\d{3})/.exec(chunk.toString("latin1"))?.[1] ?? "other"));
  const sent = new Promise<void>((resolve) => {
    socket.once("connect", () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: ${DECLARED}\r\n${headers}\r\n`);
      // All but the last byte, then nothing.
      socket.write(BODY, () => resolve());
    });
    socket.once("error", () => resolve());
  });
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now() - opened)));
  socket.on("error", () => undefined);
  return { sent, status: () => status, closed, socket };
}

async function run(route: "telegram" | "discord"): Promise<string> {
  const { child, port } = await startServer();
  try {
    const before = await memory(child);
    const path = route === "telegram" ? "/tg" : "/discord/interactions";
    const headers = route === "telegram" ? "" : `X-Signature-Ed25519: ${"00".repeat(64)}\r\nX-Signature-Timestamp: ${Math.floor(Date.now() / 1000)}\r\n`;
    const posts = Array.from({ length: CONNECTIONS }, () => stalledPost(port, path, headers));
    await Promise.all(posts.map((post) => post.sent));
    const bound = new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), BOUND_MS).unref());
    const lastClosed = await Promise.race([Promise.all(posts.map((post) => post.closed)).then((times) => Math.max(...times)), bound]);
    // The peak over the whole attack, until the server let go of the last connection (or the bound).
    const during = await memory(child);
    for (const post of posts) post.socket.destroy();
    const statuses = new Map<string, number>();
    for (const post of posts) statuses.set(post.status(), (statuses.get(post.status()) ?? 0) + 1);
    const answers = [...statuses].map(([status, count]) => `${status} × ${count}`).join(", ");
    const closedText = Number.isFinite(lastClosed) ? `${(lastClosed / 1000).toFixed(1)} s` : `> ${BOUND_MS / 1000} s`;
    return `| ${route} | ${CONNECTIONS} | ${mib(before.rss)} | ${mib(during.peak)} | +${mib(during.peak - before.rss)} | ${answers} | ${closedText} |`;
  } finally {
    child.disconnect();
  }
}

console.log(`Source: ${srcDir}`);
console.log("| Route | Stalled posts | RSS before (MiB) | Peak RSS (MiB) | Growth (MiB) | Answers (status × count) | Last stalled connection closed after |");
console.log("|---|---|---|---|---|---|---|");
for (const route of ["telegram", "discord"] as const) console.log(await run(route));
