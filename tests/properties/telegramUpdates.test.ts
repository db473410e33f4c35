import fc from "fast-check";
import { Api, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeUpdate } from "../../src/adapters/telegram/decodeUpdate.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../src/commands/types.js";
import { json, mostly, RUNS, textOf } from "./arbitraries.js";

const ME = {
  id: 4242,
  is_bot: true,
  first_name: "Cited",
  username: "cited_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

const TEXT = [
  "/",
  "/ask",
  "/help",
  "/start",
  " summary",
  "summary-",
  "@cited_test_bot",
  "@other_bot",
  "@",
  " ",
  "\n",
  "isf",
  "?",
  "👍",
  "\u0000",
  "v:",
  ":u",
  ":d",
];
const user = fc.record(
  {
    id: fc.integer(),
    is_bot: fc.boolean(),
    first_name: textOf(TEXT, 3),
    last_name: fc.option(textOf(TEXT, 3), { nil: undefined }),
    username: fc.option(fc.string(), { nil: undefined }),
  },
  { requiredKeys: ["id", "is_bot", "first_name"] },
);
const chat = fc.record({ id: fc.integer(), type: fc.constantFrom("private", "group", "supergroup", "channel") });
const entity = fc.record({
  type: fc.constantFrom("mention", "bot_command", "text_mention", "bold"),
  offset: fc.integer({ min: -5, max: 80 }),
  length: fc.integer({ min: -5, max: 80 }),
});
const button = fc.oneof(
  fc.record({ text: fc.string(), callback_data: textOf(["v:", "abc", ":u", ":d", "-"], 6) }),
  fc.record({ text: fc.string(), url: fc.webUrl() }),
);
const baseMessage = {
  message_id: fc.nat(),
  date: fc.nat(),
  chat,
  from: fc.option(user, { nil: undefined }),
  sender_chat: fc.option(chat, { nil: undefined }),
  text: fc.option(textOf(TEXT), { nil: undefined }),
  caption: fc.option(fc.string(), { nil: undefined }),
  entities: fc.option(fc.array(entity, { maxLength: 4 }), { nil: undefined }),
};
const replied = fc.record({
  ...baseMessage,
  from: fc.option(fc.oneof(user, fc.constant(ME)), { nil: undefined }),
  reply_markup: fc.option(fc.record({ inline_keyboard: fc.array(fc.array(button, { maxLength: 3 }), { maxLength: 3 }) }), { nil: undefined }),
});
const message = fc.record({ ...baseMessage, reply_to_message: fc.option(replied, { nil: undefined }) });

/** Updates as Telegram's schema has them, with any content, and now and then something else where a field belongs. */
const update = fc.oneof(
  fc.record({ update_id: fc.nat(), message }),
  fc.record({ update_id: fc.nat(), edited_message: message }),
  fc.record({
    update_id: fc.nat(),
    callback_query: fc.record({
      id: fc.string(),
      from: user,
      chat_instance: fc.string(),
      data: fc.option(textOf(["v:", "abc", ":u", ":d", "x"], 6), { nil: undefined }),
      message: fc.option(message, { nil: undefined }),
    }),
  }),
  fc.record({ update_id: fc.nat(), inline_query: fc.record({ id: fc.string(), from: user, query: textOf(TEXT), offset: fc.string() }) }),
  fc.record({
    update_id: fc.nat(),
    message: fc.record({
      message_id: mostly(fc.nat()),
      date: fc.nat(),
      chat,
      from: mostly(user),
      text: mostly(textOf(TEXT)),
      entities: mostly(fc.array(entity)),
      reply_to_message: json,
    }),
  }),
);

let catalog: CommandCatalog;
beforeAll(async () => {
  catalog = await loadCatalog("commands");
});

describe("decodeUpdate, for any update", () => {
  it("returns a request or nothing, never throws, and names the delivery", () => {
    const api = new Api("1:a");
    fc.assert(
      fc.property(update, (raw) => {
        const request = decodeUpdate(new Context(raw as Update, api, ME), catalog);
        if (request === undefined) return;
        expect(request.platform).toBe("telegram");
        expect(request.deliveryId).toBe(`${ME.id}:${raw.update_id}`);
        expect(typeof request.user.id).toBe("string");
        expect(typeof request.chat.id).toBe("string");
        if (request.intent.kind === "question") expect(typeof request.intent.text).toBe("string");
      }),
      RUNS,
    );
  });
});
