/**
 * Chat-style messages (issue 17): the development set in bench/chat/, put
 * to plain `ask` and to `--auto`, with misses by cause and the confidence's
 * reliability table. Run alone with `npx tsx bench/chatQuality.ts [--verbose]`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AnswerService } from "../src/answer/AnswerService.js";
import { chatFigures, missCause, parseChatSet, runChatSet, type ChatResult } from "../src/eval/chatSet.js";

const ROOT = new URL("..", import.meta.url);
/** Each file of the set, with the corpus its messages are about. */
export const CHAT_SETS = [
  { files: ["article-answerable.jsonl", "article-unanswerable.jsonl", "article-chatter.jsonl"], corpus: "corpus" },
  { files: ["other-corpus.jsonl"], corpus: "tests/fixtures/other-corpus" },
];

export async function runChatSets(threshold?: number): Promise<ChatResult[]> {
  const results: ChatResult[] = [];
  for (const set of CHAT_SETS) {
    const service = await AnswerService.load(fileURLToPath(new URL(set.corpus, ROOT)));
    const messages = set.files.flatMap((file) => parseChatSet(readFileSync(new URL(`chat/${file}`, import.meta.url), "utf8")));
    results.push(...runChatSet(service, messages, threshold));
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await runChatSets();
  const f = chatFigures(results);
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}% (${n}/${d})`;
  console.log(`plain right ${pct(f.plainRight, f.answerable)}; unanswerable declined ${pct(f.plainDeclined, f.unanswerable)}`);
  console.log(
    `auto precision ${pct(f.autoRight, f.autoAnswered)}; answerable answered right ${pct(f.autoAnswerableRight, f.answerable)}; chatter left ${pct(f.chatterLeftAlone, f.chatter)}; unanswerable left ${pct(f.unanswerableLeftAlone, f.unanswerable)}`,
  );
  if (process.argv.includes("--verbose")) {
    for (const mode of ["plain", "auto"] as const) {
      for (const r of results) {
        const cause = missCause(r, mode);
        if (!cause) continue;
        const a = mode === "plain" ? r.plain : r.auto;
        const conf = mode === "plain" ? (r.plain.answered ? r.plain.confidence : undefined) : r.auto.confidence;
        console.log(`${mode} | ${cause} | ${r.message.q} | ${conf ?? ""} | ${a.answered ? a.snippets[0]?.text.slice(0, 100) : ""}`);
      }
    }
  }
}
