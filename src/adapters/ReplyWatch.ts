/**
 * Which messages people have replied to, lately, and who replied: an
 * automatic answer is not sent to a question another person already
 * answered while the bot was working on it. Bounded: the oldest entries go
 * first, and a reply minutes old no longer matters.
 */
export class ReplyWatch {
  readonly #repliers = new Map<string, Set<string>>();

  constructor(private readonly most = 10_000) {}

  /** `replier` replied to the message `messageKey`. */
  note(messageKey: string, replier: string): void {
    let repliers = this.#repliers.get(messageKey);
    if (!repliers) {
      this.#repliers.set(messageKey, (repliers = new Set()));
      // A Map iterates in insertion order: the first key is the oldest.
      if (this.#repliers.size > this.most) this.#repliers.delete(this.#repliers.keys().next().value as string);
    }
    repliers.add(replier);
  }

  /** Whether someone other than `asker` replied to `messageKey`. */
  repliedByOther(messageKey: string, asker: string): boolean {
    return [...(this.#repliers.get(messageKey) ?? [])].some((replier) => replier !== asker);
  }
}
