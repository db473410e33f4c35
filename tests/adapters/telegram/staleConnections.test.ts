import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Api, HttpError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { keptAliveAgent, retryStaleConnections } from "../../../src/adapters/telegram/staleConnections.js";

const TOKEN = "4242:stale-connections";

/**
 * A Bot API stand-in on 127.0.0.1 that cuts a connection instead of
 * answering when `cut(n)` says so for the n-th request on it (1 is the
 * first): a server closing a kept-alive connection just as a request
 * arrives on it, without waiting for the race.
 */
async function botApi(cut: (nthOnConnection: number) => boolean) {
  const perSocket = new WeakMap<Socket, number>();
  const seen = { requests: 0, connections: 0 };
  const server: Server = createServer((request, response) => {
    const nth = (perSocket.get(request.socket) ?? 0) + 1;
    perSocket.set(request.socket, nth);
    seen.requests++;
    if (cut(nth)) {
      request.socket.destroy();
      return;
    }
    request.resume();
    request.on("end", () => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ ok: true, result: { message_id: seen.requests, date: 0, chat: { id: 1, type: "private" } } }));
    });
  });
  server.on("connection", () => seen.connections++);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return { apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function client(apiRoot: string, retry: boolean): Api {
  const api = new Api(TOKEN, { apiRoot, baseFetchConfig: { agent: keptAliveAgent(apiRoot) } });
  if (retry) api.config.use(retryStaleConnections());
  return api;
}

describe("retryStaleConnections", () => {
  it("sends a call again on a new connection when the reused one was closed under it", async () => {
    const { apiRoot, seen } = await botApi((nth) => nth === 2);
    const api = client(apiRoot, true);
    await api.sendMessage(1, "first");
    // The second call goes out on the first call's connection, which the server cuts.
    await expect(api.sendMessage(1, "second")).resolves.toMatchObject({ message_id: 3 });
    expect(seen).toEqual({ requests: 3, connections: 2 });
  });

  it("is what the reply needed: without it, that call fails", async () => {
    const { apiRoot, seen } = await botApi((nth) => nth === 2);
    const api = client(apiRoot, false);
    await api.sendMessage(1, "first");
    await expect(api.sendMessage(1, "second")).rejects.toBeInstanceOf(HttpError);
    expect(seen.requests).toBe(2);
  });

  it("never sends again what failed on a new connection: the server may have acted on it", async () => {
    const { apiRoot, seen } = await botApi(() => true);
    await expect(client(apiRoot, true).sendMessage(1, "only once")).rejects.toBeInstanceOf(HttpError);
    expect(seen).toEqual({ requests: 1, connections: 1 });
  });
});
