import type { Answer, Citation, MissingSummary, RefusedQuestion, Snippet } from "../answer/types.js";
import type { CommandDefinition } from "../commands/types.js";
import type { Notice, SuggestionView, WebSourceStatus } from "../pipeline/types.js";

/**
 * The bot's words for everything that is not a quote, chosen from stable
 * identifiers: one wording for every platform, in plain text. Each renderer
 * escapes it for its markup and names commands its platform's way.
 */

/** How a platform writes a command: `/pakistan-position` on Discord, `/pakistan_position` on Telegram. */
export type CommandNaming = (command: CommandDefinition) => string;

function quoteList(items: readonly string[]): string {
  const quoted = items.map((item) => `“${item}”`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

function askExample(example: string | undefined): string {
  return `Ask a question about the sources${example ? `, for example: “${example}”` : ""}.`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A `YYYY-MM-DD` date as people write it: "19 Dec 2025"; anything else as given. */
export function displayDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = MONTHS[Number(match?.[2]) - 1];
  return match && month ? `${Number(match[3])} ${month} ${match[1]}` : iso;
}

/** What a citation adds after the section and document: the page of a PDF, the date published. */
export function citationDetails(citation: Pick<Citation, "page" | "published">): string[] {
  return [citation.page === undefined ? "" : `page ${citation.page}`, citation.published ? displayDate(citation.published) : ""].filter((part) => part !== "");
}

/** "On 20 Nov: " before a quote that is what an older document said, for a question about now. */
export function earlierLabel(snippet: Pick<Snippet, "earlier" | "published">): string {
  if (!snippet.earlier || !snippet.published) return "";
  return `On ${displayDate(snippet.published).replace(/ \d{4}$/, "")}: `;
}

/** A web source's last fetch, for moderators: "https://… — 3 documents, fetched 2026-12-04 21:00 UTC; failed: HTTP 503, keeping the copy of …". */
export function webSourceLine(status: WebSourceStatus): string {
  const when = (iso: string | undefined) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never");
  const fetched = `${status.documents} document(s), fetched ${when(status.fetchedAt)}`;
  return status.error ? `${status.url} — ${fetched}; failed: ${status.error}, keeping the copy of ${when(status.succeededAt)}` : `${status.url} — ${fetched}`;
}

/** Why a question got no answer, for the person who asked it. */
export function refusalText(answer: RefusedQuestion): string {
  switch (answer.identifier) {
    case "question-empty":
      return askExample(answer.context.example);
    case "question-too-long":
      return `That question is ${answer.context.length.toLocaleString("en-US")} characters long; please keep it under ${answer.context.max.toLocaleString("en-US")}.`;
    case "about-the-sources":
      return "That asks about the sources as a whole: the summary command gives their key points, or ask about something they say.";
    case "question-unclear":
      return `I couldn't find a word to look up in that. ${askExample(answer.context.example)}`;
    case "not-in-corpus":
      // Only the question's subject words are listed as missing (a name, a rare word, the thing asked for), so naming them says what the sources lack.
      return answer.context.missing.length > 0
        ? `The sources don't mention ${quoteList(answer.context.missing)}, so they can't answer this.`
        : "The sources don't say: no passage in them is about what this question asks.";
    case "unknown-names":
      return `The sources don't mention ${quoteList(answer.context.names)}, so they can't answer this.`;
    case "unknown-section":
      return `No section called ${quoteList(answer.context.sections) || "(none given)"} in the sources.`;
    case "not-answered-here":
      return `The sources mention ${quoteList(answer.context.subject) || "this"} but don't say ${answer.context.asked}. Related: “${answer.context.related.text}” (${answer.context.related.document}, ${answer.context.related.section})`;
  }
}

/** Why there is no summary. */
export function missingSummaryText(summary: MissingSummary): string {
  const { name, known } = summary.context;
  return summary.identifier === "unknown-document"
    ? `No document called “${name}” in the sources.`
    : `No section called “${name}” in the sources. Sections: ${known.join(", ")}.`;
}

/** What the bot says when answering failed: the one apology, whichever platform and wherever the failure. */
export const APOLOGY = "Sorry, something went wrong answering that. Please try again.";

/** Everything else the bot says. */
export function noticeText(notice: Notice, name: CommandNaming): string {
  switch (notice.identifier) {
    case "unknown-command":
      return `Unknown command /${notice.context.name}. Type /help for the list of commands.`;
    case "usage":
      return `Usage: ${name(notice.context.command)} <question>, or reply to a message with ${name(notice.context.command)} to ask about it.`;
    case "moderators-only":
      return notice.context.command.kind === "summary"
        ? "Only moderators (in groups: the admins) can post summaries here. Ask for a summary privately instead."
        : `Only moderators can use ${name(notice.context.command)}.`;
    case "rate-limited":
      return `You're asking faster than I can keep up with. Please wait about ${notice.context.seconds} seconds; questions sent meanwhile are not answered.`;
    case "failed":
      return APOLOGY;
    case "non-text":
      return "I can only answer questions sent as text. Send /help to see what I can do.";
    case "stale-interaction":
      return "That is no longer available. Type / to see the current commands.";
    case "mention-hint":
      return "Ask me about the sources: mention me with your question, or use /help.";
    case "no-message-text":
      return "That message has no text to ask about.";
    case "summary-private":
      return `Summaries from ${name(notice.context.command)} are private: message me to get yours.${notice.context.poster ? ` Admins can post one here with ${name(notice.context.poster)}.` : ""}`;
    case "reload-done":
      return notice.context.changed
        ? `Reloaded the sources in ${notice.context.ms} ms (version ${notice.context.version}).`
        : `The sources have not changed (version ${notice.context.version}).`;
    case "reload-failed":
      return `Reloading failed, so I keep answering from the sources as they were: ${notice.context.message}`;
    case "reload-unavailable":
      return "Reloading is not available here.";
    case "vote-recorded":
      return notice.context.value > 0
        ? `Thanks: marked as helpful${notice.context.changed ? " (vote changed)" : ""}.`
        : `Thanks: marked as not helpful${notice.context.changed ? " (vote changed)" : ""}. Moderators will see it.`;
    case "answer-unavailable":
      return "That answer is no longer available.";
    case "store-unavailable":
      return "That needs the bot's database, which is not available right now. Please try again later.";
    case "taught":
      return `Taught answer #${notice.context.id} to “${notice.context.question}”. It is cited as a moderator's answer.`;
    case "teach-usage":
      return `Usage: ${name(notice.context.command)} question | answer — or reply to the question (or to my answer) with ${name(notice.context.command)} and the answer.`;
    case "teach-too-long":
      return `That is ${notice.context.length.toLocaleString("en-US")} characters; a taught answer may be at most ${notice.context.max.toLocaleString("en-US")}.`;
    case "untaught":
      return `Removed taught answer #${notice.context.id}.`;
    case "untaught-unknown":
      return `There is no taught answer #${notice.context.id}. /taught lists them.`;
    case "pinned":
      return `Pinned quote ${notice.context.n} (${notice.context.section}) as the answer to “${notice.context.question}”.`;
    case "not-an-answer":
      return `Reply to one of my answers with ${name(notice.context.command)} <number> to pin one of its quotes.`;
    case "admin-unavailable":
      return "The moderators' web page is not running on this bot (in the console: its port, PORT, is taken).";
    case "admin-no-community":
      return `Use ${name(notice.context.command)} in the server or group you moderate: the link opens that community's page.`;
    case "autoanswer-on":
      return `I now answer questions here on my own when the sources answer them (confidence at least ${notice.context.threshold}), and stay quiet otherwise. Anyone can /optout.`;
    case "autoanswer-off":
      return "I no longer answer here unless asked.";
    case "autoanswer-status":
      return notice.context.channels.length === 0
        ? "Automatic answers are off everywhere in this community."
        : `Automatic answers are ${notice.context.here ? "on" : "off"} here; on in ${notice.context.channels.length} channel(s): ${notice.context.channels
            .map((channel) => `${channel.channelId} (threshold ${channel.threshold})`)
            .join(", ")}.`;
    case "autoanswer-usage":
      return `Usage: ${name(notice.context.command)} on|off|status, optionally with threshold:0.8 (0 to 1; higher answers less).`;
    case "autoanswer-threshold":
      return "The threshold is a confidence between 0 and 1, such as threshold:0.8.";
    case "autoanswer-not-here":
      return "Automatic answers are turned on per channel or group: use this there.";
    case "opted-out":
      return "Done: I won't answer your messages unless you ask me, and I keep nothing of them. /optin undoes this.";
    case "opted-in":
      return notice.context.wasOptedOut ? "Done: I may answer your questions on my own again where that is on." : "You had not opted out.";
    case "dismiss-refused":
      return "Only the person who asked, or a moderator, can dismiss this answer.";
    case "dismissed":
      return "Answer removed.";
    case "suggestion-taught":
      return `Taught as ${notice.context.author}'s answer (#${notice.context.id}) to “${notice.context.question}”. It answers from now on.`;
    case "suggestion-ignored":
      return "Ignored: it won't be suggested again.";
    case "suggestion-decided":
      return "Already decided: this suggestion was taught or ignored before.";
    case "suggestion-unknown":
      return "That suggestion is gone, or it is not one you can decide on.";
  }
}

/** The private question to a moderator whose reply could answer a question: "Teach this as the answer to …?" */
export function suggestionPromptText(suggestion: SuggestionView): string {
  return `Teach this as the answer to “${suggestion.question}”?\n\n“${suggestion.answer}”\n— ${suggestion.author}`;
}

/** The heading of the waiting questions in /gaps. */
export function waitingHeading(count: number): string {
  return count === 1 ? "1 question is waiting for an answer:" : `${count} questions are waiting for an answer:`;
}

/** The moderators' login link, for them alone; it says how long it lasts, that it works once, and not to share it. */
export function adminLinkText(url: string, expiresAt: Date, now: Date = new Date()): string {
  const minutes = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / 60_000));
  return `Your link to the moderators' page (works once, for ${minutes} minutes; do not share it): ${url}`;
}

/**
 * The console's `/why`: how sure the bot was of its last answer, or why it
 * gave none. `autoThreshold` is the confidence automatic answers need.
 */
export function whyText(answer: Answer | undefined, autoThreshold: number): string {
  if (answer === undefined) return "Ask something first; /why then says how sure I was of the answer.";
  if (!answer.answered) return `No answer to "${answer.question}" (${answer.identifier}), so no confidence to report.`;
  if (answer.confidence === undefined) return "That quoted what the documents say on a topic: there is no confidence to report.";
  const enough = answer.confidence >= autoThreshold ? "enough" : "not enough";
  return `Confidence that the first quote answers "${answer.question}": ${answer.confidence.toFixed(2)} of 1 (${enough} to answer on its own in an auto-answer channel, which needs ${autoThreshold}).`;
}
