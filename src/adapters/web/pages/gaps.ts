import type { KnowledgeGaps } from "../../../usecases/knowledgeGaps.js";
import { MAX_TAUGHT_LENGTH } from "../../../pipeline/parseArguments.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField } from "../layout.js";
import { messageLink } from "./messageLink.js";

/**
 * The waiting questions first (members are still waiting on them), then the
 * questions the bot could not answer (or answered badly), grouped; each with
 * a teach form, its question filled in, so a moderator teaches three in a
 * row without leaving the page.
 */
export function gapsPage({ waiting, gaps }: Pick<KnowledgeGaps, "waiting" | "gaps">, csrfToken: string): SafeHtml {
  const blank = html`<section aria-labelledby="teach-new">
    <h2 id="teach-new">Teach a new answer</h2>
    ${teachForm("new", "", csrfToken)}
  </section>`;
  if (gaps.length === 0 && waiting.count === 0)
    return html`<p>No waiting questions or knowledge gaps: every question found an answer.</p>
      ${blank}`;
  const waitingSection =
    waiting.count === 0
      ? ""
      : html`<section aria-labelledby="waiting">
          <h2 id="waiting">Waiting for an answer (${waiting.count})</h2>
          <p class="muted">Questions asked where auto-answer is on, which the bot was not sure enough to answer.</p>
          ${waiting.items.map(
            (item, i) =>
              html`<h3 id="w-${i}">${item.question}</h3>
                <p class="muted">Asked in the chat${messageLink(item.link, "the message")}</p>
                ${teachForm(`w${i}`, item.question, csrfToken)}`,
          )}
        </section>`;
  return html`${waitingSection}${gaps.map(
    (gap, i) =>
      html`<section aria-labelledby="gap-${i}">
        <h2 id="gap-${i}">${gap.examples[0] ?? gap.terms.join(" ")}</h2>
        <p class="muted">Asked ${gap.count} time${gap.count === 1 ? "" : "s"} · missing: ${gap.terms.join(", ")}</p>
        ${gap.examples.length > 1 ? html`<p>Also asked as: ${gap.examples.slice(1).join(" · ")}</p>` : ""}
        ${teachForm(String(i), gap.examples[0] ?? gap.terms.join(" "), csrfToken)}
      </section>`,
  )}${blank}`;
}

function teachForm(key: string, question: string, csrfToken: string): SafeHtml {
  return html`<form method="post" action="/admin/teach">
    ${csrfField(csrfToken)} <label for="q-${key}">Question</label
    ><input type="text" id="q-${key}" name="question" value="${question}" required maxlength="${MAX_TAUGHT_LENGTH}" /> <label for="a-${key}">Answer</label
    ><textarea id="a-${key}" name="answer" required maxlength="${MAX_TAUGHT_LENGTH}"></textarea> <button type="submit">Teach</button>
  </form>`;
}
