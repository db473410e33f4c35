import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCommandPayloads, validateCommandPayloads } from "../../../src/adapters/discord/buildCommandPayloads.js";
import { startDiscord } from "../../../src/adapters/discord/startDiscord.js";
import type { RunningAdapter } from "../../../src/adapters/types.js";
import { AnswerService } from "../../../src/answer/AnswerService.js";
import { loadCatalog } from "../../../src/commands/loadCatalog.js";
import type { CommandCatalog } from "../../../src/commands/types.js";
import { adapterContext } from "../../fakes/adapterContext.js";
import { DISCORD_LIMITS, embedsLength } from "../../../src/render/discord.js";
import { APPLICATION_ID, FakeDiscordServer, type RestCall } from "../../fakes/fakeDiscordServer.js";

const TOKEN = "fake.discord.token-secret";
const GUILD = "222222222222222222";
const CHANNEL = "333333333333333333";
const USER = { id: "444444444444444444", username: "ada", discriminator: "0", global_name: "Ada", avatar: null };
const MANAGE_MESSAGES = "8192";
const EPHEMERAL = 64;

let server: FakeDiscordServer;
let apiRoot: string;
let adapter: RunningAdapter;
let service: AnswerService;
let catalog: CommandCatalog;
let nextId = 500000000000000000n;

/** Runs the register CLI without blocking this process, which also serves the fake API. */
function runRegister(env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "src/cli/register.ts"], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface Callback {
  type: number;
  data?: {
    embeds?: Array<Record<string, unknown>>;
    content?: string;
    flags?: number;
    allowed_mentions?: unknown;
    choices?: Array<{ name: string; value: string }>;
  };
}

function interaction(type: number, data: Record<string, unknown>, permissions = "0") {
  const id = String(nextId++);
  return {
    id,
    application_id: APPLICATION_ID,
    type,
    data,
    guild_id: GUILD,
    channel_id: CHANNEL,
    channel: { id: CHANNEL, type: 0, guild_id: GUILD, name: "general" },
    member: { user: USER, roles: [], permissions, joined_at: "2025-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 },
    token: `interaction-token-${id}`,
    version: 1,
    app_permissions: "0",
    locale: "en-US",
    guild_locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: { "0": GUILD },
    context: 0,
    attachment_size_limit: 8_388_608,
  };
}

function slash(name: string, options: Array<Record<string, unknown>> = [], permissions = "0") {
  return interaction(2, { id: "999", name, type: 1, options }, permissions);
}

/**
 * Dispatches an interaction and returns its reply: its one callback, or,
 * when that deferred it, the one follow-up that delivered the reply. A
 * marker interaction dispatched after it is answered before counting: the
 * gateway delivers in order, so a second callback or follow-up for the
 * first (a duplicate handler, a retried post) would have been posted by then.
 */
async function respond(payload: ReturnType<typeof interaction>): Promise<Callback> {
  server.dispatch(payload);
  const reply = await server.replyTo(payload.id, 10_000);
  const marker = slash("help");
  server.dispatch(marker);
  await server.replyTo(marker.id, 10_000);
  const all: RestCall[] = server.callbacksFor(payload.id);
  expect(all).toHaveLength(1);
  expect(all[0]!.method).toBe("POST");
  const delivered = server.followUpsFor(payload.id).filter((call) => call.method !== "DELETE" && call.status < 300);
  expect(delivered).toHaveLength(reply.deferred ? 1 : 0);
  return { type: reply.type, ...(reply.data ? { data: reply.data } : {}) } as Callback;
}

function expectWithinLimits(callback: Callback) {
  const data = callback.data!;
  expect(data.allowed_mentions).toEqual({ parse: [] });
  const embeds = (data.embeds ?? []) as Parameters<typeof embedsLength>[0];
  expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  expect(embedsLength(embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
  }
  expect((data.content ?? "").length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
}

/** A channel message, as Discord resolves the target of a message context menu. */
function contextMessage(content: string) {
  return {
    id: "777777777777777777",
    channel_id: CHANNEL,
    author: USER,
    content,
    timestamp: "2025-01-01T00:00:00.000Z",
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
  };
}

const descriptionOf = (callback: Callback) => String(callback.data?.embeds?.[0]?.description ?? "");

beforeAll(async () => {
  server = new FakeDiscordServer(TOKEN);
  apiRoot = await server.listen();
  service = await AnswerService.load("corpus");
  catalog = await loadCatalog("commands");
  adapter = await startDiscord(adapterContext(service, catalog), { token: TOKEN, clientId: APPLICATION_ID, apiRoot });
});

afterAll(async () => {
  await adapter?.stop();
  await server?.close();
});

describe("command registration", () => {
  it("builds payloads that follow Discord's rules", () => {
    const payloads = buildCommandPayloads(catalog);
    expect(validateCommandPayloads(payloads)).toEqual([]);
    const byName = new Map(payloads.map((p) => [p.name, p as unknown as Record<string, unknown>]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining([
        "ask",
        "isf",
        "pakistan-position",
        "us-position",
        "hamas-disarmament",
        "munir",
        "domestic-backlash",
        "outlook",
        "summary",
        "post-summary",
        "sources",
        "help",
      ]),
    );
    const ask = byName.get("ask")!.options as Array<Record<string, unknown>>;
    expect(ask[0]).toMatchObject({ name: "question", required: true, max_length: 1000, autocomplete: true });
    expect(byName.get("post-summary")!.default_member_permissions).toBe(MANAGE_MESSAGES);
    // The moderators' page link is offered to moderators only (and the bot checks again).
    expect(byName.get("admin")!.default_member_permissions).toBe(MANAGE_MESSAGES);
    expect(byName.get("summary")!.default_member_permissions).toBeUndefined();
    expect(payloads.some((p) => p.type === 3)).toBe(true);
  });

  it("reports payloads that break the rules", () => {
    expect(validateCommandPayloads([{ name: "Bad Name", description: "" }])).toHaveLength(2);
  });

  it("npm run register puts the catalog to the guild route", async () => {
    const before = server.calls.length;
    const result = await runRegister({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_GUILD_ID: GUILD,
      DISCORD_API_ROOT: apiRoot,
      TELEGRAM_BOT_TOKEN: "",
    });
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.status).toBe(0);
    const put = server.calls.slice(before).find((call) => call.method === "PUT");
    expect(put?.path).toBe(`/applications/${APPLICATION_ID}/guilds/${GUILD}/commands`);
    expect(put?.body).toEqual(JSON.parse(JSON.stringify(buildCommandPayloads(catalog))));
  }, 20_000);

  it("npm run register without DISCORD_GUILD_ID puts global commands, whatever the API root's trailing slash or version", async () => {
    const before = server.calls.length;
    const result = await runRegister({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_GUILD_ID: "",
      DISCORD_API_ROOT: `${apiRoot}/v10/`,
      TELEGRAM_BOT_TOKEN: "",
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/global|all servers/i);
    const put = server.calls.slice(before).find((call) => call.method === "PUT");
    expect(put?.path).toBe(`/applications/${APPLICATION_ID}/commands`);
  }, 20_000);

  it("npm run register without a token is a one-line error", async () => {
    const result = await runRegister({ DISCORD_TOKEN: "", DISCORD_CLIENT_ID: "" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("DISCORD_TOKEN");
  }, 20_000);
});

describe("startDiscord against a fake gateway", () => {
  it("answers a topic command with a public embed quoting the section", async () => {
    const callback = await respond(slash("isf"));
    expect(callback.type).toBe(4);
    expectWithinLimits(callback);
    expect((callback.data?.flags ?? 0) & EPHEMERAL).toBe(0);
    const expected = service.topic(catalog.find("isf")!).snippets[0]!;
    expect(descriptionOf(callback)).toContain(expected.section);
  });

  it("answers /ask with the service's cited answer", async () => {
    const question = "Did China vote for the UN resolution?";
    const callback = await respond(slash("ask", [{ name: "question", type: 3, value: question }]));
    expectWithinLimits(callback);
    expect(descriptionOf(callback)).toContain(service.ask(question).snippets[0]!.section);
  });

  it("refuses an empty /ask privately", async () => {
    const callback = await respond(slash("ask", [{ name: "question", type: 3, value: "   " }]));
    expect(callback.data!.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expectWithinLimits(callback);
  });

  it.each([
    ["10,000 characters", "why ".repeat(2500)],
    ["markup", "<b>bold</b> & **md** `code` ~~x~~ [link](http://x) what is the ISF?"],
    ["mass mentions", "@everyone @here <@444444444444444444> who is rubio"],
    ["zero-width and RTL", "\u200Bwho\u200D is \u202Erubio\u202C مرحبا שלום"],
  ])("replies exactly once within limits to %s, pinging nobody", async (_name, value) => {
    const callback = await respond(slash("ask", [{ name: "question", type: 3, value }]));
    expectWithinLimits(callback);
  });

  it("gives the private summary to anyone, ephemerally", async () => {
    const callback = await respond(slash("summary"));
    expect(callback.data!.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expectWithinLimits(callback);
    expect(String(callback.data?.embeds?.[0]?.title)).toContain("Summary");
  });

  it("lets only members with Manage Messages post the summary publicly", async () => {
    const refused = await respond(slash("post-summary"));
    expect(refused.data!.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(refused.data!.content).toMatch(/moderators/i);
    expect(refused.data!.embeds ?? []).toHaveLength(0);

    const posted = await respond(slash("post-summary", [], MANAGE_MESSAGES));
    expect((posted.data!.flags ?? 0) & EPHEMERAL).toBe(0);
    expectWithinLimits(posted);
  });

  it("suggests questions and sections within Discord's limits", async () => {
    const ask = await respond(interaction(4, { id: "999", name: "ask", type: 1, options: [{ name: "question", type: 3, value: "pak", focused: true }] }));
    expect(ask.type).toBe(8);
    const choices = ask.data!.choices!;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
    const sections = await respond(interaction(4, { id: "999", name: "summary", type: 1, options: [{ name: "section", type: 3, value: "", focused: true }] }));
    expect(sections.data!.choices!.map((c) => c.value)).toContain(service.sources()[0]!.sections[0]!.slug);
  });

  it("answers the message context menu about the message's text", async () => {
    const message = contextMessage;
    const asked = await respond(
      interaction(2, {
        id: "998",
        name: "Ask Cited",
        type: 3,
        target_id: "777777777777777777",
        resolved: { messages: { "777777777777777777": message("who is rubio") } },
      }),
    );
    expectWithinLimits(asked);
    expect(descriptionOf(asked)).toContain(service.ask("who is rubio").snippets[0]!.section);
    const empty = await respond(
      interaction(2, { id: "998", name: "Ask Cited", type: 3, target_id: "777777777777777777", resolved: { messages: { "777777777777777777": message("") } } }),
    );
    expect(empty.data!.flags! & EPHEMERAL).toBe(EPHEMERAL);
  });

  it.each([
    ["markup", "<b>bold</b> & **md** `code` ~~x~~ [link](http://x) what is the ISF?"],
    ["mass mentions", "@everyone @here <@444444444444444444> <@&555555555555555555> who is rubio"],
    ["zero-width and RTL", "\u200Bwho\u200D is \u202Erubio\u202C مرحبا שלום"],
    ["4,000 characters", "why ".repeat(1000)],
  ])("answers the context menu on a message with %s exactly once, within limits", async (_name, content) => {
    const target = { ...contextMessage(content) };
    const callback = await respond(
      interaction(2, { id: "998", name: "Ask Cited", type: 3, target_id: target.id, resolved: { messages: { [target.id]: target } } }),
    );
    expectWithinLimits(callback);
  });

  it("acknowledges interactions it has no handler for (a user context menu) with a short private note", async () => {
    const callback = await respond(interaction(2, { id: "997", name: "Who is this", type: 2, target_id: USER.id, resolved: { users: { [USER.id]: USER } } }));
    expect(callback.type).toBe(4);
    expect(callback.data!.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expectWithinLimits(callback);
  });

  it("refuses to post a summary publicly from a DM", async () => {
    const dm = {
      ...slash("post-summary", [], MANAGE_MESSAGES),
      guild_id: undefined,
      member: undefined,
      user: USER,
      channel: { id: CHANNEL, type: 1 },
      context: 1,
    };
    const callback = await respond(dm as unknown as ReturnType<typeof interaction>);
    expect(callback.data!.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(callback.data!.embeds ?? []).toHaveLength(0);
  });

  it("rejects a refused token without hanging or leaking it", async () => {
    const attempt = startDiscord(adapterContext(service, catalog), { token: "wrong.token.value", clientId: APPLICATION_ID, apiRoot }, { loginTimeoutMs: 5000 });
    const error = await attempt.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).not.toContain("wrong.token.value");
  }, 15_000);
});

describe("startDiscord when answering fails", () => {
  it("turns the error into one short ephemeral message, pinging nobody, and keeps answering", async () => {
    const broken = new FakeDiscordServer(TOKEN);
    const root = await broken.listen();
    const failing = Object.create(service) as AnswerService;
    failing.ask = () => {
      throw new Error("index exploded");
    };
    const bot = await startDiscord(adapterContext(failing, catalog), { token: TOKEN, clientId: APPLICATION_ID, apiRoot: root });
    const previous = server;
    server = broken;
    try {
      const callback = await respond(slash("ask", [{ name: "question", type: 3, value: "@everyone who is rubio?" }]));
      expect(callback.type).toBe(4);
      expect(callback.data!.flags! & EPHEMERAL).toBe(EPHEMERAL);
      expect(callback.data!.content!.length).toBeLessThan(100);
      expect(callback.data!.content).not.toContain("exploded");
      expectWithinLimits(callback);
      const next = await respond(slash("isf"));
      expect(next.data!.embeds!.length).toBeGreaterThan(0);
    } finally {
      server = previous;
      await bot.stop();
      await broken.close();
    }
  });
});
