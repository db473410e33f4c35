import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A test web server on 127.0.0.1 (port 0), with routes the test sets and every request it received. */
export async function startWebServer(
  routes: Record<string, Handler>,
): Promise<{ url: string; requests: IncomingMessage[]; routes: Record<string, Handler>; close: () => Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    const handler = routes[new URL(request.url ?? "/", "http://x").pathname];
    if (handler) handler(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    routes,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
