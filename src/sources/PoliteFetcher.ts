import { lookup as systemLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import ipaddr from "ipaddr.js";
import robotsParserModule from "robots-parser";
import { Agent, fetch } from "undici";
import { SourcesError } from "./SourcesError.js";

interface Robots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
}
// A CommonJS function export, which its typings declare as an ES default.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robots;

export interface PoliteFetcherOptions {
  /** Allow loopback, private and link-local addresses (`SOURCES_ALLOW_PRIVATE=1`). @default false: a corpus file must not make the bot probe its own network */
  readonly allowPrivate?: boolean;
  /** @default 20 s: a slow site is tried again next time rather than holding the queue */
  readonly timeoutMs?: number;
  /** Largest response body. @default 10 MB: more than any article or report PDF, far less than memory */
  readonly maxBytes?: number;
  /** @default 5, as browsers allow about 20 but a source's address should be nearly final */
  readonly maxRedirects?: number;
  /** Pause between two requests to one host. @default 1 s, the usual crawl delay */
  readonly hostDelayMs?: number;
  /** @default "CitedBot/0.1 (+self-hosted Q&A bot)" */
  readonly userAgent?: string;
  /** Resolves host names (tests give one of their own). @default the system's `dns.lookup` */
  readonly lookup?: typeof systemLookup;
}

export const POLITE_FETCHER_DEFAULTS = {
  allowPrivate: false,
  timeoutMs: 20_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  hostDelayMs: 1000,
  userAgent: "CitedBot/0.1 (+self-hosted Q&A bot)",
  lookup: systemLookup,
} satisfies Required<PoliteFetcherOptions>;

export interface Conditional {
  readonly etag?: string;
  readonly lastModified?: string;
}

export type FetchResult =
  | { readonly status: 304; readonly url: string }
  | {
      readonly status: 200;
      readonly url: string;
      readonly body: Uint8Array;
      readonly contentType: string;
      readonly etag?: string;
      readonly lastModified?: string;
    };

/** Content types a source may answer with: pages, PDFs, feeds and sitemaps. */
const ACCEPTED =
  /^(text\/html|application\/xhtml\+xml|application\/pdf|application\/(rss|atom|feed)\+xml|application\/xml|text\/xml|application\/(feed\+)?json|text\/plain)\b/i;

/**
 * Fetches web sources politely and safely: robots.txt obeyed, one request at
 * a time per host with a pause between, conditional requests, a timeout, a
 * size limit, checked content types and redirects, http(s) only, and no
 * private or loopback addresses unless allowed.
 */
export class PoliteFetcher {
  private readonly options: Required<PoliteFetcherOptions>;
  private readonly hostQueues = new Map<string, Promise<unknown>>();
  private readonly robots = new Map<string, Promise<Robots | undefined>>();
  /**
   * Connects only to addresses that passed the check: the name is resolved
   * once, at connection, and the address checked is the one connected to,
   * so a name that resolves to a public address for a check and to a
   * private one for the request (DNS rebinding) gets nowhere.
   */
  private readonly dispatcher: Agent;

  constructor(options: PoliteFetcherOptions = {}) {
    this.options = { ...POLITE_FETCHER_DEFAULTS, ...options };
    this.dispatcher = new Agent({ connect: { lookup: this.checkedLookup } });
  }

  /** Frees the connections kept open for the next request. */
  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private readonly checkedLookup: LookupFunction = (hostname, options, callback) => {
    this.options.lookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = this.options.allowPrivate ? undefined : addresses.map((entry) => privateRange(entry.address)).find((range) => range !== undefined);
      if (refused) {
        const reason = new SourcesError(
          "private-address",
          `${hostname} is a ${refused.range} address (${refused.address}); set SOURCES_ALLOW_PRIVATE=1 to fetch from it`,
        );
        return callback(Object.assign(reason, { code: "EPRIVATE" }), "", 0);
      }
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };

  /**
   * GETs a URL, following redirects itself so that every hop is checked.
   * @throws SourcesError naming why the URL was not fetched
   */
  async get(url: string, conditional: Conditional = {}): Promise<FetchResult> {
    const seen = new Set<string>();
    let current = url;
    for (let hop = 0; ; hop++) {
      if (seen.has(current)) throw new SourcesError("redirect-loop", `redirect loop at ${current}`);
      if (hop > this.options.maxRedirects) throw new SourcesError("too-many-redirects", `more than ${this.options.maxRedirects} redirects from ${url}`);
      seen.add(current);
      const target = await this.checkUrl(current);
      if (!(await this.allowedByRobots(target))) throw new SourcesError("robots-disallowed", `robots.txt of ${target.host} disallows ${current}`);
      const response = await this.request(target, hop === 0 ? conditional : {});
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get("location");
        await response.body?.cancel();
        if (!location) throw new SourcesError("http-error", `HTTP ${response.status} without a Location from ${current}`);
        current = new URL(location, current).href;
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return { status: 304, url: current };
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new SourcesError("http-error", `HTTP ${response.status} from ${current}`);
      }
      const contentType = response.headers.get("content-type") ?? "";
      if (!ACCEPTED.test(contentType)) {
        await response.body?.cancel();
        throw new SourcesError("bad-content-type", `${current} is ${contentType || "of no content type"}, not a page, PDF, feed or sitemap`);
      }
      const body = await this.readBody(response, current);
      const etag = response.headers.get("etag");
      const lastModified = response.headers.get("last-modified");
      return { status: 200, url: current, body, contentType, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
    }
  }

  private async checkUrl(url: string): Promise<URL> {
    const target = new URL(url);
    if (target.protocol !== "http:" && target.protocol !== "https:") throw new SourcesError("bad-scheme", `${url}: only http and https are fetched`);
    // An address written in the URL is never looked up; a name is checked as it is connected to (see checkedLookup).
    const host = target.hostname.replace(/^\[|\]$/g, "");
    const refused = !this.options.allowPrivate && ipaddr.isValid(host) ? privateRange(host) : undefined;
    if (refused) {
      throw new SourcesError("private-address", `${target.hostname} is a ${refused.range} address; set SOURCES_ALLOW_PRIVATE=1 to fetch from it`);
    }
    return target;
  }

  private allowedByRobots(target: URL): Promise<boolean> {
    let robots = this.robots.get(target.origin);
    if (!robots) {
      const robotsUrl = `${target.origin}/robots.txt`;
      robots = this.request(new URL(robotsUrl), {})
        .then(async (response) => {
          // No robots.txt (or one that errors) allows everything, as crawlers read it.
          if (!response.ok) {
            await response.body?.cancel();
            return undefined;
          }
          return robotsParser(robotsUrl, new TextDecoder().decode(await this.readBody(response, robotsUrl)));
        })
        .catch(() => undefined);
      this.robots.set(target.origin, robots);
    }
    return robots.then((parsed) => parsed?.isAllowed(target.href, this.options.userAgent) !== false);
  }

  /** One request at a time per host, with the host's pause before the next. */
  private request(target: URL, conditional: Conditional): Promise<Response> {
    const previous = this.hostQueues.get(target.host) ?? Promise.resolve();
    const run = previous.then(async () => {
      const headers: Record<string, string> = {
        "user-agent": this.options.userAgent,
        accept:
          "text/html, application/xhtml+xml, application/pdf, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.1",
      };
      if (conditional.etag) headers["if-none-match"] = conditional.etag;
      if (conditional.lastModified) headers["if-modified-since"] = conditional.lastModified;
      try {
        return await fetch(target, { redirect: "manual", headers, signal: AbortSignal.timeout(this.options.timeoutMs), dispatcher: this.dispatcher });
      } catch (error) {
        if ((error as Error).cause instanceof SourcesError) throw (error as Error).cause;
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        throw new SourcesError(
          timedOut ? "timeout" : "network",
          timedOut
            ? `${target.href} did not answer within ${this.options.timeoutMs} ms`
            : `${target.href}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
        );
      }
    });
    // The next request waits for this one's headers and the pause, whatever came of it.
    this.hostQueues.set(
      target.host,
      run.then(
        () => sleep(this.options.hostDelayMs),
        () => sleep(this.options.hostDelayMs),
      ),
    );
    return run;
  }

  private async readBody(response: Response, url: string): Promise<Uint8Array> {
    const max = this.options.maxBytes;
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > max) {
      await response.body?.cancel();
      throw new SourcesError("too-large", `${url} is ${declared} bytes, over the ${max}-byte limit`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      size += next.value.byteLength;
      if (size > max) {
        await reader?.cancel();
        throw new SourcesError("too-large", `${url} sent more than the ${max}-byte limit`);
      }
      chunks.push(next.value);
    }
    return Buffer.concat(chunks);
  }
}

/** The range of an address that is not a public unicast one (loopback, private, link-local, …), else `undefined`. */
function privateRange(address: string): { address: string; range: string } | undefined {
  const range = ipaddr.process(address).range();
  return range === "unicast" ? undefined : { address, range };
}
