import { answerQuestion, suggest, summarize, topic } from "./handlers/answering.js";
import { gaps, pin, reload, taught, teach, untaught } from "./handlers/moderation.js";
import { vote } from "./handlers/vote.js";
import { needsModerator, parseArguments } from "./parseArguments.js";
import type { Middleware, Turn } from "./Pipeline.js";
import { notice, type Intent, type Reply } from "./types.js";

type CommandIntent = Extract<Intent, { kind: "command" }>;

/**
 * The last step: one dispatch of every kind of request for all platforms.
 * Moderators' commands are checked here, once, before they run.
 */
export const dispatch: Middleware = async (turn) => {
  const { intent } = turn.request;
  switch (intent.kind) {
    case "question":
      return answerQuestion(turn, intent.text, intent.via === "context-menu" ? "private-if-refused" : "public");
    case "command":
      return command(turn, intent);
    case "unknown-command":
      return notice("unknown-command", { name: intent.name });
    case "vote":
      return vote(turn, intent.answerId, intent.value);
    case "suggest":
      return suggest(turn, intent.option, intent.typed);
    case "unsupported":
      return notice(intent.what, {});
  }
};

async function command(turn: Turn, intent: CommandIntent): Promise<Reply> {
  const { command } = intent;
  if (needsModerator(command) && !(await turn.request.isModerator())) {
    return notice("moderators-only", { command });
  }
  const args = parseArguments(intent, turn.request.replyTo);
  switch (args.kind) {
    case "ask":
      if (args.question === "") return notice("usage", { command });
      return answerQuestion(turn, args.question, "public");
    case "summary":
      return summarize(turn, command, args.section);
    case "gaps":
      return gaps(turn, args.days);
    case "timeline":
      if (args.topic === "") return notice("usage", { command });
      return { kind: "timeline", timeline: turn.service.timeline(args.topic), visibility: "public" };
    case "whatsnew":
      return { kind: "whatsnew", whatsNew: turn.service.whatsNew(args.days), visibility: command.public ? "public" : "private" };
    case "teach":
      return teach(turn, command, args);
    case "untaught":
      return untaught(turn, args.id);
    case "pin":
      return pin(turn, command, args.n);
    case "none":
      break;
  }
  switch (command.kind) {
    case "topic":
      return topic(turn, command);
    case "sources": {
      // How each web source fetched is for moderators: an error may name the operator's own hosts.
      const web = turn.deps.webSources && (await turn.request.isModerator()) ? await turn.deps.webSources().catch(() => undefined) : undefined;
      return { kind: "sources", sources: turn.service.sources(), ...(web && web.length > 0 ? { web } : {}) };
    }
    case "help":
      return { kind: "help", catalog: turn.deps.catalog };
    case "reload":
      return reload(turn);
    case "taught":
      return taught(turn);
    default:
      return notice("unknown-command", { name: command.name });
  }
}
