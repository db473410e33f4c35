import type { Repositories } from "./repositories/index.js";
import type { AutoAnswerRepository } from "./autoAnswerRepository.js";
import type { Platform, Sessions } from "./types.js";

/**
 * The store: one repository per concern (`store.answers`, `store.gaps`,
 * `store.teaching`, `store.deliveries`, `store.limits`), over one database,
 * plus what concerns the whole database.
 */
export interface Store extends Repositories {
  readonly dialect: "sqlite" | "postgres";
  /** Auto-answering's settings and state; absent on stores that keep none. */
  readonly autoAnswer?: AutoAnswerRepository;
  /** The moderators' web logins; absent on stores that keep no sessions. */
  readonly sessions?: Sessions;
  /** False while the database cannot be reached (for /readyz); the store then answers with empty results. */
  readonly healthy: boolean;
  /**
   * A cheap write that fails as real writes would (read-only database, full
   * disk, a SQLite file deleted while open); for readiness. Optional: a store
   * without it counts as writable while reachable.
   */
  probeWrite?(): Promise<void>;
  /** Salted SHA-256 (HMAC) of a platform user id; the only form in which users are stored. */
  hashUser(platform: Platform, userId: string): string;
  /** Deletes answers and their votes older than the retention, claims older than a day, rate buckets that are full again. */
  prune(now?: Date): Promise<void>;
  /** PostgreSQL NOTIFY (reaches every replica); SQLite: this process only. */
  publish(channel: string, payload: string): Promise<void>;
  /** PostgreSQL LISTEN on a dedicated connection that reconnects; resolves to an unsubscribe function. */
  subscribe(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
