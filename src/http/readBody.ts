import type { IncomingMessage } from "node:http";
import { HttpError } from "./HttpError.js";

/** How much of a body may be read, and for how long. */
export interface BodyLimits {
  /** Largest body taken, in bytes. */
  readonly limit: number;
  /** Longest the whole body may take to arrive. */
  readonly timeoutMs: number;
}

/**
 * Reads a request body up to `limit` bytes, within `timeoutMs`. A declared
 * Content-Length over the limit is refused before a byte is read; a body
 * that grows past it (chunked) is refused as soon as it does, and the rest
 * is never buffered; a body still arriving after `timeoutMs` is refused and
 * what came is dropped. Reading stops on refusal (the stream is paused, not
 * destroyed, so the caller can still answer on the same socket before
 * dropping the connection).
 *
 * @throws HttpError `body-too-large` (413), `request-timeout` (408)
 */
export function readBody(request: IncomingMessage, { limit, timeoutMs }: BodyLimits): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      clearTimeout(timer);
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
    };
    const refuse = (error: HttpError) => {
      done();
      request.pause();
      chunks.length = 0;
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        refuse(tooLarge(limit));
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
    const timer = setTimeout(() => refuse(new HttpError(408, "request-timeout", `request body not received within ${timeoutMs} ms`)), timeoutMs);
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, "body-too-large", `request body over ${limit} bytes`);
}
