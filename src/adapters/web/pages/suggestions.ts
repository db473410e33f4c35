import type { SuggestionItem } from "../../../usecases/suggestions.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField } from "../layout.js";
import { messageLink } from "./messageLink.js";

/**
 * Moderators' replies to questions, offered as answers: each taught with one
 * button (cited as its author's answer) or ignored. Nothing is taught
 * without a moderator's click.
 */
export function suggestionsPage(suggestions: readonly SuggestionItem[], csrfToken: string): SafeHtml {
  if (suggestions.length === 0)
    return html`<p>
      No suggested answers. When a moderator replies to a waiting question (or to a question the bot answered) in a channel where auto-answer is on, the reply
      shows here to be taught.
    </p>`;
  return html`${suggestions.map(
    (suggestion) =>
      html`<section aria-labelledby="s-${suggestion.id}">
        <h2 id="s-${suggestion.id}">${suggestion.question}</h2>
        <blockquote>${suggestion.answer}</blockquote>
        <p class="muted">${suggestion.author}${messageLink(suggestion.link, "their reply")}</p>
        <form method="post" action="/admin/suggestions/${suggestion.id}/teach" class="inline">
          ${csrfField(csrfToken)}<button type="submit">Teach #${suggestion.id}</button>
        </form>
        <form method="post" action="/admin/suggestions/${suggestion.id}/ignore" class="inline">
          ${csrfField(csrfToken)}<button type="submit" class="secondary">Ignore #${suggestion.id}</button>
        </form>
      </section>`,
  )}`;
}
