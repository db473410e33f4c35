import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import type { ResilientStore } from "../../src/store/resilientStore.js";
import { editTaught } from "../../src/usecases/editTaught.js";
import { knowledgeGaps } from "../../src/usecases/knowledgeGaps.js";
import { listPins } from "../../src/usecases/listPins.js";
import { listSources } from "../../src/usecases/listSources.js";
import { listTaught } from "../../src/usecases/listTaught.js";
import { pinAnswer } from "../../src/usecases/pinAnswer.js";
import type { ReloadOutcome, ServiceSource } from "../../src/usecases/ports.js";
import { reloadCorpus } from "../../src/usecases/reloadCorpus.js";
import { removeTaught } from "../../src/usecases/removeTaught.js";
import { MAX_TAUGHT_LENGTH } from "../../src/usecases/taughtLimits.js";
import { teach } from "../../src/usecases/teach.js";
import { unpin } from "../../src/usecases/unpin.js";
import type { Actor } from "../../src/usecases/types.js";
import { newSite, type StoreSite } from "../store/storeHarness.js";

const community = { key: "telegram:-100", platform: "telegram" } as const;
const moderator: Actor = { platform: "telegram", userId: "7", displayName: "Mod", community, isModerator: true };
const member: Actor = { ...moderator, userId: "8", displayName: "Member", isModerator: false };

let service: AnswerService;
let site: StoreSite;
let store: ResilientStore;
let reloads: string[];
let services: ServiceSource;

beforeAll(async () => {
  service = await AnswerService.load("corpus");
});
beforeEach(async () => {
  site = await newSite("sqlite");
  store = await site.open();
  reloads = [];
  services = {
    current: service,
    reload: async (reason): Promise<ReloadOutcome> => {
      reloads.push(reason);
      return { ok: true, version: "v", ms: 1, changed: true };
    },
  };
});
afterEach(async () => {
  await site.cleanup();
});

/** An answer of the corpus, recorded as the bot records it. */
async function recordedAnswer(question: string, id = "a1"): Promise<string> {
  const answer = service.ask(question);
  expect(answer.answered).toBe(true);
  const passages = answer.snippets.map((s) => ({ documentId: s.documentId, sectionSlug: s.sectionSlug, start: s.start, end: s.end }));
  await store.answers.record({
    id,
    platform: "telegram",
    community: community.key,
    userHash: store.hashUser("telegram", "9"),
    question,
    answered: true,
    passages,
    missingTerms: [],
    keyTerms: service.keyTerms(question),
    corpusVersion: "v",
    createdAt: new Date(),
  });
  return id;
}

describe("every moderator action refuses non-moderators, and changes nothing", () => {
  it("teach, edit, remove, list, pin, unpin, pins, gaps, reload", async () => {
    const deps = { store, services, service };
    const refusals = [
      await teach(deps, member, { question: "q", answer: "a" }),
      await editTaught(deps, member, { id: 1, answer: "a" }),
      await removeTaught(deps, member, { id: 1 }),
      await listTaught(deps, member),
      await pinAnswer(deps, member, { answerId: "a1", n: 1 }),
      await unpin(deps, member, { questionKey: "x" }),
      await listPins(deps, member),
      await knowledgeGaps(deps, member, { days: 7 }),
      await reloadCorpus(deps, member, { reason: "test" }),
    ];
    for (const outcome of refusals) expect(outcome).toEqual({ ok: false, refusal: { identifier: "moderators-only" } });
    expect(await store.teaching.listTaught()).toEqual([]);
    expect(reloads).toEqual([]);
  });
});

describe("taught answers", () => {
  it("teaches (trimmed, reloading), lists, edits and removes", async () => {
    const deps = { store, services };
    const taught = await teach(deps, moderator, { question: "  Who trains the cooks? ", answer: " The army. " });
    expect(taught).toMatchObject({ ok: true, value: { question: "Who trains the cooks?", answer: "The army.", moderatorName: "Mod", platform: "telegram" } });
    expect(reloads).toEqual(["taught answer"]);
    const id = taught.ok ? taught.value.id : -1;
    const edited = await editTaught(deps, moderator, { id, answer: "The navy." });
    expect(edited).toMatchObject({ ok: true, value: { id, question: "Who trains the cooks?", answer: "The navy." } });
    const listed = await listTaught(deps, moderator);
    expect(listed.ok && listed.value.map((entry) => [entry.question, entry.answer])).toEqual([["Who trains the cooks?", "The navy."]]);
    expect(await removeTaught(deps, moderator, { id: String(id) })).toEqual({ ok: true, value: { id } });
    expect(await store.teaching.listTaught()).toEqual([]);
    expect(await removeTaught(deps, moderator, { id })).toEqual({ ok: false, refusal: { identifier: "untaught-unknown", context: { id: String(id) } } });
    expect(await editTaught(deps, moderator, { id, answer: "x" })).toMatchObject({ ok: false, refusal: { identifier: "untaught-unknown" } });
    expect(reloads).toEqual(["taught answer", "taught answer edited", "taught answer removed"]);
  });

  it("refuses empty and too long texts, and says when there is no store", async () => {
    const deps = { store, services };
    expect(await teach(deps, moderator, { question: " ", answer: "a" })).toEqual({ ok: false, refusal: { identifier: "teach-usage" } });
    const long = "x".repeat(MAX_TAUGHT_LENGTH + 1);
    expect(await teach(deps, moderator, { question: "q", answer: long })).toEqual({
      ok: false,
      refusal: { identifier: "teach-too-long", context: { length: long.length, max: MAX_TAUGHT_LENGTH } },
    });
    const first = await teach(deps, moderator, { question: "q", answer: "a" });
    expect(await editTaught(deps, moderator, { id: first.ok ? first.value.id : -1, question: long })).toMatchObject({
      ok: false,
      refusal: { identifier: "teach-too-long" },
    });
    expect(await teach({ services }, moderator, { question: "q", answer: "a" })).toEqual({ ok: false, refusal: { identifier: "store-unavailable" } });
    expect(await removeTaught(deps, moderator, { id: "abc" })).toMatchObject({ ok: false, refusal: { identifier: "untaught-unknown" } });
  });
});

describe("pins", () => {
  it("offers the answer's quotes, pins one, lists it as holding, and unpins it", async () => {
    const answerId = await recordedAnswer("who is rubio");
    const deps = { store, services, service };
    const choices = await pinAnswer(deps, moderator, { answerId });
    expect(choices.ok && choices.value.kind).toBe("choices");
    const pinned = await pinAnswer(deps, moderator, { answerId, n: 1 });
    expect(pinned).toMatchObject({ ok: true, value: { kind: "pinned", n: 1, question: "who is rubio" } });
    const pins = await listPins(deps, moderator);
    expect(pins.ok && pins.value.map((status) => status.holds)).toEqual([true]);
    const questionKey = pins.ok ? (pins.value[0]?.pin.questionKey ?? "") : "";
    expect(await unpin(deps, moderator, { questionKey })).toEqual({ ok: true, value: { questionKey } });
    expect(await unpin(deps, moderator, { questionKey })).toMatchObject({ ok: false, refusal: { identifier: "pin-unknown" } });
    expect(await store.teaching.listPins()).toEqual([]);
    expect(await pinAnswer(deps, moderator, { answerId: "nope", n: 1 })).toEqual({ ok: false, refusal: { identifier: "answer-unavailable" } });
  });

  it("a pin whose quote left the corpus no longer holds", async () => {
    await store.teaching.addPin({
      questionKey: "gone",
      question: "gone?",
      documentId: service.sources()[0]?.id ?? "doc",
      sectionSlug: "s",
      start: 0,
      end: 10,
      text: "A sentence no corpus document has ever said, word for word.",
      moderatorHash: "h",
      community: community.key,
    });
    const pins = await listPins({ store, services }, moderator);
    expect(pins.ok && pins.value.map((status) => [status.pin.questionKey, status.holds])).toEqual([["gone", false]]);
  });
});

describe("gaps, reload and sources", () => {
  it("groups the refusals of the window", async () => {
    await store.answers.record({
      id: "r1",
      platform: "telegram",
      community: community.key,
      userHash: "u",
      question: "what about zebras",
      answered: false,
      identifier: "no-match",
      passages: [],
      missingTerms: ["zebra"],
      keyTerms: ["zebra"],
      corpusVersion: "v",
      createdAt: new Date(),
    });
    const outcome = await knowledgeGaps({ store, service }, moderator, { days: 7 });
    expect(outcome).toEqual({
      ok: true,
      value: {
        days: 7,
        waiting: { count: 0, items: [] },
        suggestions: [],
        gaps: [{ terms: ["zebra"], count: 1, examples: ["what about zebras"] }],
        downvoted: [],
      },
    });
  });

  it("reloads, or says why it cannot", async () => {
    expect(await reloadCorpus({ services }, moderator, { reason: "/reload" })).toEqual({ ok: true, value: { version: "v", ms: 1, changed: true } });
    expect(await reloadCorpus({ services: {} }, moderator, { reason: "/reload" })).toEqual({ ok: false, refusal: { identifier: "reload-unavailable" } });
    const failing = { reload: async (): Promise<ReloadOutcome> => ({ ok: false, error: new Error("bad file") }) };
    expect(await reloadCorpus({ services: failing }, moderator, { reason: "/reload" })).toEqual({
      ok: false,
      refusal: { identifier: "reload-failed", context: { message: "bad file" } },
    });
  });

  it("shows web sources to moderators only", async () => {
    const web = [{ url: "https://example.org/feed", documents: 2 }];
    const deps = { services, webSources: async () => web };
    const forModerator = await listSources(deps, moderator);
    expect(forModerator.value).toEqual({ documents: service.sources(), web });
    expect((await listSources(deps, member)).value).toEqual({ documents: service.sources() });
  });
});
