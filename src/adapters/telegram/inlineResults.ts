import type { InlineQueryResultArticle } from "grammy/types";
import type { Answer } from "../../answer/types.js";
import { escapeHtml, truncate } from "../../render/html.js";
import { renderAnswerHtml, TELEGRAM_MESSAGE_LIMIT } from "../../render/telegram.js";
import { refusalText } from "../../render/wording.js";

/**
 * Results for an inline query (`@bot question` in any chat): one article per
 * cited snippet, or one explaining why there is no answer.
 */
export function inlineResults(answer: Answer): InlineQueryResultArticle[] {
  if (!answer.answered && answer.identifier === "question-empty") {
    return [article("hint", "Type a question about the sources", "Ask me about the sources: type a question after my @username.")];
  }
  if (!answer.answered) return [article("none", "The sources don't say", escapeHtml(refusalText(answer)))];
  const blocks = renderAnswerHtml(answer);
  return answer.snippets.map((snippet, i) =>
    article(`s${i}-${snippet.documentId.length}-${snippet.start}`.slice(0, 64), truncate(snippet.section, 60), blocks[i] ?? "", truncate(snippet.text, 120)),
  );
}

function article(id: string, title: string, html: string, description?: string): InlineQueryResultArticle {
  return {
    type: "article",
    id,
    title,
    ...(description ? { description } : {}),
    input_message_content: {
      message_text: html.slice(0, TELEGRAM_MESSAGE_LIMIT),
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
  };
}
