import type { TaughtEntry } from "../../../store/index.js";
import { MAX_TAUGHT_LENGTH } from "../../../pipeline/parseArguments.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField } from "../layout.js";

/** Every taught answer, each editable in place and removable. */
export function taughtPage(entries: readonly TaughtEntry[], csrfToken: string): SafeHtml {
  if (entries.length === 0) return html`<p>No taught answers yet. Teach one from <a href="/admin/gaps">Waiting questions &amp; gaps</a>.</p>`;
  return html`${entries.map(
    (entry) =>
      html`<section aria-labelledby="t-${entry.id}">
        <h2 id="t-${entry.id}">#${entry.id} · ${entry.question}</h2>
        <p class="muted">By ${entry.moderatorName} on ${entry.createdAt.toISOString().slice(0, 10)}</p>
        <form method="post" action="/admin/taught/${entry.id}/edit">
          ${csrfField(csrfToken)} <label for="tq-${entry.id}">Question</label
          ><input type="text" id="tq-${entry.id}" name="question" value="${entry.question}" required maxlength="${MAX_TAUGHT_LENGTH}" />
          <label for="ta-${entry.id}">Answer</label
          ><textarea id="ta-${entry.id}" name="answer" required maxlength="${MAX_TAUGHT_LENGTH}">${entry.answer}</textarea>
          <button type="submit">Save</button>
        </form>
        <form method="post" action="/admin/taught/${entry.id}/remove">
          ${csrfField(csrfToken)}<button type="submit" class="secondary">Remove #${entry.id}</button>
        </form>
      </section>`,
  )}`;
}
