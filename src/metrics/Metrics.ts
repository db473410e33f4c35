import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Where a question came from. */
export type MetricsPlatform = "discord" | "telegram" | "console";
export type AnswerOutcome = "answered" | "refused";
export type VoteValue = "up" | "down";
export type ReloadResult = "success" | "failure";

export interface MetricsOptions {
  /**
   * Also collect Node's process metrics (CPU, memory, event loop lag, GC).
   * @default true; tests that build many registries may turn it off
   */
  readonly defaultMetrics?: boolean;
  /**
   * Upper bounds of the answer latency histogram, in seconds.
   * @default 5 ms to 10 s: answers take milliseconds, and anything past a few seconds is an incident
   */
  readonly latencyBuckets?: readonly number[];
}

export const METRICS_DEFAULTS = {
  defaultMetrics: true,
  latencyBuckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
} satisfies Required<MetricsOptions>;

const PLATFORMS: readonly MetricsPlatform[] = ["discord", "telegram", "console"];

/**
 * The bot's Prometheus metrics, behind small methods so the pipeline never
 * touches prom-client. Each instance has its own registry (serve it with
 * `registry.metrics()` / `registry.contentType`), so tests and several bots
 * in one process do not share counters. Every name starts with `cited_`.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly answers: Counter<"platform" | "outcome">;
  private readonly refusals: Counter<"platform" | "identifier">;
  private readonly latency: Histogram<"platform">;
  private readonly votes: Counter<"value">;
  private readonly limited: Counter<"platform">;
  private readonly reloads: Counter<"result">;
  private readonly sourceFetches: Counter<"result">;
  private readonly reloadDuration: Histogram<"result">;
  private readonly corpus: Gauge<"version">;
  private readonly requests: Counter<"route" | "status">;
  private readonly adminRefusals: Counter<"reason">;
  private readonly autoAnswers: Counter<"platform">;
  private readonly autoSkips: Counter<"platform" | "reason">;
  private readonly dismissals: Counter<"platform">;

  constructor(options: MetricsOptions = {}) {
    const settings = { ...METRICS_DEFAULTS, ...options };
    const registers = [this.registry];
    this.answers = new Counter({
      name: "cited_answers_total",
      help: "Questions handled, by platform and outcome (answered or refused).",
      labelNames: ["platform", "outcome"],
      registers,
    });
    this.refusals = new Counter({
      name: "cited_refusals_total",
      help: "Refused questions, by platform and refusal identifier.",
      labelNames: ["platform", "identifier"],
      registers,
    });
    this.latency = new Histogram({
      name: "cited_answer_duration_seconds",
      help: "Time to answer a question, from receipt to reply, by platform.",
      labelNames: ["platform"],
      buckets: [...settings.latencyBuckets],
      registers,
    });
    this.votes = new Counter({ name: "cited_votes_total", help: "Votes on answers, by value (up or down).", labelNames: ["value"], registers });
    this.limited = new Counter({
      name: "cited_rate_limited_total",
      help: "Questions refused by the per-user rate limit, by platform.",
      labelNames: ["platform"],
      registers,
    });
    this.reloads = new Counter({ name: "cited_reloads_total", help: "Corpus reloads, by result (success or failure).", labelNames: ["result"], registers });
    this.reloadDuration = new Histogram({
      name: "cited_reload_duration_seconds",
      help: "Time to reload the corpus and rebuild the index.",
      labelNames: ["result"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.sourceFetches = new Counter({
      name: "cited_source_fetch_total",
      help: "Fetches of web sources, by result (fetched, not-modified, fresh, failed).",
      labelNames: ["result"],
      registers,
    });
    this.corpus = new Gauge({
      name: "cited_corpus_info",
      help: "The corpus version being served (always 1; the version is the label).",
      labelNames: ["version"],
      registers,
    });
    this.requests = new Counter({
      name: "cited_http_requests_total",
      help: "HTTP requests to the bot's server, by route and status code.",
      labelNames: ["route", "status"],
      registers,
    });
    this.adminRefusals = new Counter({
      name: "cited_admin_refused_total",
      help: "Requests the moderators' web page refused, by reason (expired, used or forged link, no session, missing CSRF token, another community).",
      labelNames: ["reason"],
      registers,
    });
    this.autoAnswers = new Counter({
      name: "cited_auto_answers_total",
      help: "Questions answered without being asked, in auto-answer channels, by platform.",
      labelNames: ["platform"],
      registers,
    });
    this.autoSkips = new Counter({
      name: "cited_auto_skipped_total",
      help: "Messages in auto-answer channels left alone, by platform and reason (not-a-question, not-confident, human-replied, backed-off, capped, opted-out, not-a-person).",
      labelNames: ["platform", "reason"],
      registers,
    });
    this.dismissals = new Counter({
      name: "cited_auto_dismissed_total",
      help: "Automatic answers dismissed by the asker or a moderator (each also a 👎), by platform.",
      labelNames: ["platform"],
      registers,
    });
    // Series that exist from the start, so rate() and alerts see 0 rather than nothing.
    for (const platform of PLATFORMS) {
      for (const outcome of ["answered", "refused"] as const) this.answers.labels(platform, outcome).inc(0);
      this.limited.labels(platform).inc(0);
    }
    for (const value of ["up", "down"] as const) this.votes.labels(value).inc(0);
    for (const result of ["success", "failure"] as const) this.reloads.labels(result).inc(0);
    if (settings.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: "cited_" });
  }

  /**
   * A question handled.
   * @param identifier the refusal's identifier, when refused
   * @param seconds from receipt to reply
   */
  answered(platform: MetricsPlatform, outcome: AnswerOutcome, identifier: string | undefined, seconds: number): void {
    this.answers.labels(platform, outcome).inc();
    if (outcome === "refused") this.refusals.labels(platform, identifier ?? "unknown").inc();
    this.latency.labels(platform).observe(seconds);
  }

  voted(value: VoteValue): void {
    this.votes.labels(value).inc();
  }

  rateLimited(platform: MetricsPlatform): void {
    this.limited.labels(platform).inc();
  }

  /** An automatic answer given (issue 18). */
  autoAnswered(platform: MetricsPlatform): void {
    this.autoAnswers.labels(platform).inc();
  }

  /** A message in an auto-answer channel left alone, and why. */
  autoSkipped(platform: MetricsPlatform, reason: string): void {
    this.autoSkips.labels(platform, reason).inc();
  }

  /** An automatic answer dismissed. */
  dismissed(platform: MetricsPlatform): void {
    this.dismissals.labels(platform).inc();
  }

  /**
   * A corpus (re)load finished.
   * @param version the version now served; after a failure, the one still served (or undefined to leave the info as is)
   */
  reloaded(result: ReloadResult, seconds: number, version?: string): void {
    this.reloads.labels(result).inc();
    this.reloadDuration.labels(result).observe(seconds);
    if (version !== undefined) this.corpusVersion(version);
  }

  /** A web source was fetched (or found fresh, or failed). */
  sourceFetched(result: "fetched" | "not-modified" | "fresh" | "failed"): void {
    this.sourceFetches.labels(result).inc();
  }

  /** The corpus version served, e.g. at start-up: `cited_corpus_info{version="…"} 1`, only the current one. */
  corpusVersion(version: string): void {
    this.corpus.reset();
    this.corpus.labels(version).set(1);
  }

  /** One HTTP request answered (called by the HTTP server). */
  httpRequest(route: string, status: number): void {
    this.requests.labels(route, String(status)).inc();
  }

  /** The moderators' web page refused a request (see adapters/web/refusals.ts for the reasons). */
  adminRefused(reason: string): void {
    this.adminRefusals.labels(reason).inc();
  }
}
