/**
 * Whether someone administers a group, remembered for a while: auto-answering
 * asks for every message in a group where it is on (a moderator's message
 * backs it off), and a `getChatMember` per message would spend Telegram's
 * rate limit on chatter. Bounded; the oldest answers go first.
 */
export class AdminCache {
  readonly #answers = new Map<string, { admin: Promise<boolean>; until: number }>();

  constructor(
    /** @default 60000 ms: a promotion or demotion counts within a minute */
    private readonly forMs = 60_000,
    private readonly most = 10_000,
  ) {}

  isAdmin(chatId: number, userId: number, ask: () => Promise<boolean>, now = Date.now()): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const known = this.#answers.get(key);
    if (known && known.until > now) return known.admin;
    // A failed answer is not remembered: the next message asks again.
    const admin = ask().catch((error: unknown) => {
      this.#answers.delete(key);
      throw error;
    });
    this.#answers.delete(key);
    this.#answers.set(key, { admin, until: now + this.forMs });
    if (this.#answers.size > this.most) this.#answers.delete(this.#answers.keys().next().value as string);
    return admin;
  }
}
