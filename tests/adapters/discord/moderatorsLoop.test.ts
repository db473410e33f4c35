import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord } from "../../../src/adapters/discord/startDiscord.js";
import type { RunningAdapter } from "../../../src/adapters/types.js";
import {
  baseInteraction,
  botMessage,
  chatInputInteraction,
  componentInteraction,
  modalSubmitInteraction,
  type InteractionContext,
} from "../../fakes/discordInteractions.js";
import { APPLICATION_ID, FakeDiscordServer } from "../../fakes/fakeDiscordServer.js";
import { startLoopBot, type LoopBot } from "../../fakes/loopBot.js";

/**
 * The moderators' loop through the real discord.js client (gateway mode)
 * against the fake Discord: 👍/👎 and 📌 buttons under every answer, the
 * knowledge-gap report, the "Teach Cited" menu and its modal, and pins.
 */

const TOKEN = "fake.discord.loop-token";
const EPHEMERAL = 64;
const MANAGE_MESSAGES = "8192";
const MODERATOR: InteractionContext = { user: { id: "555000000000000001", username: "Grace" }, permissions: MANAGE_MESSAGES };
const MEMBER: InteractionContext = { user: { id: "555000000000000002", username: "ada" } };
const OTHER: InteractionContext = { user: { id: "555000000000000003", username: "linus" } };

interface Component {
  type: number;
  custom_id?: string;
  label?: string;
  emoji?: { name: string };
  options?: Array<{ label: string; value: string }>;
  components?: Component[];
}

interface CallbackBody {
  type: number;
  data?: {
    content?: string;
    flags?: number;
    custom_id?: string;
    title?: string;
    embeds?: Array<{ title?: string; description?: string }>;
    components?: Component[];
  };
}

let server: FakeDiscordServer;
let adapter: RunningAdapter;
let bot: LoopBot;

beforeAll(async () => {
  server = new FakeDiscordServer(TOKEN);
  const apiRoot = await server.listen();
  bot = await startLoopBot();
  adapter = await startDiscord(bot.context, { token: TOKEN, clientId: APPLICATION_ID, apiRoot });
});

afterAll(async () => {
  await adapter?.stop();
  await bot?.close();
  await server?.close();
});

/**
 * Dispatches an interaction over the gateway and resolves with its reply:
 * its one callback, or the follow-up that delivered it when the callback
 * deferred it (a reply that took longer, as teaching does while it reloads).
 */
async function respond(interaction: Record<string, unknown>): Promise<CallbackBody> {
  server.dispatch(interaction);
  const id = String(interaction.id);
  const reply = await server.replyTo(id, 10_000);
  expect(server.callbacksFor(id)).toHaveLength(1);
  return reply as CallbackBody;
}

const ask = (question: string, who: InteractionContext) => respond(chatInputInteraction("ask", { question }, who));
const isEphemeral = (body: CallbackBody) => ((body.data?.flags ?? 0) & EPHEMERAL) === EPHEMERAL;
const descriptionOf = (body: CallbackBody) => String(body.data?.embeds?.[0]?.description ?? "");
const buttonsOf = (body: CallbackBody) => (body.data?.components ?? []).flatMap((row) => row.components ?? []);

/** The answer id an answer's 👍 button carries. */
function answerIdOf(body: CallbackBody): string {
  const up = buttonsOf(body).find((button) => button.custom_id?.startsWith("vote:"));
  const match = /^vote:([\w-]+):up$/.exec(up?.custom_id ?? "");
  if (!match) throw new Error(`no vote buttons under ${JSON.stringify(body.data).slice(0, 200)}`);
  return match[1]!;
}

/** The message an answer became, as Discord attaches it to a button press or resolves it for a context menu. */
function messageOf(body: CallbackBody): Record<string, unknown> {
  return botMessage({ content: body.data?.content ?? "", embeds: body.data?.embeds ?? [], components: body.data?.components ?? [] });
}

/** "Teach Cited" (a message context-menu command) on `message`. */
function teachMenu(message: Record<string, unknown>, who: InteractionContext) {
  const id = String(message.id);
  return baseInteraction(2, { id: "996", name: "Teach Cited", type: 3, target_id: id, resolved: { messages: { [id]: message } } }, who);
}

/** A member's own message in the channel, as a context menu resolves it. */
function memberMessage(content: string, who: InteractionContext): Record<string, unknown> {
  return {
    ...botMessage({ content }),
    author: { id: who.user!.id, username: who.user!.username, discriminator: "0", global_name: who.user!.username, avatar: null },
  };
}

describe("the moderators' loop on Discord", () => {
  it("puts 👍/👎 under every answer; a vote is recorded once per person, changeable, acknowledged ephemerally", async () => {
    const answer = await ask("What did Rubio say about Pakistan?", MEMBER);
    expect(isEphemeral(answer)).toBe(false);
    const buttons = buttonsOf(answer);
    expect(buttons.map((button) => button.emoji?.name)).toEqual(["👍", "👎", "📌"]);
    const answerId = answerIdOf(answer);
    expect(buttons.map((button) => button.custom_id)).toEqual([`vote:${answerId}:up`, `vote:${answerId}:down`, `pin:${answerId}`]);
    const message = messageOf(answer);
    const press = (customId: string, who: InteractionContext) => respond(componentInteraction(customId, { message }, who));

    const first = await press(`vote:${answerId}:up`, MEMBER);
    expect(first.type).toBe(4);
    expect(isEphemeral(first)).toBe(true);
    expect(first.data?.content).toMatch(/helpful/i);
    await press(`vote:${answerId}:up`, MEMBER);
    expect(await bot.store.answers.votes(answerId)).toEqual({ up: 1, down: 0 });

    const changed = await press(`vote:${answerId}:down`, MEMBER);
    expect(isEphemeral(changed)).toBe(true);
    expect(changed.data?.content).toMatch(/not helpful.*changed/i);
    expect(await bot.store.answers.votes(answerId)).toEqual({ up: 0, down: 1 });

    await press(`vote:${answerId}:up`, OTHER);
    expect(await bot.store.answers.votes(answerId)).toEqual({ up: 1, down: 1 });
  });

  it("answers a vote on an unknown answer with 'no longer available', ephemerally", async () => {
    const reply = await respond(componentInteraction("vote:unknownAnswer1:up", {}, MEMBER));
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.data?.content).toMatch(/no longer available/i);
  });

  it("lists a refusal as a knowledge gap in /gaps, ephemerally and for moderators only", async () => {
    const refusal = await ask("who commands the ISF quartermasters?", MEMBER);
    expect(descriptionOf(refusal)).toMatch(/sources don't/i);
    expect(buttonsOf(refusal).filter((button) => button.custom_id?.startsWith("vote:"))).toHaveLength(0);

    const report = await respond(chatInputInteraction("gaps", {}, MODERATOR));
    expect(isEphemeral(report)).toBe(true);
    expect(String(report.data?.embeds?.[0]?.title)).toMatch(/Knowledge gaps/);
    expect(descriptionOf(report)).toContain("quartermaster");
    expect(descriptionOf(report)).toContain("who commands the ISF quartermasters?");

    const refused = await respond(chatInputInteraction("gaps", {}, MEMBER));
    expect(isEphemeral(refused)).toBe(true);
    expect(refused.data?.content).toMatch(/Only moderators can use \/gaps/);
    expect(refused.data?.embeds ?? []).toHaveLength(0);
  });

  it("keeps teaching to moderators: /teach and the Teach Cited menu get a private refusal, nothing stored", async () => {
    const slash = await respond(chatInputInteraction("teach", { question: "Who leads the quartermasters?", answer: "Nobody" }, MEMBER));
    expect(isEphemeral(slash)).toBe(true);
    expect(slash.data?.content).toMatch(/Only moderators can use \/teach/);

    const interaction = teachMenu(memberMessage("Who leads the quartermasters?", MEMBER), MEMBER);
    const menu = await respond(interaction);
    expect(menu.type).toBe(4);
    expect(isEphemeral(menu)).toBe(true);
    expect(menu.data?.content).toMatch(/Only moderators/);
    expect(server.modalsFor(String(interaction.id))).toHaveLength(0);
    expect(await bot.store.teaching.listTaught()).toHaveLength(0);
  });

  it("lets a moderator teach through the Teach Cited menu and its modal; the same question from someone else gets the taught answer, cited as the moderator's", async () => {
    const question = "Who commands the ISF quartermasters?";
    const refusal = await ask(question, MEMBER);
    expect(descriptionOf(refusal)).toMatch(/sources don't/i);

    // On the bot's refusal: the modal is prefilled with the question it was asked.
    const menu = teachMenu(messageOf(refusal), MODERATOR);
    const modal = await respond(menu);
    expect(modal.type).toBe(9);
    expect(server.modalsFor(String(menu.id))).toHaveLength(1);
    expect(modal.data?.custom_id).toMatch(/^teach(:[\w-]+)?$/);
    const inputs = (modal.data?.components ?? []).flatMap((row) => row.components ?? []) as Array<Component & { value?: string }>;
    expect(inputs.map((input) => input.custom_id)).toEqual(["question", "answer"]);
    expect(inputs[0]!.value).toBe(question);

    const taught = await respond(
      modalSubmitInteraction(modal.data!.custom_id!, { question, answer: "No commander for the quartermasters has been named yet." }, MODERATOR),
    );
    expect(isEphemeral(taught)).toBe(true);
    expect(taught.data?.content).toMatch(/Taught answer #1/);

    const reply = await ask("who commands the ISF quartermasters", OTHER);
    expect(isEphemeral(reply)).toBe(false);
    expect(descriptionOf(reply)).toContain("No commander for the quartermasters has been named yet.");
    expect(descriptionOf(reply)).toMatch(/Answer from a moderator, Grace, \d{4}-\d{2}-\d{2}/);
    expect(descriptionOf(reply)).toContain("Moderators' answers");
  });

  it("teaches from the menu on one of the bot's answers (modal `teach:<answerId>`), taking the question from the stored answer", async () => {
    const answer = await ask("Did China vote for the UN resolution?", MEMBER);
    const answerId = answerIdOf(answer);
    const modal = await respond(teachMenu(messageOf(answer), MODERATOR));
    expect(modal.type).toBe(9);
    expect(modal.data?.custom_id).toBe(`teach:${answerId}`);

    const taught = await respond(
      modalSubmitInteraction(`teach:${answerId}`, { question: "", answer: "The quartermasters' pay is not set out anywhere yet." }, MODERATOR),
    );
    expect(isEphemeral(taught)).toBe(true);
    expect(taught.data?.content).toMatch(/Taught answer #\d+ to “Did China vote for the UN resolution\?”/);
  });

  it("prefills the Teach Cited modal with the question as it was asked, not as escaped for the embed", async () => {
    const question = "Who pays the *ISF* quartermasters_in_chief?";
    const refusal = await ask(question, MEMBER);
    expect(String(refusal.data?.embeds?.[0]?.title)).not.toBe(question);
    const modal = await respond(teachMenu(messageOf(refusal), MODERATOR));
    const inputs = (modal.data?.components ?? []).flatMap((row) => row.components ?? []) as Array<Component & { value?: string }>;
    expect(inputs[0]!.value).toBe(question);
  });

  it("teaches with /teach question: answer: from a moderator", async () => {
    const taught = await respond(
      chatInputInteraction("teach", { question: "Who trains the ISF cooks?", answer: "The cooks are trained by the contributing armies." }, MODERATOR),
    );
    expect(isEphemeral(taught)).toBe(true);
    expect(taught.data?.content).toMatch(/Taught answer #\d+/);
    const reply = await ask("who trains the ISF cooks", OTHER);
    expect(descriptionOf(reply)).toContain("The cooks are trained by the contributing armies.");
  });

  it("pins a quote from the 📌 button's select; the question is then answered with it first", async () => {
    const question = "What is Pakistan's official position?";
    const answer = await ask(question, MEMBER);
    const answerId = answerIdOf(answer);
    const message = messageOf(answer);

    const refused = await respond(componentInteraction(`pin:${answerId}`, { message }, MEMBER));
    expect(isEphemeral(refused)).toBe(true);
    expect(refused.data?.content).toMatch(/Only moderators/);

    const list = await respond(componentInteraction(`pin:${answerId}`, { message }, MODERATOR));
    expect(isEphemeral(list)).toBe(true);
    const select = (list.data?.components ?? []).flatMap((row) => row.components ?? []).find((component) => component.type === 3);
    expect(select?.custom_id).toBe(`pin:${answerId}`);
    const options = select!.options!;
    expect(options.length).toBeGreaterThan(1);
    const chosen = options.at(-1)!;
    const chosenText = chosen.label.replace(/^\d+\.\s*/, "").replace(/…$/, "");

    const pinned = await respond(componentInteraction(`pin:${answerId}`, { componentType: 3, values: [chosen.value], message: messageOf(list) }, MODERATOR));
    expect(isEphemeral(pinned)).toBe(true);
    expect(pinned.data?.content).toMatch(/^Pinned quote/);

    const again = await ask("what is pakistans official position", OTHER);
    const description = descriptionOf(again);
    const at = description.indexOf(chosenText.slice(0, 40));
    expect(at).toBeGreaterThan(-1);
    // First: before the first citation line.
    expect(at).toBeLessThan(description.indexOf("\n— "));
  });
});
