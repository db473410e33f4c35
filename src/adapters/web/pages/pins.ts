import type { PinView } from "../adminActions.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField } from "../layout.js";

/** Every pin, with whether its quote still stands in the corpus as pinned, and a button to remove it. */
export function pinsPage(pins: readonly PinView[], csrfToken: string): SafeHtml {
  if (pins.length === 0) return html`<p>No pins. Moderators pin a quote of an answer from the chat (📌 or /pin).</p>`;
  return html`${pins.map(
    (pin, i) =>
      html`<section aria-labelledby="p-${i}">
        <h2 id="p-${i}">${pin.question}</h2>
        <blockquote>${pin.text}</blockquote>
        <p>
          ${pin.documentId} › ${pin.sectionSlug} ·
          ${pin.holds ? html`<span class="holds">still holds</span>` : html`<span class="broken">no longer in the corpus as pinned</span>`}
        </p>
        <form method="post" action="/admin/pins/remove">
          ${csrfField(csrfToken)}<input type="hidden" name="questionKey" value="${pin.questionKey}" />
          <button type="submit" class="secondary">Remove pin</button>
        </form>
      </section>`,
  )}`;
}
