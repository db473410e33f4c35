import { once } from "node:events";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnswerService } from "../../src/answer/AnswerService.js";
import { silentLogger } from "../../src/logger.js";
import { cachedIndexPath, readCachedIndex } from "../../src/service/indexCache.js";
import { ServiceHolder, type ServiceHolderOptions } from "../../src/service/ServiceHolder.js";

const QUESTION = "How much is the fine for using a hosepipe?";
const NEW_QUESTION = "When does the lighthouse museum open?";
const LIGHTHOUSE = "# Lighthouse museum\n\nThe lighthouse museum opens on 4 May at nine in the morning.\n";

let dir: string;
let corpusDir: string;
let cacheDir: string;
const holders: ServiceHolder[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cited-holder-"));
  corpusDir = join(dir, "corpus");
  cacheDir = join(dir, "cache");
  await cp("tests/fixtures/other-corpus", corpusDir, { recursive: true });
});

afterEach(async () => {
  await Promise.all(holders.splice(0).map((holder) => holder.close()));
  await rm(dir, { recursive: true, force: true });
});

async function createHolder(options: Partial<ServiceHolderOptions> = {}): Promise<ServiceHolder> {
  const holder = await ServiceHolder.create({ corpusDir, cacheDir, logger: silentLogger(), watch: false, ...options });
  holders.push(holder);
  return holder;
}

const topText = (service: AnswerService, question: string) => {
  const answer = service.ask(question);
  return answer.answered ? answer.snippets[0]?.text : undefined;
};

describe("ServiceHolder", () => {
  it("serves a service built from the corpus folder, with its version", async () => {
    const holder = await createHolder();
    expect(topText(holder.current, QUESTION)).toContain("1,000 pounds");
    expect(holder.current.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it("fails to start on a missing corpus folder, as loadCorpus does", async () => {
    await expect(createHolder({ corpusDir: join(dir, "nowhere") })).rejects.toMatchObject({ name: "CorpusError", identifier: "corpus-missing" });
  });

  it("reloads when a file in the corpus folder changes", async () => {
    const holder = await createHolder({ watch: true, debounceMs: 50 });
    const before = holder.current;
    expect(topText(before, NEW_QUESTION)).toBeUndefined();
    const reloaded = once(holder, "reloaded");
    await writeFile(join(corpusDir, "lighthouse.md"), LIGHTHOUSE);
    const [event] = (await reloaded) as [{ version: string; changed: boolean; reason: string }];
    expect(event.changed).toBe(true);
    expect(event.reason).toMatch(/file change/);
    expect(holder.current).not.toBe(before);
    expect(holder.current.version).toBe(event.version);
    expect(topText(holder.current, NEW_QUESTION)).toContain("4 May");
  });

  it("reports an unchanged corpus as unchanged and keeps the same service", async () => {
    const holder = await createHolder();
    const before = holder.current;
    await expect(holder.reload("test")).resolves.toMatchObject({ ok: true, changed: false, version: before.version });
    expect(holder.current).toBe(before);
  });

  it("keeps the old service when the corpus fails to load, and reports why", async () => {
    const holder = await createHolder();
    const before = holder.current;
    await writeFile(join(corpusDir, "synonyms.yaml"), "- just one\n");
    const failed = once(holder, "reload-failed");
    const result = await holder.reload("test");
    expect(result).toMatchObject({ ok: false, error: { name: "CorpusError", identifier: "synonyms-invalid" } });
    const [event] = (await failed) as [{ error: Error; reason: string }];
    expect(event.reason).toBe("test");
    expect(holder.current).toBe(before);
    expect(topText(holder.current, QUESTION)).toContain("1,000 pounds");
  });

  it("keeps the old service when validate rejects the new one", async () => {
    const validate = (service: AnswerService) => {
      if (service.corpus.documents.some((document) => document.id === "lighthouse.md")) throw new Error("no lighthouses");
    };
    const holder = await createHolder({ validate });
    const before = holder.current;
    await writeFile(join(corpusDir, "lighthouse.md"), LIGHTHOUSE);
    await expect(holder.reload("test")).resolves.toMatchObject({ ok: false, error: { message: "no lighthouses" } });
    expect(holder.current).toBe(before);
  });

  it("answers questions from the old service while a reload runs", async () => {
    const holder = await createHolder();
    await writeFile(join(corpusDir, "lighthouse.md"), LIGHTHOUSE);
    let done = false;
    const reloading = holder.reload("test").finally(() => (done = true));
    let answeredDuring = 0;
    while (!done) {
      if (topText(holder.current, QUESTION)?.includes("1,000 pounds")) answeredDuring++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await expect(reloading).resolves.toMatchObject({ ok: true, changed: true });
    expect(answeredDuring).toBeGreaterThan(0);
    expect(topText(holder.current, NEW_QUESTION)).toContain("4 May");
  });

  it("merges reload requests that arrive during a reload into one more", async () => {
    const holder = await createHolder();
    const events: string[] = [];
    holder.on("reloaded", (event) => events.push(event.reason));
    const first = holder.reload("a");
    const second = holder.reload("b");
    const third = holder.reload("c");
    expect(third).toBe(second);
    await Promise.all([first, second]);
    expect(events).toEqual(["a", "b, c"]);
  });

  it("adds the extra files to the corpus at every build", async () => {
    let extra = [{ name: "taught/lighthouse.md", text: LIGHTHOUSE }];
    const holder = await createHolder({ extraFiles: () => extra });
    expect(topText(holder.current, NEW_QUESTION)).toContain("4 May");
    extra = [];
    await expect(holder.reload("forgotten")).resolves.toMatchObject({ ok: true, changed: true });
    expect(topText(holder.current, NEW_QUESTION)).toBeUndefined();
  });
});

describe("ServiceHolder's saved index", () => {
  it("loads the saved index on a restart with an unchanged corpus", async () => {
    const first = await createHolder();
    const path = cachedIndexPath(cacheDir, first.current.version);
    const saved = await stat(path);
    await first.close();
    const second = await createHolder();
    expect(second.current.version).toBe(first.current.version);
    // Not rewritten: it was loaded, not rebuilt.
    expect((await stat(path)).mtimeMs).toBe(saved.mtimeMs);
    expect(second.current.ask(QUESTION)).toEqual(first.current.ask(QUESTION));
  });

  it.each([
    ["a truncated file", (file: Buffer) => file.subarray(0, file.length - 100)],
    ["a file saved by another analyser", (file: Buffer) => Buffer.from(file.toString("utf8").replace(/"analyzer":"[^"]*"/, '"analyzer":"old"'))],
    ["garbage", () => Buffer.from("not an index at all")],
  ])("ignores and rebuilds %s", async (_, damage) => {
    const first = await createHolder();
    const version = first.current.version;
    const expected = first.current.ask(QUESTION);
    await first.close();
    const path = cachedIndexPath(cacheDir, version);
    await writeFile(path, damage(await readFile(path)));
    const second = await createHolder();
    expect(second.current.ask(QUESTION)).toEqual(expected);
    expect("body" in (await readCachedIndex(cacheDir, version))).toBe(true);
  });

  it("rebuilds a saved index whose checksum holds but whose content is wrong", async () => {
    const first = await createHolder();
    const version = first.current.version;
    await first.close();
    const { writeCachedIndex } = await import("../../src/service/indexCache.js");
    await writeCachedIndex(cacheDir, version, Buffer.from('{"k":"corpus","problems":[],"synonyms":[],"documents":1}\n{"k":"rest"}'));
    const second = await createHolder();
    expect(topText(second.current, QUESTION)).toContain("1,000 pounds");
    const reread = await readCachedIndex(cacheDir, version);
    expect("body" in reread && reread.body.length).toBeGreaterThan(1000);
  });
});
