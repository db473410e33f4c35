import type { IncomingMessage } from "node:http";
import { HttpError } from "./HttpError.js";

/**
 * Reads a request body up to `limit` bytes. A declared Content-Length over
 * the limit is refused before a byte is read; a body that grows past it
 * (chunked) is refused as soon as it does, and the rest is never buffered:
 * reading stops (the stream is paused, not destroyed, so the caller can still
 * answer 413 on the same socket before dropping the connection).
 *
 * @throws HttpError `body-too-large` (413)
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        request.pause();
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, "body-too-large", `request body over ${limit} bytes`);
}
