import { mkdtemp, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AnswerService } from "../../src/answer/AnswerService.js";
import { asksAboutNow, orderByDate } from "../../src/answer/dateOrder.js";
import { buildCorpus, loadCorpus } from "../../src/corpus/loadCorpus.js";
import { renderAnswerText } from "../../src/render/text.js";

const dated = (published: string, title: string, body: string) => `---\ntitle: ${title}\npublished: ${published}\n---\n\n${body}\n`;

/** Two reports on one story, a month apart: the later one says what changed. */
const story = [
  {
    name: "first.md",
    text: dated(
      "2025-11-20",
      "Bridge closure",
      "The county council has not decided whether to repair or replace the Mill Lane bridge. Engineers will report on the cracked pier in December.",
    ),
  },
  {
    name: "second.md",
    text: dated(
      "2025-12-19",
      "Bridge decision",
      "The county council has decided to replace the Mill Lane bridge with a new steel span. Work on the replacement starts in March.",
    ),
  },
];

describe("asksAboutNow", () => {
  it("tells questions about how things stand now from others", () => {
    for (const question of [
      "Has the council decided yet?",
      "Is the bridge still closed?",
      "What is the latest on the bridge?",
      "who currently runs the ferry",
      "Does the ferry sail daily?",
    ]) {
      expect(asksAboutNow(question), question).toBe(true);
    }
    for (const question of ["What did engineers find?", "Why was the bridge closed?", "What was decided in November?"]) {
      expect(asksAboutNow(question), question).toBe(false);
    }
  });
});

describe("orderByDate", () => {
  const dates: Record<number, string> = { 1: "2025-11-20", 2: "2025-12-19", 3: "2025-12-19" };
  const dateOf = (id: number) => dates[id];
  const all = () => true;

  it("puts the newest document's sentences first for a question about now", () => {
    const result = orderByDate(
      [
        { id: 1, score: 2 },
        { id: 2, score: 1.5 },
      ],
      dateOf,
      true,
      all,
    );
    expect(result.ranked.map((r) => r.id)).toEqual([2, 1]);
    expect(result.newest).toBe("2025-12-19");
  });

  it("otherwise keeps relevance order, newest first only among near-equals", () => {
    expect(
      orderByDate(
        [
          { id: 1, score: 2 },
          { id: 2, score: 1.5 },
        ],
        dateOf,
        false,
        all,
      ).ranked.map((r) => r.id),
    ).toEqual([1, 2]);
    expect(
      orderByDate(
        [
          { id: 1, score: 2 },
          { id: 2, score: 1.99 },
        ],
        dateOf,
        false,
        all,
      ).ranked.map((r) => r.id),
    ).toEqual([2, 1]);
  });

  it("changes nothing when the candidates share one date or have none", () => {
    expect(
      orderByDate(
        [
          { id: 2, score: 1 },
          { id: 3, score: 2 },
        ],
        dateOf,
        true,
        all,
      ).ranked.map((r) => r.id),
    ).toEqual([2, 3]);
    expect(
      orderByDate(
        [
          { id: 8, score: 1 },
          { id: 9, score: 2 },
        ],
        dateOf,
        true,
        all,
      ).newest,
    ).toBeUndefined();
  });
});

describe("dated answers", () => {
  it("answers a question about now from the newest document, with the older one after it as earlier", () => {
    const service = new AnswerService(buildCorpus(story));
    const answer = service.ask("Has the council decided about the Mill Lane bridge yet?");
    expect(answer.answered).toBe(true);
    expect(answer.snippets[0]).toMatchObject({ documentId: "second.md", published: "2025-12-19" });
    expect(answer.snippets[0]?.earlier).toBeUndefined();
    const older = answer.snippets.find((s) => s.documentId === "first.md");
    expect(older?.earlier).toBe(true);
    const text = renderAnswerText(answer);
    expect(text).toContain("19 Dec 2025");
    expect(text).toContain("On 20 Nov: “");
    expect(text.indexOf("steel span")).toBeLessThan(text.indexOf("On 20 Nov"));
  });

  it("dates a document without metadata by its file's modification time, never as published", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cited-dates-"));
    await writeFile(join(dir, "notes.txt"), "The boathouse opens at seven on weekdays.");
    await utimes(join(dir, "notes.txt"), new Date("2024-05-06T12:00:00Z"), new Date("2024-05-06T12:00:00Z"));
    const [document] = (await loadCorpus(dir)).documents;
    expect(document).toMatchObject({ modified: "2024-05-06" });
    expect(document?.published).toBeUndefined();
    const answer = new AnswerService(await loadCorpus(dir)).ask("When does the boathouse open?");
    expect(answer.snippets[0]?.published).toBeUndefined();
  });
});

describe("timeline", () => {
  it("gives each document's key sentence about a topic, oldest first, cited and dated", () => {
    const service = new AnswerService(
      buildCorpus([
        ...story,
        {
          name: "third.md",
          text: dated("2025-10-02", "Bridge cracks", "Inspectors found a cracked pier under the Mill Lane bridge and the county council closed it to traffic."),
        },
        { name: "other.md", text: dated("2025-12-01", "Library hours", "The central library opens on Sundays from January.") },
      ]),
    );
    const timeline = service.timeline("Mill Lane bridge");
    expect(timeline.entries.map((e) => [e.date, e.documentId])).toEqual([
      ["2025-10-02", "third.md"],
      ["2025-11-20", "first.md"],
      ["2025-12-19", "second.md"],
    ]);
    expect(timeline.entries[0]).toMatchObject({ published: "2025-10-02", section: "Bridge cracks", text: expect.stringContaining("cracked pier") });
    expect(service.timeline("").entries).toEqual([]);
  });
});
