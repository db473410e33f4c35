import { moderated } from "./moderation.js";
import type { Answer, Snippet } from "../../answer/types.js";
import type { CommandDefinition } from "../../commands/types.js";
import type { Turn } from "../Pipeline.js";
import type { Reply, Visibility } from "../types.js";

/** Refusals of the asker's own input (empty, too long, unreadable) stay between the bot and them. */
function isInputProblem(answer: Answer): boolean {
  return !answer.answered && ["question-empty", "question-too-long", "question-unclear", "about-the-sources"].includes(answer.identifier);
}

/**
 * Answers a free question. A question a moderator pinned is answered with
 * the pinned quote first, found again in the current corpus.
 *
 * @param policy `private-if-refused` for questions asked about someone else's
 * message (a context menu), where a refusal would only be noise in the channel
 */
export async function answerQuestion(turn: Turn, text: string, policy: "public" | "private-if-refused"): Promise<Reply> {
  const answer = await withPin(turn, turn.service.ask(text, { botNames: turn.request.botNames }));
  // "What is this article about?" is answered by the summary, as the summary command would.
  const summary =
    !answer.answered && answer.identifier === "about-the-sources"
      ? turn.deps.catalog.commands.find((command) => command.kind === "summary" && !command.public)
      : undefined;
  if (summary) return summarize(turn, summary, undefined);
  const visibility: Visibility = isInputProblem(answer) || (policy === "private-if-refused" && !answer.answered) ? "private" : "public";
  return { kind: "answer", answer, visibility, actions: [] };
}

async function withPin(turn: Turn, answer: Answer): Promise<Answer> {
  const { store } = turn.deps;
  if (!store || isInputProblem(answer)) return answer;
  const key = turn.service.keyTerms(answer.question).join(" ");
  if (key === "") return answer;
  // A private chat belongs to no community: any community's pin may answer there.
  const { community } = turn.request;
  const pin = await store.teaching.findPin(key, moderated(community) ? { community: community.key } : {}).catch(() => undefined);
  if (!pin) return answer;
  const pinned = turn.service.locate(pin.documentId, pin.text);
  // A pin whose quote was edited out of the corpus no longer holds; `npm run eval -- --pins` reports it.
  if (!pinned) return answer;
  const rest: Snippet[] = answer.snippets.filter(
    (snippet) => snippet.documentId !== pinned.documentId || snippet.end <= pinned.start || snippet.start >= pinned.end,
  );
  return {
    question: answer.question,
    answered: true,
    snippets: [{ ...pinned, score: Math.max(pinned.score, ...rest.map((s) => s.score)) }, ...rest].slice(0, 3),
  };
}

/**
 * Topic answers, per answer service (one per corpus version, replaced on
 * reload) and command: the same every time, so they are worked out once,
 * which is why topics cost nothing against the rate limit.
 */
const topicAnswers = new WeakMap<Turn["service"], Map<string, Answer>>();

export function topic(turn: Turn, command: CommandDefinition): Reply {
  let answers = topicAnswers.get(turn.service);
  if (!answers) topicAnswers.set(turn.service, (answers = new Map()));
  let answer = answers.get(command.name);
  if (!answer) answers.set(command.name, (answer = turn.service.topic(command)));
  return { kind: "answer", answer, visibility: "public", actions: [] };
}

export function summarize(turn: Turn, command: CommandDefinition, section: string | undefined): Reply {
  const summary = turn.service.summarize(section === undefined ? {} : { section });
  const slug = section === undefined ? undefined : turn.service.findSection(section)?.section.slug;
  return {
    kind: "summary",
    summary,
    visibility: command.public && summary.found ? "public" : "private",
    command,
    ...(slug !== undefined ? { section: slug } : {}),
  };
}

/** Choices for what is being typed into an option: sections for `section`, questions otherwise. */
export function suggest(turn: Turn, option: string, typed: string): Reply {
  const { service } = turn;
  if (option === "section") {
    const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
    const choices = service
      .sources()
      .flatMap((source) => source.sections)
      .filter((section) => words.every((word) => section.heading.toLowerCase().includes(word) || section.slug.includes(word)))
      .map((section) => ({ name: section.heading, value: section.slug }));
    return { kind: "suggestions", choices };
  }
  return { kind: "suggestions", choices: service.suggest(typed).map((suggestion) => ({ name: suggestion, value: suggestion })) };
}
