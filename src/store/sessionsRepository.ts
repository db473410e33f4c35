import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { Database } from "./schema.js";
import type { Platform, Redeemed, Sessions, SessionGrant, WebSession } from "./types.js";

export interface SessionTuning {
  /**
   * How long a login link from the chat stays usable.
   * @default 600000 (10 minutes): long enough to open a link, short enough that one left in a chat's history is dead
   */
  linkTtlMs?: number;
  /**
   * How long a web session lasts (the cookie's Max-Age too).
   * @default 43200000 (12 hours): a working day, after which the moderator asks the chat for a new link
   */
  sessionTtlMs?: number;
}

export const SESSION_DEFAULTS = {
  linkTtlMs: 10 * 60 * 1000,
  sessionTtlMs: 12 * 60 * 60 * 1000,
} satisfies Required<SessionTuning>;

/**
 * One-time login links and web sessions, in the store so any replica serves
 * them. Tokens and session ids are random 32 bytes handed out once; only
 * their SHA-256 is kept (they are random, so no salt is needed), so reading
 * the database logs nobody in.
 */
export class SessionsRepository implements Sessions {
  readonly #settings: Required<SessionTuning>;

  constructor(
    private readonly db: Kysely<Database>,
    tuning: SessionTuning = {},
  ) {
    this.#settings = { ...SESSION_DEFAULTS, ...tuning };
  }

  /** A new login link's token (to put in the URL) and when it stops working. */
  async createLink(grant: SessionGrant, now: Date = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecret();
    const expiresAt = now.getTime() + this.#settings.linkTtlMs;
    await this.db
      .insertInto("login_links")
      .values({ token_hash: digest(token), ...grantColumns(grant), created_at: now.getTime(), expires_at: expiresAt, used_at: null })
      .execute();
    return { token, expiresAt: new Date(expiresAt) };
  }

  /**
   * Uses a link up: of concurrent callers (on any replica) one gets the
   * grant, in one conditional update; the others learn why not.
   */
  async redeemLink(token: string, now: Date = new Date()): Promise<Redeemed> {
    const hash = digest(token);
    const at = now.getTime();
    const row = await this.db
      .updateTable("login_links")
      .set({ used_at: at })
      .where("token_hash", "=", hash)
      .where("used_at", "is", null)
      .where("expires_at", ">", at)
      .returningAll()
      .executeTakeFirst();
    if (row) return { ok: true, grant: toGrant(row) };
    const known = await this.db.selectFrom("login_links").select(["used_at", "expires_at"]).where("token_hash", "=", hash).executeTakeFirst();
    if (!known) return { ok: false, reason: "unknown" };
    return { ok: false, reason: known.used_at !== null ? "used" : "expired" };
  }

  /** Opens a session; the id goes in the cookie and is never stored as is. */
  async createSession(grant: SessionGrant, now: Date = new Date()): Promise<{ id: string; session: WebSession }> {
    const id = newSecret();
    const csrfToken = newSecret();
    const expiresAt = now.getTime() + this.#settings.sessionTtlMs;
    await this.db
      .insertInto("sessions")
      .values({ id_hash: digest(id), ...grantColumns(grant), csrf_token: csrfToken, created_at: now.getTime(), expires_at: expiresAt })
      .execute();
    return { id, session: { ...grant, csrfToken, expiresAt: new Date(expiresAt) } };
  }

  /** The live session of a cookie's id; undefined when unknown, ended or expired. */
  async findSession(id: string, now: Date = new Date()): Promise<WebSession | undefined> {
    const row = await this.db.selectFrom("sessions").selectAll().where("id_hash", "=", digest(id)).where("expires_at", ">", now.getTime()).executeTakeFirst();
    return row && { ...toGrant(row), csrfToken: row.csrf_token, expiresAt: new Date(Number(row.expires_at)) };
  }

  /** Log out: the session stops working everywhere at once. */
  async endSession(id: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id_hash", "=", digest(id)).execute();
  }

  /** Forgets expired links and sessions; resolves to how many rows went. */
  async prune(now: Date = new Date()): Promise<number> {
    const links = await this.db.deleteFrom("login_links").where("expires_at", "<=", now.getTime()).executeTakeFirst();
    const sessions = await this.db.deleteFrom("sessions").where("expires_at", "<=", now.getTime()).executeTakeFirst();
    return Number(links.numDeletedRows) + Number(sessions.numDeletedRows);
  }
}

function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function grantColumns(grant: SessionGrant) {
  return {
    user_hash: grant.userHash,
    display_name: grant.displayName,
    platform: grant.platform,
    community_key: grant.communityKey,
    community_name: grant.communityName ?? null,
  };
}

function toGrant(row: Selectable<Database["login_links"]> | Selectable<Database["sessions"]>): SessionGrant {
  return {
    platform: row.platform as Platform,
    userHash: row.user_hash,
    displayName: row.display_name,
    communityKey: row.community_key,
    ...(row.community_name === null ? {} : { communityName: row.community_name }),
  };
}
