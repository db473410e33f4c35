import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_DEFAULTS, type SessionGrant, type Sessions } from "../../src/store/index.js";
import { withPostgres } from "./postgresDatabase.js";
import { newSite, type Engine, type StoreSite } from "./storeHarness.js";

const GRANT: SessionGrant = { platform: "discord", userHash: "h-mod", displayName: "Mod", communityKey: "discord:111", communityName: "Server A" };
const T0 = new Date("2026-01-01T10:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

describe.each<Engine>(withPostgres ? ["sqlite", "postgres"] : ["sqlite"])("sessions contract (%s)", (engine) => {
  let site: StoreSite;
  let sessions: Sessions;

  beforeEach(async () => {
    site = await newSite(engine);
    const store = await site.open();
    if (!store.sessions) throw new Error("the store keeps no sessions");
    sessions = store.sessions;
  });
  afterEach(async () => {
    await site.cleanup();
  });

  it("opens a login link once, for whom it was made", async () => {
    const { token, expiresAt } = await sessions.createLink(GRANT, T0);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(expiresAt.getTime() - T0.getTime()).toBe(SESSION_DEFAULTS.linkTtlMs);
    expect(await sessions.redeemLink(token, later(1000))).toEqual({ ok: true, grant: GRANT });
    expect(await sessions.redeemLink(token, later(2000))).toEqual({ ok: false, reason: "used" });
  });

  it("refuses a link after ten minutes, and one it never made", async () => {
    const { token } = await sessions.createLink(GRANT, T0);
    expect(await sessions.redeemLink(token, later(SESSION_DEFAULTS.linkTtlMs))).toEqual({ ok: false, reason: "expired" });
    expect(await sessions.redeemLink(`${token.slice(0, -1)}x`, T0)).toEqual({ ok: false, reason: "unknown" });
    expect(await sessions.redeemLink("", T0)).toEqual({ ok: false, reason: "unknown" });
  });

  it("gives a link to one of two callers racing for it", async () => {
    const { token } = await sessions.createLink(GRANT, T0);
    const results = await Promise.all([sessions.redeemLink(token, later(1)), sessions.redeemLink(token, later(1))]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("keeps a session twelve hours, with its CSRF token, until logged out", async () => {
    const { id, session } = await sessions.createSession(GRANT, T0);
    expect(session.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(await sessions.findSession(id, later(SESSION_DEFAULTS.sessionTtlMs - 1))).toEqual(session);
    expect(await sessions.findSession(id, later(SESSION_DEFAULTS.sessionTtlMs))).toBeUndefined();
    expect(await sessions.findSession(`${id}x`, T0)).toBeUndefined();
    await sessions.endSession(id);
    expect(await sessions.findSession(id, later(1))).toBeUndefined();
  });

  it("forgets expired links and sessions when pruned", async () => {
    const { token } = await sessions.createLink(GRANT, T0);
    const { id } = await sessions.createSession({ ...GRANT, communityKey: "console", communityName: undefined }, T0);
    expect(await sessions.prune(later(SESSION_DEFAULTS.linkTtlMs))).toBe(1);
    expect(await sessions.redeemLink(token, T0)).toEqual({ ok: false, reason: "unknown" });
    const kept = await sessions.findSession(id, later(1));
    expect(kept?.communityKey).toBe("console");
    expect(kept).not.toHaveProperty("communityName");
    expect(await sessions.prune(later(SESSION_DEFAULTS.sessionTtlMs))).toBe(1);
  });
});
