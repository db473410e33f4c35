import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODERATOR_A, startAdminSite, WEB_SOURCES, type AdminSite } from "./adminHarness.js";

/** The page's security over plain HTTP (fast; the browser tests walk the pages). */

let site: AdminSite;
beforeAll(async () => {
  site = await startAdminSite();
}, 60_000);
afterAll(async () => {
  await site?.close();
});

/** A form POST as the pages send it, with the session's cookie; not followed, so the redirect shows. */
function postForm(cookie: string, path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${site.origin}${path}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

async function login(): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(await site.link());
  expect(response.status).toBe(200);
  const setCookie = response.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  const page = await fetch(`${site.origin}/admin/taught`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([\w-]+)"/.exec(await page.text())?.[1] ?? "";
  return { cookie, csrf };
}

describe("the moderators' page over HTTP", { timeout: 60_000 }, () => {
  it("sets a Strict, HttpOnly session cookie scoped to /admin for 12 hours, from a link used once", async () => {
    const link = await site.link();
    const first = await fetch(link);
    expect(first.status).toBe(200);
    const cookie = first.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^cited_admin=[\w-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/admin");
    expect(cookie).toContain("Max-Age=43200");
    expect(cookie).not.toContain("Secure");
    const before = await site.refused("link-used");
    const again = await fetch(link);
    expect(again.status).toBe(403);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await again.text()).toContain("already used");
    expect(await site.refused("link-used")).toBe(before + 1);
  });

  it("sends a strict CSP, X-Frame-Options DENY and no referrer with every page", async () => {
    const { cookie } = await login();
    for (const path of ["/admin", "/admin/login?token=x", "/admin/style.css"]) {
      const response = await fetch(`${site.origin}${path}`, { headers: { cookie } });
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("refuses forged and expired links and requests without a session, counting each", async () => {
    const forged = await fetch(`${site.origin}/admin/login?token=${"A".repeat(43)}`);
    expect(forged.status).toBe(403);
    expect(await site.refused("link-forged")).toBeGreaterThan(0);
    const link = await site.link();
    site.advance(10 * 60 * 1000);
    try {
      const expired = await fetch(link);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain("expired");
    } finally {
      site.advance(-10 * 60 * 1000);
    }
    expect(await site.refused("link-expired")).toBe(1);
    const anonymous = await fetch(`${site.origin}/admin/gaps`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain("/admin");
    expect(await site.refused("no-session")).toBeGreaterThan(0);
  });

  it("refuses a POST without the session's CSRF token, and changes nothing", async () => {
    const { cookie, csrf } = await login();
    expect(csrf).toMatch(/^[\w-]{43}$/);
    const without = await postForm(cookie, "/admin/teach", { question: "What is CSRF?", answer: "A forgery." });
    expect(without.status).toBe(403);
    const wrong = await postForm(cookie, "/admin/teach", { question: "What is CSRF?", answer: "A forgery.", _csrf: "B".repeat(43) });
    expect(wrong.status).toBe(403);
    expect(await site.refused("csrf")).toBe(2);
    expect(await site.bot.store.teaching.listTaught()).toEqual([]);
    const right = await postForm(cookie, "/admin/teach", { question: "What is CSRF?", answer: "A forgery.", _csrf: csrf });
    expect(right.status).toBe(303);
    expect((await site.bot.store.teaching.listTaught()).map((entry) => entry.answer)).toEqual(["A forgery."]);
    // Cited as the moderator the link was for, under the same hash the chat gives them.
    expect((await site.bot.store.teaching.listTaught())[0]).toMatchObject({ moderatorName: MODERATOR_A.displayName, moderatorHash: MODERATOR_A.userHash });
  });

  it("edits and removes a taught answer, and reloads the corpus, each confirmed on the page it returns to", async () => {
    const { cookie, csrf } = await login();
    const post = (path: string, fields: Record<string, string>) => postForm(cookie, path, { ...fields, _csrf: csrf });
    expect((await post("/admin/teach", { question: "Who runs the ferry?", answer: "The harbour board." })).status).toBe(303);
    const [entry] = (await site.bot.store.teaching.listTaught()).filter((taught) => taught.question === "Who runs the ferry?");
    const edited = await post(`/admin/taught/${entry!.id}/edit`, { question: "Who runs the ferry?", answer: "The harbour board, since 2020." });
    expect(edited.status).toBe(303);
    expect(edited.headers.get("location")).toBe("/admin/taught?done=edited");
    const now = (await site.bot.store.teaching.listTaught()).filter((taught) => taught.question === "Who runs the ferry?");
    expect(now.map((taught) => taught.answer)).toEqual(["The harbour board, since 2020."]);
    expect((await post(`/admin/taught/${now[0]!.id}/remove`, {})).status).toBe(303);
    expect((await site.bot.store.teaching.listTaught()).some((taught) => taught.question === "Who runs the ferry?")).toBe(false);
    // Gone already: a plain page says so, and nothing else changes.
    const again = await post(`/admin/taught/${now[0]!.id}/remove`, {});
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("no such taught answer");
    const tooLong = await post("/admin/teach", { question: "Long?", answer: "x".repeat(1501) });
    expect(tooLong.status).toBe(400);
    const reloaded = await post("/admin/corpus/reload", {});
    expect(reloaded.headers.get("location")).toBe("/admin/corpus?done=reloaded");
    const page = await fetch(`${site.origin}/admin/corpus?done=reloaded`, { headers: { cookie } });
    expect(await page.text()).toContain("The documents were reloaded.");
  });

  it("teaches a suggested answer with one button, cited as its author's, once; another community's is unknown", async () => {
    const { cookie, csrf } = await login();
    const post = (path: string) => postForm(cookie, path, { _csrf: csrf });
    const offer = (community: string, replyKey: string) =>
      site.bot.store.learning.addSuggestion({
        replyKey,
        community,
        platform: "discord",
        question: "Who mans the lighthouse?",
        answer: "The harbour board's keeper, Grace.",
        authorName: "Grace",
        authorHash: "hash-grace",
        authorModerator: false,
        link: "https://discord.com/channels/1/2/3",
      });
    const ours = await offer(MODERATOR_A.communityKey, "discord:2:3");
    const theirs = await offer("discord:100000000000000002", "discord:2:4");
    const listed = await (await fetch(`${site.origin}/admin/suggestions`, { headers: { cookie } })).text();
    expect(listed).toContain("Who mans the lighthouse?");
    expect(listed).toContain(`action="/admin/suggestions/${ours!.id}/teach"`);
    expect(listed).not.toContain(`/admin/suggestions/${theirs!.id}/`);

    const taught = await post(`/admin/suggestions/${ours!.id}/teach`);
    expect(taught.headers.get("location")).toBe("/admin/suggestions?done=suggestionTaught");
    expect((await site.bot.store.teaching.listTaught()).filter((entry) => entry.question === "Who mans the lighthouse?")).toEqual([
      expect.objectContaining({ moderatorName: "Grace", moderatorHash: "hash-grace", community: MODERATOR_A.communityKey }),
    ]);
    expect((await post(`/admin/suggestions/${ours!.id}/teach`)).status).toBe(409);
    expect((await post(`/admin/suggestions/${theirs!.id}/ignore`)).status).toBe(404);
    expect((await site.bot.store.learning.suggestion(theirs!.id))?.status).toBe("pending");
  });

  it("fetches a web source now from the Sources page, saying whether it worked; an address the bot does not fetch is refused", async () => {
    const { cookie, csrf } = await login();
    const fetchNow = (url: string) => postForm(cookie, "/admin/sources/fetch", { url, _csrf: csrf });
    expect((await fetchNow(WEB_SOURCES.working)).headers.get("location")).toBe("/admin/sources?done=fetched");
    expect((await fetchNow(WEB_SOURCES.failing)).headers.get("location")).toBe("/admin/sources?done=fetchFailed");
    const unknown = await fetchNow("https://elsewhere.example/");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("no web source with that address");
    expect((await postForm(cookie, "/admin/sources/fetch", { url: WEB_SOURCES.working })).status).toBe(403);
  });

  it("switches auto-answer on and off only in the session's own community", async () => {
    const { cookie, csrf } = await login();
    const post = (path: string, fields: Record<string, string>) => postForm(cookie, path, { ...fields, _csrf: csrf });
    const auto = site.bot.store.autoAnswer!;
    await auto.enable({ communityKey: "discord:200000000000000002", channelId: "300000000000000003", enabledBy: "other" });
    // Naming another community in the form changes nothing there: the session's community decides.
    expect((await post("/admin/auto/on", { communityKey: "discord:200000000000000002", channelId: "300000000000000004" })).status).toBe(303);
    expect((await post("/admin/auto/off", { communityKey: "discord:200000000000000002", channelId: "300000000000000003" })).status).toBe(404);
    expect(await auto.channels("discord:200000000000000002")).toHaveLength(1);
    expect((await auto.channels(MODERATOR_A.communityKey)).map((c) => c.channelId)).toEqual(["300000000000000004"]);
    const page = await (await fetch(`${site.origin}/admin/auto`, { headers: { cookie } })).text();
    expect(page).toContain("300000000000000004");
    expect(page).not.toContain("300000000000000003");
    expect((await post("/admin/auto/on", { channelId: "general" })).status).toBe(400);
    expect((await post("/admin/auto/on", { channelId: "300000000000000005", threshold: "2" })).status).toBe(400);
    expect((await post("/admin/auto/off", { communityKey: MODERATOR_A.communityKey, channelId: "300000000000000004" })).status).toBe(303);
    expect(await auto.channels(MODERATOR_A.communityKey)).toEqual([]);
  });

  it("keeps a moderator of one community out of another's pages", async () => {
    const { cookie } = await login();
    const other = await fetch(`${site.origin}/admin/taught?community=discord:200000000000000002`, { headers: { cookie } });
    expect(other.status).toBe(403);
    expect(await site.refused("other-community")).toBe(1);
    const own = await fetch(`${site.origin}/admin/taught?community=discord:100000000000000001`, { headers: { cookie } });
    expect(own.status).toBe(200);
  });

  it("ends the session at Log out", async () => {
    const { cookie, csrf } = await login();
    const out = await fetch(`${site.origin}/admin/logout`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/cited_admin=;/);
    expect((await fetch(`${site.origin}/admin`, { headers: { cookie } })).status).toBe(401);
  });
});
