import { describe, expect, it } from "vitest";
import { APPLICATION_ID, FakeDiscordServer } from "./fakes/fakeDiscordServer.js";
import { BLOCKED_MARKER } from "./fakes/loopbackOnly.js";
import { FakeTelegramServer } from "./fakes/fakeTelegramServer.js";
import { useBot } from "./fakes/spawnBot.js";
import { waitFor } from "./fakes/waitFor.js";

/**
 * `npm start` as an operator runs it, against both fake platforms at once,
 * configured only through DISCORD_API_ROOT and TELEGRAM_API_ROOT, with every
 * connection off this machine refused.
 */

const TELEGRAM_TOKEN = "777:two-platforms-token";
// (not starting with "bot": discord.js strips a leading "Bot"/"Bearer" as a header prefix)
const DISCORD_TOKEN = "two.platforms.discord-secret";

const { start: startBot, closers } = useBot({ DISCORD_GUILD_ID: "", CORPUS_DIR: "", COMMANDS_DIR: "", LOG_LEVEL: "info" }, ["./tests/fakes/loopbackOnly.ts"]);

describe("npm start with both platforms", () => {
  it("connects to both fakes via API roots written with a trailing slash or version, answers on each, needs no other network, and stops on SIGINT", async () => {
    const telegram = new FakeTelegramServer({ token: TELEGRAM_TOKEN });
    const telegramRoot = await telegram.listen();
    closers.push(() => telegram.close());
    const discord = new FakeDiscordServer(DISCORD_TOKEN);
    const discordRoot = await discord.listen();
    closers.push(() => discord.close());

    const bot = startBot({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: `${telegramRoot}/`,
      DISCORD_TOKEN,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_API_ROOT: `${discordRoot}/v10/`,
    });
    await waitFor(
      () => (bot.logs().includes("discord: connected") && bot.logs().includes("telegram: connected")) || undefined,
      15_000,
      "both adapters connected",
    ).catch((error: Error) => {
      throw new Error(`${error.message}; log:\n${bot.logs()}`);
    });

    telegram.push({
      message: { message_id: 1, date: 1, chat: { id: 9, type: "private" }, from: { id: 9, is_bot: false, first_name: "A" }, text: "who is rubio" },
    });
    const reply = await waitFor(() => telegram.callsOf("sendMessage")[0], 10_000, "a Telegram reply");
    expect(String(reply.payload.text)).toContain("<blockquote>");

    const id = "600000000000000001";
    discord.dispatch({
      id,
      application_id: APPLICATION_ID,
      type: 2,
      data: { id: "999", name: "isf", type: 1 },
      guild_id: "222222222222222222",
      channel_id: "333333333333333333",
      channel: { id: "333333333333333333", type: 0, guild_id: "222222222222222222", name: "general" },
      member: {
        user: { id: "444444444444444444", username: "ada", discriminator: "0", global_name: "Ada", avatar: null },
        roles: [],
        permissions: "0",
        joined_at: "2025-01-01T00:00:00.000Z",
        deaf: false,
        mute: false,
        flags: 0,
      },
      token: "interaction-token",
      version: 1,
      app_permissions: "0",
      locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: { "0": "222222222222222222" },
      context: 0,
    });
    // The callback itself, or the follow-up when the callback deferred it (the first answers after a start are slow).
    const interactionReply = await discord.replyTo(id, 10_000);
    expect((interactionReply.data as { embeds: unknown[] }).embeds.length).toBeGreaterThan(0);

    bot.child.kill("SIGINT");
    expect(await bot.exited).toBe(0);
    expect(bot.logs()).not.toContain(BLOCKED_MARKER);
    expect(bot.logs()).not.toContain(TELEGRAM_TOKEN);
    expect(bot.logs()).not.toContain(DISCORD_TOKEN);
  }, 40_000);
});
