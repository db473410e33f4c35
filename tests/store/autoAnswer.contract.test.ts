import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import { silentLogger } from "../../src/logger.js";
import { createPipeline } from "../../src/pipeline/createPipeline.js";
import type { Request } from "../../src/pipeline/types.js";
import type { AutoAnswerRepository } from "../../src/store/index.js";
import type { ResilientStore } from "../../src/store/resilientStore.js";
import { withPostgres } from "./postgresDatabase.js";
import { newSite, type Engine, type StoreSite } from "./storeHarness.js";

const HOUR = 60 * 60 * 1000;

let service: AnswerService;
beforeAll(async () => {
  service = await AnswerService.load("corpus");
});

describe.each<Engine>(withPostgres ? ["sqlite", "postgres"] : ["sqlite"])("auto-answer repository (%s)", (engine) => {
  let site: StoreSite;
  let store: ResilientStore;
  let auto: AutoAnswerRepository;

  beforeEach(async () => {
    site = await newSite(engine);
    store = await site.open();
    if (!store.autoAnswer) throw new Error("the store has no auto-answer repository");
    auto = store.autoAnswer;
  });
  afterEach(async () => site.cleanup());

  it("keeps channels per community, with their threshold, across a reopen", async () => {
    await auto.enable({ communityKey: "discord:1", channelId: "10", threshold: 0.8, enabledBy: "m1" });
    await auto.enable({ communityKey: "discord:1", channelId: "11", enabledBy: "m1" });
    await auto.enable({ communityKey: "telegram:-5", channelId: "-5", enabledBy: "m2" });
    await auto.enable({ communityKey: "discord:1", channelId: "10", threshold: 0.7, enabledBy: "m3" });
    const reopened = (await site.open()).autoAnswer;
    expect((await reopened?.channel("discord:1", "10"))?.threshold).toBe(0.7);
    expect((await reopened?.channel("discord:1", "11"))?.threshold).toBeUndefined();
    expect((await reopened?.channels("discord:1"))?.map((c) => c.channelId)).toEqual(["10", "11"]);
    expect(await reopened?.channels()).toHaveLength(3);
    expect(await auto.disable("discord:1", "10")).toBe(true);
    expect(await auto.disable("discord:1", "10")).toBe(false);
    expect(await auto.channel("discord:1", "10")).toBeUndefined();
  });

  it("opts people out and in by their hash", async () => {
    expect(await auto.isOptedOut("u1")).toBe(false);
    await auto.optOut("u1");
    await auto.optOut("u1");
    expect(await auto.isOptedOut("u1")).toBe(true);
    expect(await auto.optIn("u1")).toBe(true);
    expect(await auto.optIn("u1")).toBe(false);
    expect(await auto.isOptedOut("u1")).toBe(false);
  });

  it("gives each message's automatic answer to one claimant, also from two connections", async () => {
    const other = (await site.open()).autoAnswer;
    const results = await Promise.all([auto.claimMessage("telegram:-5:7"), other?.claimMessage("telegram:-5:7"), auto.claimMessage("telegram:-5:7")]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await auto.claimMessage("telegram:-5:8")).toBe(true);
  });

  it("counts answers per channel and hour up to the cap", async () => {
    const now = new Date(Date.UTC(2026, 0, 1, 10, 30));
    const counted = [];
    for (let i = 0; i < 4; i++) counted.push(await auto.countAnswer("c1", 3, now));
    expect(counted).toEqual([true, true, true, false]);
    expect(await auto.countAnswer("c2", 3, now)).toBe(true);
    expect(await auto.countAnswer("c1", 3, new Date(now.getTime() + HOUR))).toBe(true);
    expect(await auto.countAnswer("c1", 0, now)).toBe(false);
  });

  it("backs off a scope until the time given, and prunes what ran out", async () => {
    const now = new Date(Date.UTC(2026, 0, 1, 10, 0));
    await auto.backOff(["t:1", "t:1", "r:2"], new Date(now.getTime() + 30 * 60_000));
    expect(await auto.backedOff(["t:1"], now)).toBe(true);
    expect(await auto.backedOff(["x", "r:2"], now)).toBe(true);
    expect(await auto.backedOff(["x"], now)).toBe(false);
    expect(await auto.backedOff([], now)).toBe(false);
    expect(await auto.backedOff(["t:1"], new Date(now.getTime() + 31 * 60_000))).toBe(false);
    await auto.prune(new Date(now.getTime() + 2 * HOUR));
    await auto.backOff(["t:1"], new Date(now.getTime() + 3 * HOUR));
    expect(await auto.backedOff(["t:1"], new Date(now.getTime() + 2 * HOUR))).toBe(true);
  });

  it("lets two replicas on this database answer a channel message once", async () => {
    const catalog = await loadCatalog("commands");
    const replica = async () =>
      createPipeline({ services: { current: service }, catalog, logger: silentLogger(), store: await site.open() }, { rateLimit: { limit: 0 } });
    const [one, two] = [await replica(), await replica()];
    await auto.enable({ communityKey: "telegram:-100", channelId: "-100", threshold: 0.5, enabledBy: "m" });
    const message = (deliveryId: string): Request => ({
      platform: "telegram",
      deliveryId,
      user: { id: "42", displayName: "Ada" },
      chat: { id: "-100", private: false },
      community: { key: "telegram:-100", platform: "telegram" },
      intent: {
        kind: "channel-message",
        text: "Is the US grateful to Pakistan?",
        message: {
          key: "telegram:-100:7",
          channelId: "-100",
          scopes: [],
          repliesTo: [],
          author: "person",
          edited: false,
          link: "x",
          answeredByPerson: () => false,
        },
      },
      isModerator: async () => false,
    });
    // Each replica got its own delivery of the message (a webhook retried elsewhere, two bots polling).
    const replies = await Promise.all([one.handle(message("a")), two.handle(message("b"))]);
    expect(replies.map((reply) => reply.kind).sort()).toEqual(["answer", "none"]);
  });
});
