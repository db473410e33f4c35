import { newAnswerId, openStore, type AnswerRecord, type CitedPassage } from "../../src/store/index.js";

const DAY = 24 * 60 * 60 * 1000;

const passage = (sectionSlug: string, start = 0): CitedPassage => ({ documentId: "handbook", sectionSlug, start, end: start + 40 });

/**
 * Fills the store at `url` with a week of made-up traffic: answers citing a
 * few sections, refusals on two topics, votes and two taught answers.
 * Returns what it wrote, for the assertions.
 */
export async function seedStore(url: string, now = Date.now()) {
  const store = await openStore({ url, pruneEveryMs: 0 });
  const records: AnswerRecord[] = [];
  const add = async (daysAgo: number, question: string, fields: Partial<AnswerRecord>) => {
    const record: AnswerRecord = {
      id: newAnswerId(),
      platform: "discord",
      community: "console",
      userHash: store.hashUser("discord", String(records.length % 3)),
      question,
      answered: true,
      passages: [],
      missingTerms: [],
      keyTerms: [],
      corpusVersion: "v1",
      createdAt: new Date(now - daysAgo * DAY - records.length * 1000),
      ...fields,
    };
    records.push(record);
    await store.answers.record(record);
    return record;
  };
  for (let day = 0; day < 7; day++) {
    for (let i = 0; i <= day % 3; i++)
      await add(day, `How do I reset my password? (${day}.${i})`, { passages: [passage("accounts", 10)], keyTerms: ["password", "reset"] });
  }
  const opening = await add(1, "When does the office open?", { passages: [passage("opening-hours"), passage("holidays", 200)], keyTerms: ["office", "open"] });
  await add(2, "Who commands the <b>night shift</b>?", { answered: false, identifier: "not-in-corpus", keyTerms: ["command", "night", "shift"] });
  await add(3, "night shift commander?", { answered: false, identifier: "not-in-corpus", keyTerms: ["command", "night", "shift"] });
  await add(4, "What is a zorblax?", { answered: false, identifier: "not-in-corpus", missingTerms: ["zorblax"], keyTerms: ["zorblax"] });
  await add(40, "An old question outside the window", { answered: false, identifier: "not-in-corpus", keyTerms: ["old"] });
  await store.answers.vote(opening.id, "voter-1", -1);
  await store.answers.vote(opening.id, "voter-2", -1);
  await store.answers.vote(records[0]!.id, "voter-1", 1);
  await store.answers.vote(records[1]!.id, "voter-1", 1);
  await store.teaching.addTaught({
    question: "Who commands the night shift?",
    answer: "Sergeant Ada Byron.\n# not a heading",
    moderatorName: "Mod Ann",
    moderatorHash: "m1",
    platform: "discord",
    community: "console",
  });
  await store.teaching.addTaught({
    question: "What is a zorblax?",
    answer: "A made-up word.",
    moderatorName: "Mod Bo",
    moderatorHash: "m2",
    platform: "telegram",
    community: "console",
  });
  await store.close();
  const inWindow = records.filter((record) => record.createdAt.getTime() > now - 30 * DAY);
  return { records, inWindow, answered: inWindow.filter((record) => record.answered).length };
}
