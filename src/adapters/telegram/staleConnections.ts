import { AsyncLocalStorage } from "node:async_hooks";
import { Agent as HttpAgent, type ClientRequest } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Transformer } from "grammy";

/**
 * Calls to the Bot API go out on kept-alive connections. A server (or a
 * proxy in front of it) closes one that sat idle, and when that happens
 * just as the bot writes its next request on it, the request fails with
 * ECONNRESET ("socket hang up") although the server never read it: on a
 * busy machine, a reply sent about five seconds after the previous call
 * was lost that way. Node's documentation says to send such a request
 * again; this does, at once, and only when it went out on a reused
 * connection, so a request the server may have acted on is never sent twice.
 *
 * Use both parts together: {@link keptAliveAgent} as the client's agent and
 * {@link retryStaleConnections} as its innermost transformer.
 */
const attempt = new AsyncLocalStorage<{ stale: boolean }>();

/** Tries on a reused connection per call; more stale ones than this in a row is no longer a stale pool. */
const MAX_STALE_RETRIES = 3;

interface RequestQueue {
  addRequest(request: ClientRequest, options: unknown): void;
}

/** Notes, for the call being made, whether its request failed on a connection that an earlier call had used. */
function watch(request: ClientRequest): void {
  const state = attempt.getStore();
  if (!state) return;
  request.once("error", (error: NodeJS.ErrnoException) => {
    if (request.reusedSocket && error.code === "ECONNRESET") state.stale = true;
  });
}

/** The keep-alive agent for `apiRoot` (http or https), with every request it sends watched for a stale connection. */
export function keptAliveAgent(apiRoot: string): HttpAgent {
  const agent = apiRoot.startsWith("http:") ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true });
  // `addRequest` is where a request gets its socket; Node's typings leave it out, as it is meant for subclasses.
  const queue = agent as unknown as RequestQueue;
  const add = queue.addRequest.bind(agent);
  queue.addRequest = (request, options) => {
    add(request, options);
    watch(request);
  };
  return agent;
}

/** A grammY transformer sending a call again when it failed on a connection the server had closed (see {@link keptAliveAgent}). */
export function retryStaleConnections(): Transformer {
  return async (prev, method, payload, signal) => {
    for (let retries = 0; ; retries++) {
      const state = { stale: false };
      try {
        return await attempt.run(state, () => prev(method, payload, signal));
      } catch (error) {
        if (!state.stale || retries === MAX_STALE_RETRIES || (signal as AbortSignal | undefined)?.aborted) throw error;
      }
    }
  };
}
