import fc from "fast-check";
import type { APIInteraction } from "discord.js";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeInteraction } from "../../src/adapters/discord/decodeInteraction.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../src/commands/types.js";
import { json, mostly, RUNS, textOf } from "./arbitraries.js";

const snowflake = fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n }).map(String);
const NAMES = ["ask", "help", "gaps", "pin", "teach", "summary", "Ask Cited", "Teach Cited", "isf", "nope"];
const IDS = ["vote:", "pin:", "teach", "teach:", "abc", ":up", ":down", "-"];
const option: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  option: fc.record(
    {
      name: textOf(["days", "question", "section", "q"], 2),
      type: fc.integer({ min: 1, max: 11 }),
      value: mostly(fc.oneof(fc.string(), fc.integer(), fc.boolean())),
      focused: fc.boolean(),
      options: fc.array(tie("option"), { maxLength: 2 }),
    },
    { requiredKeys: ["name", "type"] },
  ),
})).option;
const message = fc.record({
  id: snowflake,
  content: mostly(fc.string()),
  author: mostly(fc.record({ id: fc.oneof(snowflake, fc.constant("1000")) })),
  embeds: mostly(fc.array(fc.record({ title: mostly(textOf(["\\*", "q", "?"], 4)) }), { maxLength: 2 })),
  components: mostly(
    fc.array(
      fc.record({
        type: fc.integer({ min: 1, max: 3 }),
        components: mostly(fc.array(fc.record({ type: fc.integer({ min: 1, max: 4 }), custom_id: mostly(textOf(IDS, 4)) }), { maxLength: 2 })),
      }),
      { maxLength: 2 },
    ),
  ),
});
const data = fc.oneof(
  fc.record({
    name: fc.constantFrom(...NAMES),
    type: fc.integer({ min: 1, max: 4 }),
    options: mostly(fc.array(option, { maxLength: 3 })),
    target_id: snowflake,
    resolved: mostly(fc.record({ messages: mostly(fc.dictionary(snowflake, message, { maxKeys: 2 })) })),
  }),
  fc.record({
    custom_id: mostly(textOf(IDS, 4)),
    component_type: fc.integer({ min: 1, max: 8 }),
    values: mostly(fc.array(fc.string(), { maxLength: 2 })),
    components: mostly(fc.array(json, { maxLength: 2 })),
  }),
  json,
);
const member = fc.record({
  user: mostly(fc.record({ id: snowflake, username: fc.string(), global_name: fc.option(fc.string()) })),
  nick: fc.option(fc.string()),
  permissions: mostly(fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 53n }).map(String), fc.string())),
  roles: mostly(fc.array(snowflake, { maxLength: 3 })),
});

/** Interactions as Discord's schema has them, with any content, and now and then something else where a field belongs. */
const interaction = fc.record(
  {
    id: snowflake,
    application_id: fc.constant("1000"),
    type: fc.integer({ min: 1, max: 6 }),
    data,
    member: mostly(member),
    user: mostly(fc.record({ id: snowflake, username: fc.string() })),
    guild_id: fc.option(snowflake, { nil: undefined }),
    channel: mostly(fc.record({ id: snowflake })),
    token: fc.string(),
    version: fc.constant(1),
  },
  { requiredKeys: ["id", "application_id", "type", "token", "version"] },
);

let catalog: CommandCatalog;
beforeAll(async () => {
  catalog = await loadCatalog("commands");
});

describe("decodeInteraction, for any interaction (gateway or HTTP)", () => {
  it("returns a request or nothing, never throws, and answers whether the person moderates without failing", async () => {
    await fc.assert(
      fc.asyncProperty(interaction, async (raw) => {
        const request = decodeInteraction(raw as unknown as APIInteraction, catalog, { roles: ["123456789012345678"] });
        if (request === undefined) return;
        expect(request.platform).toBe("discord");
        expect(request.deliveryId).toBe(raw.id);
        expect(typeof request.user.id).toBe("string");
        expect(typeof request.chat.id).toBe("string");
        expect(typeof (await request.isModerator())).toBe("boolean");
        const { intent } = request;
        if (intent.kind === "question") expect(typeof intent.text).toBe("string");
        if (intent.kind === "command" && intent.options) for (const value of Object.values(intent.options)) expect(typeof value).toBe("string");
      }),
      RUNS,
    );
  });
});
