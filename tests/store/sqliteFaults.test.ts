import { chmod, mkdtemp, rm, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newAnswerId, openStore, resilientStore, StoreWriteError, type AnswerRecord, type Store } from "../../src/store/index.js";
import { silentLogger } from "../../src/logger.js";
import { hashMessageKey } from "../../src/store/saltedHash.js";
import { KyselyStore } from "../../src/store/KyselyStore.js";
import { localNotifier } from "../../src/store/notifier.js";
import type { Database } from "../../src/store/schema.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "cited-faults-"));
});
afterEach(async () => {
  await chmod(folder, 0o700).catch(() => undefined);
  await rm(folder, { recursive: true, force: true });
});

function answer(): AnswerRecord {
  return {
    id: newAnswerId(),
    platform: "telegram",
    community: "console",
    userHash: "u",
    question: "q",
    answered: true,
    passages: [],
    missingTerms: [],
    keyTerms: ["q"],
    corpusVersion: "v1",
    createdAt: new Date(),
  };
}

const teaching = { question: "q", answer: "a", moderatorName: "m", moderatorHash: "h", platform: "telegram" as const, community: "console" };

describe("SQLite store faults show", () => {
  it("creates cited.db readable by its owner only (0600), like the salt", async () => {
    const file = join(folder, "cited.db");
    const store = await openStore({ url: `sqlite:${file}`, pruneEveryMs: 0 });
    await store.answers.record(answer());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(folder, "salt"))).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it("notices the database file deleted while running: not writable, teaching and recording refused", async () => {
    const file = join(folder, "cited.db");
    const store = await openStore({ url: `sqlite:${file}`, pruneEveryMs: 0 });
    expect(await store.writable()).toEqual({ ready: true, detail: "sqlite" });
    await unlink(file);
    await expect(store.teaching.addTaught(teaching)).rejects.toBeInstanceOf(StoreWriteError);
    await expect(store.answers.record(answer())).rejects.toBeInstanceOf(StoreWriteError);
    expect(await store.writable()).toMatchObject({ ready: false, detail: expect.stringContaining("deleted or replaced") });
    await store.close();
  });

  it("reports a read-only database as not writable and refuses to teach into it", async () => {
    const file = join(folder, "cited.db");
    await (await openStore({ url: `sqlite:${file}`, pruneEveryMs: 0 })).close();
    // SQLite's own read-only refusal (as for a read-only file or mount; file modes do not stop root, who runs the tests).
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file, { readonly: true }) }) });
    const store = resilientStore(new KyselyStore(db, "sqlite", "a-salt-of-sixteen-chars", 90, localNotifier()), silentLogger());
    expect(await store.writable()).toMatchObject({ ready: false, detail: expect.stringContaining("readonly") });
    await expect(store.teaching.addTaught(teaching)).rejects.toBeInstanceOf(StoreWriteError);
    await expect(store.answers.record(answer())).rejects.toBeInstanceOf(StoreWriteError);
    // Reads still work: answering goes on.
    expect(await store.teaching.listTaught()).toEqual([]);
    expect(store.healthy).toBe(true);
    await store.close();
  });

  it("reports a full disk (writes failing on a reachable database) as not writable until a write succeeds", async () => {
    let full = true;
    const diskFull = () => {
      if (full) throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    };
    const inner = {
      dialect: "sqlite",
      healthy: true,
      probeWrite: async () => diskFull(),
      answers: { record: async () => diskFull() },
      teaching: {
        addTaught: async () => {
          diskFull();
          return { ...teaching, id: 1, createdAt: new Date() };
        },
      },
      ping: async () => undefined,
      close: async () => undefined,
    } as unknown as Store;
    const store = resilientStore(inner, silentLogger(), { probeEveryMs: 0 });
    expect(await store.writable()).toEqual({ ready: false, detail: "cannot write: database or disk is full" });
    await expect(store.answers.record(answer())).rejects.toThrow(/disk is full/);
    await expect(store.teaching.addTaught(teaching)).rejects.toBeInstanceOf(StoreWriteError);
    // Reachable all along: not an outage.
    expect(store.healthy).toBe(true);
    full = false;
    expect(await store.writable()).toEqual({ ready: true, detail: "sqlite" });
    await store.close();
  });
});

describe("sent messages", () => {
  it("keeps message keys as salted hashes, never a chat id in clear, and rewrites the rows written before (0006)", async () => {
    const file = join(folder, "cited.db");
    const salt = "a-salt-of-sixteen-chars";
    // A database as the code before migration 0006 left it: a private chat's key in clear.
    const first = await openStore({ url: `sqlite:${file}`, pruneEveryMs: 0, salt });
    await first.close();
    const raw = new BetterSqlite3(file);
    // Only 0006 runs again (migrations may run out of order: see openStore); those after it stay.
    raw.prepare("DELETE FROM kysely_migration WHERE name LIKE '0006%'").run();
    raw.prepare("INSERT INTO sent_messages (message_key, answer_id, created_at) VALUES (?, ?, ?)").run("telegram:555000111:42", "old-answer", Date.now());
    raw.close();

    const store = await openStore({ url: `sqlite:${file}`, pruneEveryMs: 0, salt });
    await store.answers.linkMessage("telegram:777000222:7", "new-answer");
    expect(await store.answers.answerOfMessage("telegram:555000111:42")).toBe("old-answer");
    expect(await store.answers.answerOfMessage("telegram:777000222:7")).toBe("new-answer");
    await store.close();

    const check = new BetterSqlite3(file, { readonly: true });
    const keys = check.prepare("SELECT message_key FROM sent_messages ORDER BY answer_id").all() as Array<{ message_key: string }>;
    check.close();
    expect(keys.map((row) => row.message_key)).toEqual([hashMessageKey(salt, "telegram:777000222:7"), hashMessageKey(salt, "telegram:555000111:42")]);
    for (const { message_key } of keys) expect(message_key).not.toMatch(/555000111|777000222/);
  });
});

describe("pins", () => {
  it("keeps the pins written before they were per community, with their ids (0011)", async () => {
    const file = join(folder, "pins.db");
    const first = await openStore({ url: `sqlite:${file}`, pruneEveryMs: 0, salt: "a-salt-of-sixteen-chars" });
    await first.close();
    const raw = new BetterSqlite3(file);
    // The table as it was before 0011: one pin per question key, whatever the community.
    raw.exec(`DROP TABLE pins;
      CREATE TABLE pins (id integer primary key autoincrement, question_key text not null unique, question text not null, document_id text not null,
        section_slug text not null, start_offset integer not null, end_offset integer not null, text text not null, moderator_hash text not null,
        created_at bigint not null, community text not null default 'console');
      INSERT INTO pins (id, question_key, question, document_id, section_slug, start_offset, end_offset, text, moderator_hash, created_at, community)
        VALUES (7, 'command isf', 'Who commands the ISF?', 'article', 's', 0, 10, 'General X.', 'm', 1, 'discord:1');
      DELETE FROM kysely_migration WHERE name LIKE '0011%';`);
    raw.close();

    const store = await openStore({ url: `sqlite:${file}`, pruneEveryMs: 0, salt: "a-salt-of-sixteen-chars" });
    expect(await store.teaching.findPin("command isf", { community: "discord:1" })).toMatchObject({ id: 7, text: "General X." });
    const other = await store.teaching.addPin({
      questionKey: "command isf",
      question: "Who commands the ISF?",
      documentId: "article",
      sectionSlug: "s",
      start: 0,
      end: 10,
      text: "General Y.",
      moderatorHash: "m",
      community: "discord:2",
    });
    expect(other.id).toBeGreaterThan(7);
    expect((await store.teaching.listPins()).map((pin) => pin.text)).toEqual(["General X.", "General Y."]);
    await store.close();
  });
});
