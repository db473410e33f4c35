import { describe, expect, it } from "vitest";
import { fetchSourceNow } from "../../src/usecases/fetchSourceNow.js";
import type { Actor } from "../../src/usecases/types.js";

const moderator: Actor = { platform: "discord", userId: "1", displayName: "Ada", community: { key: "discord:1", platform: "discord" }, isModerator: true };
const report = { url: "https://news.example/", result: "fetched" as const, documents: 2, changed: true };

describe("fetching a web source now", () => {
  it("is for moderators, of the bot's own sources, and only where the bot fetches any", async () => {
    const asked: string[] = [];
    const fetchSource = async (url: string) => (asked.push(url), url === report.url ? report : undefined);
    expect(await fetchSourceNow({ fetchSource }, moderator, { url: report.url })).toEqual({ ok: true, value: report });
    expect(await fetchSourceNow({ fetchSource }, { ...moderator, isModerator: false }, { url: report.url })).toMatchObject({
      ok: false,
      refusal: { identifier: "moderators-only" },
    });
    expect(await fetchSourceNow({ fetchSource }, moderator, { url: "https://other.example/" })).toMatchObject({
      refusal: { identifier: "source-unknown", context: { url: "https://other.example/" } },
    });
    expect(await fetchSourceNow({}, moderator, { url: report.url })).toMatchObject({ refusal: { identifier: "fetch-unavailable" } });
    // The refused member caused no fetch.
    expect(asked).toEqual([report.url, "https://other.example/"]);
  });
});
