import { answerQuestion, suggest, summarize, topic } from "./handlers/answering.js";
import { adminLink, moderated, gaps, pin, reload, taught, teach, untaught } from "./handlers/moderation.js";
import { autoAnswerCommand, dismiss, optCommand } from "./handlers/autoAnswerCommands.js";
import { suggestion } from "./handlers/suggestion.js";
import { vote } from "./handlers/vote.js";
import { listSources } from "../usecases/listSources.js";
import { actorOf } from "./actorOf.js";
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
      return answerQuestion(turn, intent.text, intent.refusalPrivate ? "private-if-refused" : "public");
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
    case "dismiss":
      return dismiss(turn, intent.answerId);
    case "suggestion":
      return suggestion(turn, intent.suggestionId, intent.decision);
    case "channel-message":
      // Decided by the autoAnswer middleware; a pipeline without it stays silent.
      return { kind: "none", why: "ignored" };
  }
};

async function command(turn: Turn, intent: CommandIntent): Promise<Reply> {
  const { command } = intent;
  // Asked where nobody moderates (a private chat): say where to ask, rather than "moderators only".
  if (command.kind === "admin" && !moderated(turn.request.community)) return notice("admin-no-community", { command });
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
      return gaps(turn, command, args.days);
    case "timeline":
      if (args.topic === "") return notice("usage", { command });
      return { kind: "timeline", timeline: turn.service.timeline(args.topic), visibility: "public" };
    case "whatsnew":
      return { kind: "whatsnew", whatsNew: turn.service.whatsNew(args.days), visibility: command.public ? "public" : "private" };
    case "teach":
      return teach(turn, command, args);
    case "untaught":
      return untaught(turn, command, args.id);
    case "pin":
      return pin(turn, command, args.n);
    case "none":
      break;
  }
  switch (command.kind) {
    case "topic":
      return topic(turn, command);
    case "sources": {
      // Asking whether someone moderates may cost a platform call: only worth it when there are web sources to show them.
      const actor = await actorOf(turn.request, turn.deps.webSources ? undefined : false);
      const { value } = await listSources({ services: { current: turn.service }, webSources: turn.deps.webSources }, actor);
      return { kind: "sources", sources: value.documents, ...(value.web ? { web: value.web } : {}) };
    }
    case "help":
      return { kind: "help", catalog: turn.deps.catalog };
    case "reload":
      return reload(turn, command);
    case "taught":
      return taught(turn, command);
    case "admin":
      return adminLink(turn, command);
    case "autoanswer":
      return autoAnswerCommand(turn, intent);
    case "optout":
    case "optin":
      return optCommand(turn, command.kind);
    default:
      return notice("unknown-command", { name: command.name });
  }
}
