/**
 * HTTP interactions acknowledged in time, through the real route and the
 * real discord.js REST client against the fake Discord on 127.0.0.1: a
 * reply not ready within 250 ms is deferred in the HTTP response and
 * delivered through the follow-up webhook (retried when it fails); a ready
 * reply is the HTTP response itself. Waits for events, never a sleep.
 */
import type { APIInteractionResponse } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import type { InteractionAnswer } from "../../../../src/adapters/discord/answerInteraction.js";
import { acknowledgeOverHttp } from "../../../../src/adapters/discord/http/acknowledgeOverHttp.js";
import { DISCORD_INTERACTIONS_PATH, mountDiscordInteractions } from "../../../../src/adapters/discord/http/interactionsRoute.js";
import { HttpServer } from "../../../../src/http/HttpServer.js";
import { captureLog } from "../../../fakes/captureLog.js";
import { chatInputInteraction } from "../../../fakes/discordInteractions.js";
import { FakeDiscordServer } from "../../../fakes/fakeDiscordServer.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The bot's route with answers the test hands out one by one, in the order asked. */
async function setup() {
  const discord = new FakeDiscordServer("http.ack.token");
  const apiRoot = await discord.listen();
  cleanups.push(() => discord.close());
  const pending: Array<(answer: InteractionAnswer) => void> = [];
  const asked: Array<() => void> = [];
  const handler = acknowledgeOverHttp(
    () =>
      new Promise<InteractionAnswer>((resolve) => {
        pending.push(resolve);
        asked.shift()?.();
      }),
    captureLog().logger,
    { apiRoot },
  );
  const server = new HttpServer({ port: 0, host: "127.0.0.1" });
  mountDiscordInteractions(server, discord.publicKeyHex, handler);
  const { port } = await server.listen();
  cleanups.push(() => server.close());
  const url = `http://127.0.0.1:${port}${DISCORD_INTERACTIONS_PATH}`;
  /** Resolves with the next answer's resolver once the bot asks for it. */
  const nextAnswer = () =>
    pending.length > 0
      ? Promise.resolve(pending.shift()!)
      : new Promise<(answer: InteractionAnswer) => void>((resolve) => asked.push(() => resolve(pending.shift()!)));
  return { discord, url, nextAnswer };
}

const message = (content: string, flags?: number): InteractionAnswer => ({
  response: { type: 4, data: { content, ...(flags ? { flags } : {}) } } satisfies APIInteractionResponse,
  claimedElsewhere: false,
});

describe("HTTP interactions, acknowledged first", () => {
  it("defers in the HTTP response a reply not ready in time, then edits it in through the follow-up webhook, retrying failures", async () => {
    const { discord, url, nextAnswer } = await setup();
    const interaction = chatInputInteraction("ask", { question: "Who is Rubio?" });
    const delivered = discord.deliverInteraction(url, interaction);
    const answer = await nextAnswer();
    const response = await delivered;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ type: 5 });
    // More failures than discord.js retries by itself.
    discord.failWebhooks(5, 503);
    answer(message("the answer"));
    const reply = await discord.replyTo(String(interaction.id), 20_000);
    expect(reply).toMatchObject({ deferred: true, data: { content: "the answer" } });
    expect(discord.followUpsFor(String(interaction.id)).map((call) => `${call.method} ${call.status}`)).toEqual([
      ...Array<string>(5).fill("PATCH 503"),
      "PATCH 200",
    ]);
  }, 30_000);

  it("replaces the deferred message with a private follow-up when the reply is ephemeral", async () => {
    const { discord, url, nextAnswer } = await setup();
    const interaction = chatInputInteraction("gaps");
    const delivered = discord.deliverInteraction(url, interaction);
    const answer = await nextAnswer();
    expect((await delivered).body).toEqual({ type: 5 });
    answer(message("only for you", 64));
    const reply = await discord.replyTo(String(interaction.id), 10_000);
    expect(reply.data).toMatchObject({ content: "only for you", flags: 64 });
    expect(discord.followUpsFor(String(interaction.id)).map((call) => call.method)).toEqual(["DELETE", "POST"]);
  });

  it("answers in the HTTP response itself when the reply is ready in time, and 409 when another replica holds the interaction", async () => {
    const { discord, url, nextAnswer } = await setup();
    const asked = chatInputInteraction("ask", { question: "What is the ISF?" });
    const delivered = discord.deliverInteraction(url, asked);
    (await nextAnswer())(message("ready"));
    expect((await delivered).body).toEqual({ type: 4, data: { content: "ready" } });
    expect(discord.followUpsFor(String(asked.id))).toEqual([]);
    const held = discord.deliverInteraction(url, chatInputInteraction("ask", { question: "Who?" }));
    (await nextAnswer())({ claimedElsewhere: true });
    expect((await held).status).toBe(409);
  });
});
