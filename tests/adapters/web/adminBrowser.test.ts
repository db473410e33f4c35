import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { Browser, Page } from "puppeteer-core";
import { chromiumMissing, launchChromium } from "../../fakes/chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole } from "../../../src/adapters/console/startConsole.js";
import { startDiscord } from "../../../src/adapters/discord/startDiscord.js";
import { startTelegram } from "../../../src/adapters/telegram/startTelegram.js";
import type { RunningAdapter } from "../../../src/adapters/types.js";
import { chatInputInteraction, GUILD_ID, type InteractionContext } from "../../fakes/discordInteractions.js";
import { APPLICATION_ID, FakeDiscordServer } from "../../fakes/fakeDiscordServer.js";
import { FakeTelegramServer } from "../../fakes/fakeTelegramServer.js";
import { startAdminSite, type AdminSite } from "./adminHarness.js";

/**
 * The moderators' page in Debian's Chromium: links from the console, from
 * Telegram (the real grammY client against the fake Bot API) and from a
 * Discord request; teaching a waiting question that the chat then answers
 * with; removing a pin; logging out; and every refusal. Each page is
 * screenshotted and checked not to be blank.
 */

const missing = chromiumMissing;

const TOKEN = "4343:web-token";
const DISCORD_TOKEN = "fake.discord.web-token";
const EPHEMERAL = 64;
const MANAGE_MESSAGES = "8192";
const ADMIN = 601;
const MEMBER = 602;
const GROUP = -100888;
/** A question outside the corpus, so it waits as a knowledge gap. */
const GAP_QUESTION = "What colour is the lighthouse on Zorblax island?";
const TAUGHT = "The Zorblax lighthouse is painted teal and white.";

let site: AdminSite;
let telegram: FakeTelegramServer;
let adapter: RunningAdapter;
let discordServer: FakeDiscordServer;
let discordAdapter: RunningAdapter;
let browser: Browser;
let folder: string;
/** Bytes of a blank page's screenshot: a page with content must be well above it. */
let blankBytes: number;

beforeAll(async () => {
  if (missing) return;
  folder = await mkdtemp(join(tmpdir(), "cited-admin-browser-"));
  site = await startAdminSite();
  telegram = new FakeTelegramServer({ token: TOKEN });
  telegram.setMemberStatus(ADMIN, "administrator");
  adapter = await startTelegram(site.bot.context, { token: TOKEN, apiRoot: await telegram.listen() });
  discordServer = new FakeDiscordServer(DISCORD_TOKEN);
  discordAdapter = await startDiscord(site.bot.context, { token: DISCORD_TOKEN, clientId: APPLICATION_ID, apiRoot: await discordServer.listen() });
  browser = await launchChromium(folder);
  const tab = await browser.newPage();
  await tab.setViewport({ width: 390, height: 844 });
  blankBytes = (await tab.screenshot()).length;
  await tab.close();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await adapter?.stop();
  await discordAdapter?.stop();
  await telegram?.close();
  await discordServer?.close();
  await site?.close();
  if (folder && !process.env.KEEP_SHOTS) await rm(folder, { recursive: true, force: true });
});

/** A new, cookie-less browser context with one phone-sized tab. */
async function freshTab(): Promise<Page> {
  const context = await browser.createBrowserContext();
  const tab = await context.newPage();
  await tab.setViewport({ width: 390, height: 844 });
  return tab;
}

/** Opens a login link; its page moves on to the overview by itself. */
async function logIn(tab: Page, link: string): Promise<void> {
  await tab.goto(link);
  await tab.waitForFunction('document.querySelector("h1")?.textContent === "Overview"');
  expect(new URL(tab.url()).pathname).toBe("/admin");
}

/** Checks the page shows `text`, and that its screenshot is far from blank. */
async function shows(tab: Page, text: string): Promise<void> {
  expect(await tab.$eval("body", (body) => body.innerText)).toContain(text);
  const shot = await tab.screenshot({ path: join(folder, `${(await tab.title()).replace(/\W+/g, "-")}.png`) });
  expect(shot.length).toBeGreaterThan(blankBytes * 2);
}

/** Sends a Telegram message in `chatId` and resolves with the text of the bot's next message in `answerIn`. */
async function telegramSays(text: string, from: number, chatId: number, answerIn: number, replyTo?: Record<string, unknown>): Promise<string> {
  const start = telegram.calls.length;
  telegram.pushText(text, { chatId, userId: from, ...(replyTo ? { replyTo } : {}) });
  const call = await telegram.waitForCall(
    (c) => c.method === "sendMessage" && telegram.calls.indexOf(c) >= start && Number(c.payload.chat_id) === answerIn,
    15_000,
    `a message in ${answerIn} after ${text}`,
  );
  return String(call.payload.text);
}

function linkIn(text: string): string {
  const match = /https?:\/\/\S+\/admin\/login\?token=[\w-]+/.exec(text);
  if (!match) throw new Error(`no login link in: ${text}`);
  return match[0];
}

describe.skipIf(missing !== undefined)(`the moderators' page in a browser${missing ? ` (${missing})` : ""}`, { timeout: 60_000 }, () => {
  it("gives the console's operator a link that opens every page; teaching a waiting question answers it in the chat", async () => {
    // The console prints the link.
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    const gotLink = new Promise<string>((resolve) =>
      output.on("data", (chunk: Buffer) => {
        printed += chunk.toString();
        if (/token=[\w-]{43}/.test(printed)) resolve(linkIn(printed));
      }),
    );
    const chat = startConsole(site.bot.context, { input, output });
    input.write("/admin\n");
    const link = await gotLink;
    input.end();
    await chat.closed;

    // A member asks something the sources cannot answer: it waits as a gap.
    expect(await telegramSays(GAP_QUESTION, MEMBER, MEMBER, MEMBER)).not.toContain(TAUGHT);

    const tab = await freshTab();
    await logIn(tab, link);
    await shows(tab, "Operator (all communities)");
    for (const [path, text] of [
      ["/admin/sources", "Documents"],
      ["/admin/auto", "Auto-answer is off in every channel"],
      ["/admin/corpus", "Version"],
      ["/admin/taught", "No taught answers yet"],
      ["/admin/pins", "No pins"],
      ["/admin/suggestions", "No suggested answers"],
    ] as const) {
      await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.click(`nav a[href='${path}']`)]);
      await shows(tab, text);
    }
    await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.click("nav a[href='/admin/gaps']")]);
    await shows(tab, GAP_QUESTION);

    // Teach it where it waits: the question is filled in; type the answer and submit.
    const answerField = await tab.$$eval(
      "form[action='/admin/teach']",
      (forms, question) =>
        forms.find((form) => (form.querySelector("input[name=question]") as unknown as { value: string } | null)?.value === question)?.querySelector("textarea")
          ?.id,
      GAP_QUESTION,
    );
    expect(answerField).toBeTruthy();
    await tab.type(`#${answerField}`, TAUGHT);
    await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.click(`form:has(#${answerField}) button[type=submit]`)]);
    expect(new URL(tab.url()).pathname).toBe("/admin/taught");
    await shows(tab, "Taught. The bot answers that question");
    // In the edit form's answer field.
    expect(await tab.content()).toContain(TAUGHT);

    // The same question in the chat is now answered with it.
    expect(await telegramSays(GAP_QUESTION, MEMBER, MEMBER, MEMBER)).toContain(TAUGHT);

    // Log out: the session ends for good.
    await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.click("form.logout button")]);
    await shows(tab, "Your session has ended");
    await tab.goto(`${site.origin}/admin`, { waitUntil: "load" });
    await shows(tab, "Please log in");
    await tab.browserContext().close();
  });

  it("sends a Telegram group's admin a link privately; they remove a pin and switch auto-answer on in their group", async () => {
    // A pin, made in the chat: an answer in the group, and /pin replying to it.
    await telegramSays("/ask What is Pakistan's official position?", MEMBER, GROUP, GROUP);
    const answer = telegram.messagesIn(GROUP).at(-1)!;
    expect(await telegramSays("/pin 1", ADMIN, GROUP, ADMIN, answer)).toMatch(/^Pinned quote/);
    expect(await site.bot.store.teaching.listPins()).toHaveLength(1);

    const before = telegram.messagesIn(GROUP).length;
    const link = linkIn(await telegramSays("/admin", ADMIN, GROUP, ADMIN));
    // Sent to the admin alone: nothing new in the group carries it.
    expect(
      telegram
        .messagesIn(GROUP)
        .slice(before)
        .some((message) => String(message.text).includes("token=")),
    ).toBe(false);

    const tab = await freshTab();
    await logIn(tab, link);
    await shows(tab, `telegram:${GROUP}`);
    await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.click("nav a[href='/admin/pins']")]);
    await shows(tab, "still holds");
    await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.click("form[action='/admin/pins/remove'] button")]);
    await shows(tab, "Pin removed.");
    await shows(tab, "No pins");
    expect(await site.bot.store.teaching.listPins()).toEqual([]);

    // Auto-answer switched on in the group, for this group only.
    await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.click("nav a[href='/admin/auto']")]);
    await shows(tab, "Auto-answer is off in every channel");
    expect(await tab.$("#auto-community")).toBeNull();
    await tab.type("#auto-channel", String(GROUP));
    await tab.type("#auto-threshold", "0.6");
    await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.click("form[action='/admin/auto/on'] button")]);
    await shows(tab, "Auto-answer switched on in that channel.");
    await shows(tab, String(GROUP));
    expect(await site.bot.store.autoAnswer!.channels()).toMatchObject([{ communityKey: `telegram:${GROUP}`, channelId: String(GROUP), threshold: 0.6 }]);
    await tab.browserContext().close();
  });

  it("refuses a used, an expired and a forged link, a form without its token, another community's page, and /admin from a non-moderator", async () => {
    // Through the real discord.js client and the fake Discord: the link is ephemeral, and only for moderators.
    const discord = async (who: InteractionContext) => {
      const interaction = chatInputInteraction("admin", {}, who);
      discordServer.dispatch(interaction);
      return (await discordServer.replyTo(String(interaction.id), 15_000)) as { data?: { content?: string; flags?: number } };
    };
    expect((await discord({ user: { id: "555000000000000009", username: "member" } })).data?.content).toMatch(/Only moderators/);
    const reply = await discord({ user: { id: "555000000000000001", username: "Grace" }, permissions: MANAGE_MESSAGES });
    expect((reply.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const link = linkIn(reply.data?.content ?? "");

    const tab = await freshTab();
    await logIn(tab, link);
    await shows(tab, `discord:${GUILD_ID}`);

    // The link again: used.
    await tab.goto(link, { waitUntil: "load" });
    await shows(tab, "This link was already used");
    // A link past its ten minutes.
    const late = await site.link();
    site.advance(10 * 60 * 1000 + 1);
    try {
      await tab.goto(late, { waitUntil: "load" });
    } finally {
      site.advance(-(10 * 60 * 1000 + 1));
    }
    await shows(tab, "This link has expired");
    // A token the bot never gave.
    await tab.goto(link.replace(/token=[\w-]+/, `token=${"Z".repeat(43)}`), { waitUntil: "load" });
    await shows(tab, "This link is not valid");

    // Another community's page, with this moderator's session.
    const otherServer = `discord:${BigInt(GUILD_ID) + 1n}`;
    await tab.goto(`${site.origin}/admin/taught?community=${otherServer}`, { waitUntil: "load" });
    await shows(tab, "Not your community");

    // A form whose CSRF token was taken out is refused, and nothing is taught.
    await tab.goto(`${site.origin}/admin/gaps`, { waitUntil: "load" });
    const taught = (await site.bot.store.teaching.listTaught()).length;
    await tab.$$eval("form[action='/admin/teach'] input[name=_csrf]", (fields) => fields.forEach((field) => field.remove()));
    await tab.type("form[action='/admin/teach'] input[name=question]", "A question sent without its token?");
    await tab.type("form[action='/admin/teach'] textarea", "Never stored.");
    await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.click("form[action='/admin/teach'] button")]);
    await shows(tab, "Form refused");
    expect(await site.bot.store.teaching.listTaught()).toHaveLength(taught);

    for (const reason of ["link-used", "link-expired", "link-forged", "other-community", "csrf"]) expect(await site.refused(reason)).toBeGreaterThan(0);
    await tab.browserContext().close();
  });
});
