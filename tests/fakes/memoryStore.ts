import type { PipelineStore } from "../../src/pipeline/ports.js";
import type { AnswerRecord, ClaimOutcome, Pin as PinRecord, RateBucket, RateHit, TaughtEntry as TaughtRecord } from "../../src/store/index.js";

/** The pipeline's store port in memory, for pipeline unit tests. */
export class MemoryStore implements PipelineStore {
  readonly answers = new Map<string, AnswerRecord>();
  readonly votes = new Map<string, 1 | -1>();
  readonly taught: TaughtRecord[] = [];
  readonly pins: PinRecord[] = [];
  readonly claims = new Map<string, { leaseUntil: number; settled: boolean }>();
  private readonly buckets = new Map<string, { fullAt: number; refusals: number }>();
  now = () => Date.now();

  hashUser(platform: string, userId: string): string {
    return `h(${platform}:${userId})`;
  }
  async recordAnswer(record: AnswerRecord): Promise<void> {
    this.answers.set(record.id, record);
  }
  async getAnswer(id: string): Promise<AnswerRecord | undefined> {
    return this.answers.get(id);
  }
  readonly sentMessages = new Map<string, string>();
  async linkMessage(messageKey: string, answerId: string): Promise<void> {
    this.sentMessages.set(messageKey, answerId);
  }
  async answerOfMessage(messageKey: string): Promise<string | undefined> {
    return this.sentMessages.get(messageKey);
  }
  async vote(answerId: string, userHash: string, value: 1 | -1): Promise<"recorded" | "changed" | "unchanged" | "unknown-answer"> {
    if (!this.answers.has(answerId)) return "unknown-answer";
    const key = `${answerId}:${userHash}`;
    const before = this.votes.get(key);
    this.votes.set(key, value);
    return before === undefined ? "recorded" : before === value ? "unchanged" : "changed";
  }
  async gaps(): Promise<Array<{ terms: string[]; count: number; examples: string[] }>> {
    const groups = new Map<string, { terms: string[]; count: number; examples: string[] }>();
    for (const record of this.answers.values()) {
      if (record.answered) continue;
      const terms = record.missingTerms.length > 0 ? record.missingTerms : record.keyTerms;
      const key = terms.join(" ");
      const group = groups.get(key) ?? { terms, count: 0, examples: [] };
      group.count++;
      if (group.examples.length < 2) group.examples.push(record.question);
      groups.set(key, group);
    }
    return [...groups.values()].sort((a, b) => b.count - a.count);
  }
  async mostDownvoted(): Promise<Array<{ answerId: string; question: string; down: number; up: number; passages: AnswerRecord["passages"] }>> {
    return [];
  }
  async addTaught(entry: Omit<TaughtRecord, "id" | "createdAt">): Promise<TaughtRecord> {
    const record = { ...entry, id: this.taught.length + 1, createdAt: new Date(this.now()) };
    this.taught.push(record);
    return record;
  }
  async listTaught(): Promise<TaughtRecord[]> {
    return [...this.taught];
  }
  async removeTaught(id: number): Promise<boolean> {
    const at = this.taught.findIndex((entry) => entry.id === id);
    if (at === -1) return false;
    this.taught.splice(at, 1);
    return true;
  }
  async updateTaught(id: number, change: { question?: string; answer?: string }): Promise<TaughtRecord | undefined> {
    const at = this.taught.findIndex((entry) => entry.id === id);
    const entry = this.taught[at];
    if (!entry) return undefined;
    const updated = {
      ...entry,
      ...(change.question === undefined ? {} : { question: change.question }),
      ...(change.answer === undefined ? {} : { answer: change.answer }),
    };
    this.taught[at] = updated;
    return updated;
  }
  async removePin(questionKey: string): Promise<boolean> {
    const at = this.pins.findIndex((pin) => pin.questionKey === questionKey);
    if (at === -1) return false;
    this.pins.splice(at, 1);
    return true;
  }
  async listPins(): Promise<PinRecord[]> {
    return [...this.pins];
  }
  async addPin(pin: Omit<PinRecord, "id" | "createdAt">): Promise<PinRecord> {
    const record = { ...pin, id: this.pins.length + 1, createdAt: new Date(this.now()) };
    this.pins.push(record);
    return record;
  }
  async findPin(questionKey: string): Promise<PinRecord | undefined> {
    return this.pins.findLast((pin) => pin.questionKey === questionKey);
  }
  async claim(key: string, leaseMs: number, now: Date = new Date(this.now())): Promise<ClaimOutcome> {
    const held = this.claims.get(key);
    if (held?.settled) return { outcome: "answered" };
    if (held && held.leaseUntil > now.getTime()) return { outcome: "in-progress", leaseEndsAt: new Date(held.leaseUntil) };
    this.claims.set(key, { leaseUntil: now.getTime() + leaseMs, settled: false });
    return { outcome: "claimed" };
  }
  async settle(key: string): Promise<void> {
    const held = this.claims.get(key);
    if (held) held.settled = true;
  }
  /** The store's token bucket (one "full again at" moment per key), in memory. */
  async take(key: string, { burst, refillEveryMs }: RateBucket, now: Date = new Date(this.now())): Promise<RateHit> {
    if (burst <= 0 || refillEveryMs <= 0) return { allowed: true, firstRefusal: false, retryAfterMs: 0 };
    const at = now.getTime();
    const interval = Math.max(1, Math.round(refillEveryMs));
    const latestAllowed = at + (Math.floor(burst) - 1) * interval;
    const bucket = this.buckets.get(key) ?? { fullAt: at, refusals: 0 };
    if (bucket.fullAt <= latestAllowed) {
      this.buckets.set(key, { fullAt: Math.max(bucket.fullAt, at) + interval, refusals: 0 });
      return { allowed: true, firstRefusal: false, retryAfterMs: 0 };
    }
    this.buckets.set(key, { fullAt: bucket.fullAt, refusals: bucket.refusals + 1 });
    return { allowed: false, firstRefusal: bucket.refusals === 0, retryAfterMs: bucket.fullAt - latestAllowed };
  }
}
