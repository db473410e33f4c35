import { connect } from "node:net";

/**
 * Raw HTTP over a socket, for what `fetch` cannot send: a malformed request
 * target, or a post that declares a body and never sends it.
 */

/** Request line and headers of a post declaring 1 MiB, and its first byte; the rest never comes. */
export function stalledHead(path: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${1024 * 1024}\r\n\r\n{`;
}

/** Sends `text` on a new connection and resolves with the answer's head and what body came with it, once the head is in. */
export function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let data = "";
    const finish = () => {
      socket.destroy();
      resolve(data);
    };
    socket.on("data", (chunk) => {
      data += chunk.toString();
      const head = data.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(data)?.[1];
      if (head >= 0 && (length === undefined || data.length >= head + 4 + Number(length))) finish();
    });
    socket.on("close", finish);
    socket.on("error", reject);
  });
}
