import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeDiscordCustomId, encodeDiscordCustomId, type DiscordCustomId } from "../../../src/render/codecs/discordIds.js";
import { decodeCallbackData, decodeStartPayload, encodeCallbackData, encodeStartPayload, summaryLink } from "../../../src/render/codecs/telegramData.js";
import { RUNS } from "../../properties/arbitraries.js";

/** Answer ids as newAnswerId makes them: URL-safe, at most 40 characters. */
const answerId = fc.stringMatching(/^[\w-]{1,40}$/);
const value = fc.constantFrom<1 | -1>(1, -1);
/** Suggestion ids: the store's serial numbers. */
const suggestionId = fc.integer({ min: 1, max: 999_999_999_999_999 });
const decision = fc.constantFrom<"teach" | "ignore">("teach", "ignore");

const discordId: fc.Arbitrary<DiscordCustomId> = fc.oneof(
  fc.record({ kind: fc.constant("vote" as const), answerId, value }),
  fc.record({ kind: fc.constant("pin" as const), answerId }),
  fc.record({ kind: fc.constant("dismiss" as const), answerId }),
  fc.record({ kind: fc.constant("suggestion" as const), suggestionId, decision }),
  fc.record({ kind: fc.constant("teach" as const), answerId }),
  fc.constant({ kind: "teach" as const }),
);

describe("Discord custom ids", () => {
  it("decode what they encode, within Discord's 100 characters", () => {
    fc.assert(
      fc.property(discordId, (id) => {
        const encoded = encodeDiscordCustomId(id);
        expect(encoded.length).toBeLessThanOrEqual(100);
        expect(decodeDiscordCustomId(encoded)).toEqual(id);
      }),
      RUNS,
    );
  });

  it("keep the formats messages already sent carry", () => {
    expect(encodeDiscordCustomId({ kind: "vote", answerId: "a1", value: 1 })).toBe("vote:a1:up");
    expect(encodeDiscordCustomId({ kind: "vote", answerId: "a1", value: -1 })).toBe("vote:a1:down");
    expect(encodeDiscordCustomId({ kind: "pin", answerId: "a1" })).toBe("pin:a1");
    expect(encodeDiscordCustomId({ kind: "dismiss", answerId: "a1" })).toBe("dismiss:a1");
    expect(encodeDiscordCustomId({ kind: "teach", answerId: "a1" })).toBe("teach:a1");
    expect(encodeDiscordCustomId({ kind: "teach" })).toBe("teach");
    expect(encodeDiscordCustomId({ kind: "suggestion", suggestionId: 12, decision: "teach" })).toBe("suggestion:12:teach");
  });

  it("name nothing for ids the bot never wrote", () => {
    for (const forged of [
      "",
      "suggestion:007:teach",
      "suggestion:1:maybe",
      "vote:a1:sideways",
      "vote::up",
      "pin:",
      `pin:${"x".repeat(41)}`,
      "teach:",
      "teach:a b",
      "question",
      "vote:a1:up ",
    ]) {
      expect(decodeDiscordCustomId(forged)).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const decoded = decodeDiscordCustomId(text);
        // Whatever decodes is exactly what encoding it gives back: no second spelling of one id.
        if (decoded) expect(encodeDiscordCustomId(decoded)).toBe(text);
      }),
      RUNS,
    );
  });
});

describe("Telegram callback data and deep links", () => {
  it("callback data decodes what it encodes, within Telegram's 64 bytes", () => {
    fc.assert(
      fc.property(answerId, value, (id, v) => {
        const encoded = encodeCallbackData({ kind: "vote", answerId: id, value: v });
        expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(64);
        expect(decodeCallbackData(encoded)).toEqual({ kind: "vote", answerId: id, value: v });
      }),
      RUNS,
    );
    expect(encodeCallbackData({ kind: "vote", answerId: "a1", value: 1 })).toBe("v:a1:u");
    expect(encodeCallbackData({ kind: "dismiss", answerId: "a1" })).toBe("x:a1");
    expect(decodeCallbackData("x:a1")).toEqual({ kind: "dismiss", answerId: "a1" });
    fc.assert(
      fc.property(suggestionId, decision, (id, d) => {
        const encoded = encodeCallbackData({ kind: "suggestion", suggestionId: id, decision: d });
        expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(64);
        expect(decodeCallbackData(encoded)).toEqual({ kind: "suggestion", suggestionId: id, decision: d });
      }),
      RUNS,
    );
    expect(encodeCallbackData({ kind: "suggestion", suggestionId: 3, decision: "ignore" })).toBe("s:3:i");
    expect(decodeCallbackData("s:03:t")).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const decoded = decodeCallbackData(text);
        if (decoded) expect(encodeCallbackData(decoded)).toBe(text);
      }),
      RUNS,
    );
  });

  it("a start payload asks for the section it was made for, within Telegram's 64 characters", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\w-]{1,56}$/), (section) => {
        const payload = encodeStartPayload(section);
        expect(payload.length).toBeLessThanOrEqual(64);
        expect(decodeStartPayload(payload)).toEqual({ kind: "summary", section });
      }),
      RUNS,
    );
    expect(decodeStartPayload(encodeStartPayload())).toEqual({ kind: "summary", section: "" });
    // A slug that cannot travel in a link asks for the whole summary rather than a broken link.
    expect(encodeStartPayload("with space")).toBe("summary");
    expect(decodeStartPayload("hello")).toBeUndefined();
    expect(summaryLink("cited_bot", "intro")).toBe("https://t.me/cited_bot?start=summary-intro");
  });
});
