import { afterEach, describe, expect, it } from "vitest";
import { HttpServer } from "../../src/http/HttpServer.js";
import { Metrics } from "../../src/metrics/Metrics.js";
import { parsePrometheus, sampleValue } from "./parsePrometheus.js";

const servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function scrape(metrics: Metrics): Promise<ReturnType<typeof parsePrometheus>> {
  const server = new HttpServer(
    { port: 0, host: "127.0.0.1" },
    { metrics: metrics.registry, onRequest: (route, status) => metrics.httpRequest(route, status) },
  );
  servers.push(server);
  const { port } = await server.listen();
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return parsePrometheus(await response.text());
}

describe("Metrics", () => {
  it("starts every known series at zero and collects the process metrics", async () => {
    const { samples, types } = await scrape(new Metrics());
    expect(sampleValue(samples, "cited_answers_total", { platform: "telegram", outcome: "answered" })).toBe(0);
    expect(sampleValue(samples, "cited_answers_total", { platform: "discord", outcome: "refused" })).toBe(0);
    expect(sampleValue(samples, "cited_votes_total", { value: "down" })).toBe(0);
    expect(sampleValue(samples, "cited_rate_limited_total", { platform: "telegram" })).toBe(0);
    expect(sampleValue(samples, "cited_reloads_total", { result: "failure" })).toBe(0);
    expect(sampleValue(samples, "cited_process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(types.get("cited_answer_duration_seconds")).toBe("histogram");
    expect(types.get("cited_corpus_info")).toBe("gauge");
    // Every name is ours.
    expect(samples.every((sample) => sample.name.startsWith("cited_"))).toBe(true);
  });

  it("counts answers, refusals by identifier, latency, votes, rate limits and reloads", async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.answered("telegram", "answered", undefined, 0.02);
    metrics.answered("telegram", "answered", undefined, 0.3);
    metrics.answered("discord", "refused", "not-in-corpus", 0.004);
    metrics.answered("telegram", "refused", "unknown-names", 0.006);
    metrics.voted("up");
    metrics.voted("down");
    metrics.voted("down");
    metrics.rateLimited("discord");
    metrics.reloaded("success", 0.8, "v1");
    metrics.reloaded("success", 1.2, "v2");
    metrics.reloaded("failure", 0.1);

    const { samples } = await scrape(metrics);
    expect(sampleValue(samples, "cited_answers_total", { platform: "telegram", outcome: "answered" })).toBe(2);
    expect(sampleValue(samples, "cited_answers_total", { platform: "discord", outcome: "refused" })).toBe(1);
    expect(sampleValue(samples, "cited_refusals_total", { platform: "discord", identifier: "not-in-corpus" })).toBe(1);
    expect(sampleValue(samples, "cited_refusals_total", { platform: "telegram", identifier: "unknown-names" })).toBe(1);
    expect(sampleValue(samples, "cited_answer_duration_seconds_count", { platform: "telegram" })).toBe(3);
    expect(sampleValue(samples, "cited_answer_duration_seconds_bucket", { platform: "telegram", le: "0.025" })).toBe(2);
    expect(sampleValue(samples, "cited_answer_duration_seconds_bucket", { platform: "telegram", le: "+Inf" })).toBe(3);
    expect(sampleValue(samples, "cited_answer_duration_seconds_sum", { platform: "telegram" })).toBeCloseTo(0.326, 6);
    expect(sampleValue(samples, "cited_votes_total", { value: "up" })).toBe(1);
    expect(sampleValue(samples, "cited_votes_total", { value: "down" })).toBe(2);
    expect(sampleValue(samples, "cited_rate_limited_total", { platform: "discord" })).toBe(1);
    expect(sampleValue(samples, "cited_reloads_total", { result: "success" })).toBe(2);
    expect(sampleValue(samples, "cited_reloads_total", { result: "failure" })).toBe(1);
    expect(sampleValue(samples, "cited_reload_duration_seconds_count", { result: "success" })).toBe(2);
    // Only the version being served is reported, and a failed reload leaves it as it was.
    const corpus = samples.filter((sample) => sample.name === "cited_corpus_info");
    expect(corpus).toEqual([{ name: "cited_corpus_info", labels: { version: "v2" }, value: 1 }]);
  });

  it("keeps each instance's counts apart", async () => {
    const first = new Metrics({ defaultMetrics: false });
    const second = new Metrics({ defaultMetrics: false });
    first.voted("up");
    const { samples } = await scrape(second);
    expect(sampleValue(samples, "cited_votes_total", { value: "up" })).toBe(0);
  });

  it("counts the HTTP server's requests by route and status", async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const server = new HttpServer(
      { port: 0, host: "127.0.0.1" },
      { metrics: metrics.registry, onRequest: (route, status) => metrics.httpRequest(route, status) },
    );
    servers.push(server);
    const { port } = await server.listen();
    await fetch(`http://127.0.0.1:${port}/healthz`);
    await fetch(`http://127.0.0.1:${port}/nope`);
    const { samples } = parsePrometheus(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    expect(sampleValue(samples, "cited_http_requests_total", { route: "/healthz", status: "200" })).toBe(1);
    expect(sampleValue(samples, "cited_http_requests_total", { route: "unmatched", status: "404" })).toBe(1);
  });
});
