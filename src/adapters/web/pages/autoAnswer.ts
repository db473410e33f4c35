import type { AutoAnswerView } from "../adminActions.js";
import { html, type SafeHtml } from "../html.js";

/** Channels where the bot answers without being asked; "not set up" until the store keeps such settings. */
export function autoAnswerPage(channels: readonly AutoAnswerView[] | undefined): SafeHtml {
  if (channels === undefined) return html`<p>Auto-answer is not set up on this bot yet.</p>`;
  if (channels.length === 0) return html`<p>Auto-answer is off in every channel.</p>`;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">Channel</th>
        <th scope="col">Threshold</th>
        <th scope="col">Back-off</th>
      </tr>
    </thead>
    <tbody>
      ${channels.map(
        (c) =>
          html`<tr>
            <td>${c.channel}</td>
            <td>${c.threshold ?? "default"}</td>
            <td>${c.backOffSeconds === undefined ? "default" : `${c.backOffSeconds} s`}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
